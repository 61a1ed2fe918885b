// The "previous period" of a board's first digest, seeded from the plan's own rating history: an export with
// "RAG Initial" / "RAG 01/18" columns is imported as one status update per period (oldest first), so the
// rating before the latest imported one is the plan's previous period.
import type { MilestoneFact, PlanFacts, statusCache, UpdateFact } from "./facts.js";

/** The previous period's status key per milestone position (undefined: none), and where it comes from. */
export interface HistoryPrevious {
  asOf: string;
  keyAt: (string | undefined)[];
  label: string;
  source: "history";
}

/**
 * Statuses of the previous rating period as of `since`: per milestone, the last chat update at or before
 * `since`, or — when there is none — the imported rating before the latest imported one (the rating history
 * describes the plan's periods whenever the export was imported). Null when no milestone in scope has any
 * earlier rating (then the digest says there is no previous period). `at` is each update's milestone position
 * in `milestones` (-1: not in scope; positions.ts updatePositions).
 */
export function historyPrevious(
  facts: PlanFacts,
  milestones: MilestoneFact[],
  since: string,
  cached: ReturnType<typeof statusCache>,
  at: Int32Array,
): HistoryPrevious | null {
  const lists = new Array<UpdateFact[] | undefined>(milestones.length).fill(undefined);
  // positions in the order of their first update, so ties between periods go to the one met first
  const order: number[] = [];
  const updates = facts.updates;
  for (let k = 0; k < updates.length; k++) {
    const u = updates[k] as UpdateFact;
    const i = at[k] as number;
    if ((u.source !== "import" && u.createdAt > since) || i < 0) continue;
    const l = lists[i];
    if (l) l.push(u);
    else {
      lists[i] = [u];
      order.push(i);
    }
  }
  const keyAt = new Array<string | undefined>(milestones.length).fill(undefined);
  let found = 0;
  const periods = new Map<string, number>();
  for (const i of order) {
    const ups = lists[i] as UpdateFact[];
    let prev: UpdateFact | undefined;
    for (let j = ups.length - 1; j >= 0 && !prev; j--) if (ups[j]?.source !== "import") prev = ups[j];
    if (!prev) {
      const imports = ups.filter((u) => u.source === "import");
      prev = imports.length >= 2 ? imports[imports.length - 2] : undefined;
    }
    if (!prev) continue;
    const key = cached(prev).key;
    if (key === "none") continue;
    keyAt[i] = key;
    found++;
    const period = prev.source === "import" && prev.narrative?.startsWith("RAG ") ? prev.narrative : null;
    if (period) periods.set(period, (periods.get(period) ?? 0) + 1);
  }
  if (found === 0) return null;
  const top = [...periods].sort((a, b) => b[1] - a[1])[0]?.[0];
  return {
    asOf: since.slice(0, 10),
    keyAt,
    label: `${top ?? "the earlier rating"}, from the plan's own rating history`,
    source: "history",
  };
}

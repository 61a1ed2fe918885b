// The "previous period" of a board's first digest, seeded from the plan's own rating history: an export with
// "RAG Initial" / "RAG 01/18" columns is imported as one status update per period (oldest first), so the
// rating before the latest imported one is the plan's previous period.
import type { MilestoneFact, PlanFacts, statusCache, UpdateFact } from "./facts.js";
import type { DigestSnapshotRef } from "./types.js";

/**
 * Statuses of the previous rating period as of `since`: per milestone, the last chat update at or before
 * `since`, or — when there is none — the imported rating before the latest imported one (the rating history
 * describes the plan's periods whenever the export was imported). Null when no milestone in scope has any
 * earlier rating (then the digest says there is no previous period).
 */
export function historyPrevious(
  facts: PlanFacts,
  milestones: MilestoneFact[],
  since: string,
  cached: ReturnType<typeof statusCache>,
): Omit<DigestSnapshotRef, "sections" | "score"> | null {
  const inScope = new Set(milestones.map((m) => m.id));
  const byMilestone = new Map<string, UpdateFact[]>();
  for (const u of facts.updates) {
    if ((u.source !== "import" && u.createdAt > since) || !inScope.has(u.milestoneId)) continue;
    let l = byMilestone.get(u.milestoneId);
    if (!l) {
      l = [];
      byMilestone.set(u.milestoneId, l);
    }
    l.push(u);
  }
  const statuses: Record<string, string> = {};
  let found = 0;
  const periods = new Map<string, number>();
  for (const [id, ups] of byMilestone) {
    let prev: UpdateFact | undefined;
    for (let i = ups.length - 1; i >= 0 && !prev; i--) if (ups[i]?.source !== "import") prev = ups[i];
    if (!prev) {
      const imports = ups.filter((u) => u.source === "import");
      prev = imports.length >= 2 ? imports[imports.length - 2] : undefined;
    }
    if (!prev) continue;
    const key = cached(prev).key;
    if (key === "none") continue;
    statuses[id] = key;
    found++;
    const period = prev.source === "import" && prev.narrative?.startsWith("RAG ") ? prev.narrative : null;
    if (period) periods.set(period, (periods.get(period) ?? 0) + 1);
  }
  // a count, not Object.keys: listing a 100,000-key object sorts its keys (n log n) and copies them
  if (found === 0) return null;
  const top = [...periods].sort((a, b) => b[1] - a[1])[0]?.[0];
  return {
    asOf: since.slice(0, 10),
    statuses,
    label: `${top ?? "the earlier rating"}, from the plan's own rating history`,
    source: "history",
  };
}

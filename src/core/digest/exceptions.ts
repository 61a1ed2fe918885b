// What a board must look at first: red items, overdue items with the latest word on them, escalations and
// ratings that contradict the dates ("on track", 662 days overdue); and inspection-recommendation coverage.
import { dayNumber, excerpt, isOpen, type MilestoneFact, type PlanFacts, type UpdateFact } from "./facts.js";
import type { UpdatesAt } from "./positions.js";
import type { ContradictionItem, DigestItem, DigestModel, EscalationItem, ExceptionItem, RecommendationRow } from "./types.js";

export function whoOf(u: { byName: string | null; onBehalfOfName: string | null } | undefined): string | null {
  if (!u?.byName) return u?.onBehalfOfName ?? null;
  return u.onBehalfOfName && u.onBehalfOfName !== u.byName ? `${u.byName} on behalf of ${u.onBehalfOfName}` : u.byName;
}

/** Updates per milestone (oldest first), up to `until`. */
export function updatesByMilestone(updates: UpdateFact[], until: string): Map<string, UpdateFact[]> {
  const out = new Map<string, UpdateFact[]>();
  for (const u of updates) {
    if (u.createdAt > until) continue;
    const l = out.get(u.milestoneId);
    if (l) l.push(u);
    else out.set(u.milestoneId, [u]);
  }
  return out;
}

export interface ExceptionInput {
  facts: PlanFacts;
  milestones: MilestoneFact[];
  asOf: string;
  since: string;
  until: string;
  item: (m: MilestoneFact) => DigestItem;
  /** per milestone position: its updates up to `until`, and the positions in order of first update (positions.ts) */
  ups: UpdatesAt;
  /** milestone id -> position in `milestones` (positions.ts positionsOf) */
  pos: Map<string, number>;
}

/** The latest progress narrative (or the imported "latest update") and when it was written. */
function latestWord(m: MilestoneFact, ups: UpdateFact[] | undefined): { text: string | null; at: string | null } {
  for (let i = (ups?.length ?? 0) - 1; i >= 0; i--) {
    const u = (ups as UpdateFact[])[i] as UpdateFact;
    const t = u.blockers || u.narrative;
    if (t && !(u.source === "import" && t.startsWith("RAG "))) return { text: excerpt(t, 200), at: u.createdAt.slice(0, 10) };
  }
  return { text: excerpt(m.latestUpdate, 200), at: null };
}

export function buildExceptions(input: ExceptionInput): DigestModel["exceptions"] {
  const { milestones, asOf, since, until, item, ups, pos } = input;
  const today = dayNumber(asOf);
  const red: ExceptionItem[] = [];
  const overdue: ExceptionItem[] = [];
  const contradictions: ContradictionItem[] = [];
  const escalations: EscalationItem[] = [];
  const byId = (id: string) => {
    const i = pos.get(id);
    return i === undefined ? undefined : milestones[i];
  };
  for (let mi = 0; mi < milestones.length; mi++) {
    const m = milestones[mi] as MilestoneFact;
    if (!isOpen(m) || m.paused) continue;
    const days = m.due && m.due < asOf ? today - dayNumber(m.due) : 0;
    const isRed = m.status === "off_track";
    if (!isRed && days === 0) continue;
    // fields set on the item itself (no spread copy per item: a 20,000-milestone plan has thousands of these)
    const w = latestWord(m, ups.lists[mi]);
    const e = item(m) as ExceptionItem;
    e.daysOverdue = days;
    e.latestUpdate = w.text;
    e.latestAt = w.at;
    if (isRed) red.push(e);
    else overdue.push(e);
    if (days > 0 && m.status === "on_track") {
      const c = item(m) as ContradictionItem;
      c.daysOverdue = days;
      c.says = c.status;
      contradictions.push(c);
    }
  }
  // escalations: what people raised in this period, and chasers that went unanswered up the line
  for (const mi of ups.order) {
    const m = milestones[mi] as MilestoneFact;
    for (const u of ups.lists[mi] as UpdateFact[]) {
      if (u.createdAt <= since || u.createdAt > until || !u.blockers) continue;
      escalations.push({
        ...item(m),
        text: excerpt(u.blockers, 200) as string,
        by: whoOf(u),
        at: u.createdAt.slice(0, 10),
        kind: "raised",
      });
    }
  }
  const people = new Map(input.facts.people.map((p) => [p.id, p.name]));
  const seen = new Set<string>();
  for (const r of input.facts.reminders) {
    if (r.kind !== "escalation" || r.plannedFor <= since || r.plannedFor > until) continue;
    for (const mid of r.milestoneIds) {
      const m = byId(mid);
      if (!m || !isOpen(m) || seen.has(`${mid}:${r.recipientId}`)) continue;
      seen.add(`${mid}:${r.recipientId}`);
      const to = people.get(r.recipientId) ?? "the lead";
      const from = r.onBehalfOfId ? (people.get(r.onBehalfOfId) ?? null) : null;
      escalations.push({
        ...item(m),
        text: `escalated to ${to}: reminders to ${from ?? "the owner"} went unanswered`,
        by: null,
        at: r.plannedFor.slice(0, 10),
        kind: "unanswered",
      });
    }
  }
  red.sort((a, b) => b.daysOverdue - a.daysOverdue);
  overdue.sort((a, b) => b.daysOverdue - a.daysOverdue);
  contradictions.sort((a, b) => b.daysOverdue - a.daysOverdue);
  escalations.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return { red, overdue, escalations, contradictions };
}

const RECO = /\b(?:ofsted\s+)?rec(?:c?o(?:mmendation)?s?|s)?\.?\s*(?:no\.?\s*)?(\d{1,3}[a-z]?)\b/i;

/** "Recommendation 14" for text that names an inspection recommendation by number ("Ofsted recco14 ..."). */
export function recommendationRef(text: string | null | undefined): string | null {
  if (!text) return null;
  const m = RECO.exec(text);
  return m ? `Recommendation ${m[1]}` : null;
}

/** Per recommendation: how many milestones answer it, how many are complete or overdue, the worst status. */
export function recommendationCoverage(
  milestones: MilestoneFact[],
  asOf: string,
  wordsOf: (m: MilestoneFact) => string,
): RecommendationRow[] | null {
  const RANK: Record<string, number> = { off_track: 0, at_risk: 1, not_started: 2, unknown: 3, on_track: 4, complete: 5 };
  const rows = new Map<string, RecommendationRow & { rank: number }>();
  for (const m of milestones) {
    const text = m.recommendation?.trim();
    if (!text) continue;
    const ref = recommendationRef(text) ?? (excerpt(text, 60) as string);
    let r = rows.get(ref);
    if (!r) {
      r = { ref, text: excerpt(text, 300) as string, milestones: 0, complete: 0, overdue: 0, worst: "", rank: 9 };
      rows.set(ref, r);
    }
    r.milestones++;
    if (!isOpen(m)) r.complete++;
    else {
      if (m.due && m.due < asOf) r.overdue++;
      const rank = RANK[m.status] ?? 3;
      if (rank < r.rank) {
        r.rank = rank;
        r.worst = wordsOf(m);
      }
    }
  }
  if (rows.size === 0) return null;
  const num = (s: string) => Number(/\d+/.exec(s)?.[0] ?? Number.MAX_SAFE_INTEGER);
  return [...rows.values()].sort((a, b) => num(a.ref) - num(b.ref) || a.ref.localeCompare(b.ref)).map(({ rank: _, ...r }) => r);
}

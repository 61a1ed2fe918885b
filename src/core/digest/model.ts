// The board digest as data: built from plan facts as of a date and the previous snapshot the board was shown.
// Pure; digestCard (card.ts) renders it, services/digest.ts stores it as the immutable snapshot.
import type { Scale } from "../status.js";
import { changesSince, missingUpdates, revisionsOf } from "./changes.js";
import { buildExceptions, recommendationCoverage } from "./exceptions.js";
import {
  addDays,
  dayNumber,
  daysBetween,
  isOpen,
  isOverdue,
  type MilestoneFact,
  optionOf,
  type PlanFacts,
  type SectionFact,
  statusCache,
  statusWords,
} from "./facts.js";
import { positionsOf, refRankAt, sortByRank, updatePositions, updatesAt, usedPositions } from "./positions.js";
import { historyPrevious } from "./previous.js";
import { sectionHeading, sectionShort, sectionWordOf } from "./sections.js";
import type {
  DigestItem,
  DigestModel,
  DigestSnapshotRef,
  Direction,
  DueSoonItem,
  OverdueItem,
  SectionRow,
  SlipItem,
  StatusCount,
  UnownedItem,
} from "./types.js";

export { cmpRef, statusCache, statusKey } from "./facts.js";

export type {
  ChangeItem,
  ChangeKind,
  ContradictionItem,
  Coverage,
  DigestItem,
  DigestModel,
  DigestSnapshotRef,
  Direction,
  DueSoonItem,
  EscalationItem,
  ExceptionItem,
  MissingItem,
  OverdueItem,
  PreviousPeriod,
  RecommendationRow,
  Revision,
  SectionRow,
  SlipItem,
  StatusCount,
  UnownedItem,
} from "./types.js";

export interface DigestInput {
  board: { id: string; name: string; sections: string[] | null };
  facts: PlanFacts;
  /** YYYY-MM-DD */
  asOf: string;
  previous: DigestSnapshotRef | null;
  /** days ahead for "due soon" (default 14) */
  dueWindowDays?: number;
  /** when there is no previous digest, changes and reminders in this many days before asOf count (default 7) */
  firstWindowDays?: number;
}

export const DUE_WINDOW_DAYS = 14;

function emptyCounts(scale: Scale): StatusCount[] {
  const out: StatusCount[] = scale.options.map((o) => ({ key: o.id, label: o.label, status: o.status, tone: o.tone, count: 0 }));
  out.push({ key: "none", label: "No status", status: "unknown", tone: "neutral", count: 0 });
  return out;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

export function direction(current: number | null, previous: number | null): Direction {
  if (current === null || previous === null) return "new";
  const c = round1(current);
  const p = round1(previous);
  return c > p ? "up" : c < p ? "down" : "flat";
}

class ScoreAcc {
  sum = 0;
  n = 0;
  add(v: number | null): void {
    if (v !== null) {
      this.sum += v;
      this.n++;
    }
  }
  get value(): number | null {
    return this.n ? round1(this.sum / this.n) : null;
  }
}

const endOfDay = (d: string): string => `${d}T23:59:59.999Z`;

/** Milestones in the board's scope: the whole plan, or the sections whose numbers the board lists. */
export function inScope(facts: PlanFacts, sections: string[] | null): { sections: SectionFact[]; milestones: MilestoneFact[] } {
  if (!sections || sections.length === 0) return { sections: facts.sections, milestones: facts.milestones };
  const wanted = new Set(sections.map((s) => s.trim().toLowerCase()));
  const secs = facts.sections.filter((s) => (s.number && wanted.has(s.number.toLowerCase())) || wanted.has(s.label.toLowerCase()));
  const ids = new Set(secs.map((s) => s.id));
  return { sections: secs, milestones: facts.milestones.filter((m) => m.sectionId !== null && ids.has(m.sectionId)) };
}

function newRow(s: { id: string | null; number: string | null; heading: string; short: string }, scale: Scale): SectionRow {
  return {
    sectionId: s.id,
    number: s.number,
    heading: s.heading,
    short: s.short,
    total: 0,
    rated: 0,
    counts: emptyCounts(scale),
    previousCounts: null,
    score: null,
    previousScore: null,
    direction: "new",
  };
}

export function buildDigestModel(input: DigestInput): DigestModel {
  const { facts, asOf } = input;
  const scale = facts.plan.scale;
  const dueWindow = input.dueWindowDays ?? DUE_WINDOW_DAYS;
  const since = input.previous ? endOfDay(input.previous.asOf) : endOfDay(addDays(asOf, -(input.firstWindowDays ?? 7)));
  const until = endOfDay(asOf);
  const word = sectionWordOf(facts.sections);
  const scope = inScope(facts, input.board.sections);
  const cached = statusCache(scale);
  const ms = scope.milestones;
  // milestones by position from here on: one id -> position map, then arrays (no other table keyed by id)
  const pos = positionsOf(ms);
  const upAt = updatePositions(facts.updates, pos);
  // first digest: the previous period comes from the plan's own rating history when it has one
  const seeded = input.previous ? null : historyPrevious(facts, ms, since, cached, upAt);
  const previous: Pick<DigestSnapshotRef, "asOf" | "source"> | null = input.previous ?? seeded;
  // each milestone's status in the previous period, looked up by id once
  let prevKeyAt: (string | undefined)[] | null = seeded ? seeded.keyAt : null;
  if (input.previous) {
    const st = input.previous.statuses;
    prevKeyAt = new Array<string | undefined>(ms.length);
    for (let i = 0; i < ms.length; i++) prevKeyAt[i] = st[(ms[i] as MilestoneFact).id];
  }
  const secById = new Map(scope.sections.map((s) => [s.id, s]));
  const headingCache = new Map<string | null, string>();
  const headingOf = (id: string | null) => {
    let h = headingCache.get(id);
    if (h === undefined) {
      const s = id ? secById.get(id) : undefined;
      h = s ? sectionHeading(s, word) : "No section";
      headingCache.set(id, h);
    }
    return h;
  };
  // status -> label -> words: no key string is built per milestone
  const wordsCache = new Map<string, Map<string, string>>();
  const wordsOf = (m: MilestoneFact) => {
    let byLabel = wordsCache.get(m.status);
    if (!byLabel) {
      byLabel = new Map();
      wordsCache.set(m.status, byLabel);
    }
    const l = m.statusLabel ?? "";
    let w = byLabel.get(l);
    if (w === undefined) {
      w = statusWords(scale, m.status, m.statusLabel);
      byLabel.set(l, w);
    }
    return w;
  };

  const counts = emptyCounts(scale);
  const countIdx = new Map(counts.map((c, i) => [c.key, i]));
  const scoreOfKey = new Map(scale.options.map((o) => [o.id, o.score]));
  const total = new ScoreAcc();
  const prevTotal = new ScoreAcc();
  const prevCounts = previous ? emptyCounts(scale) : null;
  const rows = new Map<string, { row: SectionRow; acc: ScoreAcc; prev: ScoreAcc }>();
  for (const s of [...scope.sections].sort((a, b) => a.position - b.position)) {
    const row = newRow({ id: s.id, number: s.number, heading: sectionHeading(s, word), short: sectionShort(s, word) }, scale);
    rows.set(s.id, { row, acc: new ScoreAcc(), prev: new ScoreAcc() });
  }
  const statuses: Record<string, string> = {};
  const overdue: OverdueItem[] = [];
  const dueSoon: DueSoonItem[] = [];
  const slipped: SlipItem[] = [];
  const unowned: UnownedItem[] = [];
  // each list's milestone positions, in step with the list (for the ref order below)
  const overdueAt: number[] = [];
  const dueSoonAt: number[] = [];
  const slippedAt: number[] = [];
  const unownedAt: number[] = [];
  const soonEnd = addDays(asOf, dueWindow);
  const ups = updatesAt(facts.updates, upAt, ms.length, until);
  const item = (m: MilestoneFact): DigestItem => {
    const owners = new Array<string>(m.owners.length);
    for (let i = 0; i < owners.length; i++) owners[i] = m.owners[i]!.name;
    const it: DigestItem = {
      milestoneId: m.id,
      ref: m.ref,
      actionTitle: m.actionTitle,
      title: m.title,
      owners,
      section: headingOf(m.sectionId),
      due: m.due,
      dueRaw: m.dueRaw,
      status: wordsOf(m),
    };
    // a rating written as a sentence is shown as written beside the status it states
    if (m.statusLabel && m.statusLabel.length > 24 && !optionOf(scale, "unknown", m.statusLabel)) it.statusNote = m.statusLabel;
    return it;
  };
  const asOfDay = dayNumber(asOf);

  let open = 0;
  let rated = 0;
  let scored = 0;
  for (let mi = 0; mi < ms.length; mi++) {
    const m = ms[mi] as MilestoneFact;
    const { key, score: sc } = cached(m);
    statuses[m.id] = key;
    counts[countIdx.get(key) as number]!.count++;
    total.add(sc);
    if (key !== "none") rated++;
    if (sc !== null) scored++;
    const rk = m.sectionId ?? "";
    let r = rows.get(rk);
    if (!r) {
      r = {
        row: newRow({ id: null, number: null, heading: "No section", short: "No section" }, scale),
        acc: new ScoreAcc(),
        prev: new ScoreAcc(),
      };
      rows.set(rk, r);
    }
    r.row.total++;
    if (key !== "none") r.row.rated++;
    r.row.counts[countIdx.get(key) as number]!.count++;
    r.acc.add(sc);
    if (prevKeyAt && prevCounts) {
      const pk = prevKeyAt[mi];
      if (pk !== undefined && countIdx.has(pk)) {
        r.row.previousCounts ??= emptyCounts(scale);
        r.row.previousCounts[countIdx.get(pk) as number]!.count++;
        prevCounts[countIdx.get(pk) as number]!.count++;
        const ps = scoreOfKey.get(pk) ?? null;
        r.prev.add(ps);
        prevTotal.add(ps);
      }
    }
    if (isOpen(m)) open++;
    // the item's own fields first, then the list's (same key order as spreading item(m) into a literal)
    if (isOverdue(m, asOf)) {
      const it = item(m) as OverdueItem;
      it.daysOverdue = asOfDay - dayNumber(m.due as string);
      overdue.push(it);
      overdueAt.push(mi);
    } else if (isOpen(m) && m.due !== null && m.due >= asOf && m.due <= soonEnd) {
      const it = item(m) as DueSoonItem;
      it.daysToDue = dayNumber(m.due) - asOfDay;
      dueSoon.push(it);
      dueSoonAt.push(mi);
    }
    if (m.unowned && isOpen(m) && m.unowned.since.slice(0, 10) <= asOf) {
      const it = item(m) as UnownedItem;
      it.since = m.unowned.since.slice(0, 10);
      it.daysUnowned = Math.max(0, asOfDay - dayNumber(it.since));
      it.disownedBy = m.unowned.by;
      it.with = m.unowned.with;
      unowned.push(it);
      unownedAt.push(mi);
    }
    if (m.baselineDue && m.due && m.due > m.baselineDue) {
      const it = item(m) as SlipItem;
      it.baselineDue = m.baselineDue;
      it.reason = m.revisedReason;
      it.revisions = revisionsOf(m, ups.lists[mi]);
      it.timesMoved = Math.max(1, m.revisionCount, it.revisions.length);
      it.daysSlipped = daysBetween(m.baselineDue, m.due);
      slipped.push(it);
      slippedAt.push(mi);
    }
  }

  // a stored previous digest carries its own scores; a seeded one is scored here from its statuses
  const fromDigest = input.previous !== null;
  const prevSection = new Map((input.previous?.sections ?? []).map((s) => [s.sectionId ?? "", s.score]));
  const sections = [...rows.values()].map(({ row, acc, prev }) => {
    row.score = acc.value;
    row.previousScore = fromDigest ? (prevSection.get(row.sectionId ?? "") ?? null) : previous ? prev.value : null;
    row.direction = direction(row.score, row.previousScore);
    return row;
  });

  const changedAt: number[] = [];
  const changed = changesSince({
    facts,
    milestones: ms,
    item,
    since,
    until,
    cached,
    ups: ups.lists,
    previousKeyAt: prevKeyAt,
    previousSource: previous?.source ?? null,
    at: changedAt,
  });
  const missing = missingUpdates(facts, ms, since, until);
  const exceptions = buildExceptions({ facts, milestones: ms, asOf, since, until, item, ups, pos });

  // cmpRef order through a rank per milestone computed once (equal refs share a rank): comparators subtract numbers
  const rank = refRankAt(ms, usedPositions(ms.length, overdueAt, dueSoonAt, slippedAt, changedAt, unownedAt));
  sortByRank(overdue, overdueAt, rank, (x) => -x.daysOverdue);
  sortByRank(dueSoon, dueSoonAt, rank, (x) => x.daysToDue);
  sortByRank(
    slipped,
    slippedAt,
    rank,
    (x) => -x.timesMoved,
    (x) => -x.daysSlipped,
  );
  sortByRank(changed, changedAt, rank);
  sortByRank(unowned, unownedAt, rank, (x) => -x.daysUnowned);

  const current = total.value;
  const prevScore = fromDigest ? (input.previous?.score ?? null) : previous ? prevTotal.value : null;
  const ex = exceptions;
  return {
    version: 2,
    board: { id: input.board.id, name: input.board.name },
    plan: {
      id: facts.plan.id,
      key: facts.plan.key,
      name: facts.plan.name,
      scaleId: scale.id,
      scoreName: scale.scoreName,
      sectionWord: word,
    },
    asOf,
    previousAsOf: input.previous?.asOf ?? null,
    previous: input.previous
      ? { asOf: input.previous.asOf, label: `the digest presented on ${input.previous.asOf}`, source: "digest" }
      : seeded
        ? { asOf: null, label: seeded.label ?? "the plan's rating history", source: "history" }
        : null,
    scope: { sections: input.board.sections },
    totals: {
      milestones: scope.milestones.length,
      open,
      overdue: overdue.length,
      dueSoon: dueSoon.length,
      changed: changed.length,
      slipped: slipped.length,
      noAnswer: missing.filter((x) => x.reason === "no_answer").length,
      noChat: missing.filter((x) => x.reason === "no_chat").length,
      exceptions: ex.red.length + ex.overdue.length + ex.escalations.length + ex.contradictions.length,
    },
    counts,
    previousCounts: prevCounts,
    score: { current, previous: prevScore, direction: previous ? direction(current, prevScore) : "new" },
    coverage: { total: scope.milestones.length, rated, scored },
    sections,
    exceptions,
    overdue,
    dueSoon,
    changed,
    slipped,
    missing,
    unowned,
    recommendations: recommendationCoverage(scope.milestones, asOf, wordsOf),
    statuses,
  };
}

/** The part of a model kept to compare the next digest with. */
export function snapshotRef(model: Pick<DigestModel, "asOf" | "score" | "sections" | "statuses">): DigestSnapshotRef {
  return {
    asOf: model.asOf,
    score: model.score.current,
    sections: model.sections.map((s) => ({ sectionId: s.sectionId, score: s.score })),
    statuses: model.statuses,
    source: "digest",
  };
}

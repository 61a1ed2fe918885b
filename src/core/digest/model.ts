// The board digest as data: built from plan facts as of a date and the previous snapshot the board was shown.
// Pure; digestCard (card.ts) renders it, services/digest.ts stores it as the immutable snapshot.
import type { Tone } from "../cards/model.js";
import type { Scale, Status } from "../status.js";
import { changesSince, missingUpdates } from "./changes.js";
import {
  addDays,
  dayNumber,
  daysBetween,
  isOpen,
  isOverdue,
  type MilestoneFact,
  type PersonMention,
  type PlanFacts,
  refRanks,
  type SectionFact,
  statusCache,
  statusWords,
} from "./facts.js";
import { sectionHeading, sectionShort, sectionWordOf } from "./sections.js";

export { cmpRef, statusCache, statusKey } from "./facts.js";

export type Direction = "up" | "down" | "flat" | "new";

export interface StatusCount {
  /** scale option id; "none" for milestones with no rating */
  key: string;
  label: string;
  status: Status;
  tone: Tone;
  count: number;
}

export interface SectionRow {
  sectionId: string | null;
  number: string | null;
  heading: string;
  /** "Priority 3" for charts and tables */
  short: string;
  total: number;
  counts: StatusCount[];
  score: number | null;
  previousScore: number | null;
  direction: Direction;
}

export interface DigestItem {
  milestoneId: string;
  ref: string | null;
  actionTitle: string;
  title: string;
  owners: string[];
  section: string;
  due: string | null;
  dueRaw: string | null;
  status: string;
}

export interface OverdueItem extends DigestItem {
  daysOverdue: number;
}
export interface DueSoonItem extends DigestItem {
  daysToDue: number;
}
export interface ChangeItem extends DigestItem {
  from: string;
  to: string;
  /** who recorded the change ("Kara Haskayne", "Joe Tynan on behalf of S Murphy"); null when unknown */
  by: string | null;
  at: string | null;
  narrative: string | null;
}
export interface SlipItem extends DigestItem {
  baselineDue: string;
  reason: string | null;
  timesMoved: number;
  daysSlipped: number;
}
export interface MissingItem {
  personId: string;
  name: string;
  reason: "no_answer" | "no_chat";
  /** open milestones in scope the person was asked about and has not updated (no_answer) or owns (no_chat) */
  items: number;
  askedOn: string | null;
  /** present only for people who opted in to @mentions (no_answer): the digest mentions them, others get their name */
  mention?: PersonMention;
}

export interface DigestSnapshotRef {
  asOf: string;
  score: number | null;
  sections: { sectionId: string | null; score: number | null }[];
  /** milestone id -> status key at that digest */
  statuses: Record<string, string>;
}

export interface DigestModel {
  version: 1;
  board: { id: string; name: string };
  plan: { id: string; key: string; name: string; scaleId: string; scoreName: string; sectionWord: string };
  asOf: string;
  previousAsOf: string | null;
  scope: { sections: string[] | null };
  totals: {
    milestones: number;
    open: number;
    overdue: number;
    dueSoon: number;
    changed: number;
    slipped: number;
    noAnswer: number;
    noChat: number;
  };
  counts: StatusCount[];
  score: { current: number | null; previous: number | null; direction: Direction };
  sections: SectionRow[];
  overdue: OverdueItem[];
  dueSoon: DueSoonItem[];
  changed: ChangeItem[];
  slipped: SlipItem[];
  missing: MissingItem[];
  /** milestone id -> status key, kept in the snapshot so the next digest can tell what changed */
  statuses: Record<string, string>;
}

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

export function buildDigestModel(input: DigestInput): DigestModel {
  const { facts, asOf, previous } = input;
  const scale = facts.plan.scale;
  const dueWindow = input.dueWindowDays ?? DUE_WINDOW_DAYS;
  const since = previous ? endOfDay(previous.asOf) : endOfDay(addDays(asOf, -(input.firstWindowDays ?? 7)));
  const until = endOfDay(asOf);
  const word = sectionWordOf(facts.sections);
  const scope = inScope(facts, input.board.sections);
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
  const total = new ScoreAcc();
  const rows = new Map<string, { row: SectionRow; acc: ScoreAcc }>();
  for (const s of [...scope.sections].sort((a, b) => a.position - b.position)) {
    rows.set(s.id, {
      row: {
        sectionId: s.id,
        number: s.number,
        heading: sectionHeading(s, word),
        short: sectionShort(s, word),
        total: 0,
        counts: emptyCounts(scale),
        score: null,
        previousScore: null,
        direction: "new",
      },
      acc: new ScoreAcc(),
    });
  }
  const statuses: Record<string, string> = {};
  const overdue: OverdueItem[] = [];
  const dueSoon: DueSoonItem[] = [];
  const slipped: SlipItem[] = [];
  const soonEnd = addDays(asOf, dueWindow);
  const item = (m: MilestoneFact): DigestItem => {
    const owners = new Array<string>(m.owners.length);
    for (let i = 0; i < owners.length; i++) owners[i] = m.owners[i]!.name;
    return {
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
  };
  const asOfDay = dayNumber(asOf);

  let open = 0;
  const cached = statusCache(scale);
  for (const m of scope.milestones) {
    const { key, score: sc } = cached(m);
    statuses[m.id] = key;
    counts[countIdx.get(key) as number]!.count++;
    total.add(sc);
    const rk = m.sectionId ?? "";
    let r = rows.get(rk);
    if (!r) {
      r = {
        row: {
          sectionId: null,
          number: null,
          heading: "No section",
          short: "No section",
          total: 0,
          counts: emptyCounts(scale),
          score: null,
          previousScore: null,
          direction: "new",
        },
        acc: new ScoreAcc(),
      };
      rows.set(rk, r);
    }
    r.row.total++;
    r.row.counts[countIdx.get(key) as number]!.count++;
    r.acc.add(sc);
    if (isOpen(m)) open++;
    // the item's own fields first, then the list's (same key order as spreading item(m) into a literal)
    if (isOverdue(m, asOf)) {
      const it = item(m) as OverdueItem;
      it.daysOverdue = asOfDay - dayNumber(m.due as string);
      overdue.push(it);
    } else if (isOpen(m) && m.due !== null && m.due >= asOf && m.due <= soonEnd) {
      const it = item(m) as DueSoonItem;
      it.daysToDue = dayNumber(m.due) - asOfDay;
      dueSoon.push(it);
    }
    if (m.baselineDue && m.due && m.due > m.baselineDue) {
      const it = item(m) as SlipItem;
      it.baselineDue = m.baselineDue;
      it.reason = m.revisedReason;
      it.timesMoved = Math.max(1, m.revisionCount);
      it.daysSlipped = daysBetween(m.baselineDue, m.due);
      slipped.push(it);
    }
  }

  const prevSection = new Map((previous?.sections ?? []).map((s) => [s.sectionId ?? "", s.score]));
  const sections = [...rows.values()].map(({ row, acc }) => {
    row.score = acc.value;
    row.previousScore = previous ? (prevSection.get(row.sectionId ?? "") ?? null) : null;
    row.direction = direction(row.score, row.previousScore);
    return row;
  });

  const changed = changesSince(input, scope.milestones, item, since, until, cached);
  const missing = missingUpdates(facts, scope.milestones, since, until);

  // cmpRef order through ranks computed once (equal refs share a rank), so the comparators only subtract numbers
  const rankOf = refRanks(scope.milestones.map((m) => m.ref));
  const byRank = <T extends DigestItem>(list: T[], cmp: (a: T, b: T) => number): void => {
    const dec = list.map((x) => ({ x, r: rankOf(x.ref) }));
    dec.sort((a, b) => cmp(a.x, b.x) || a.r - b.r);
    for (let i = 0; i < dec.length; i++) list[i] = dec[i]!.x;
  };
  byRank(overdue, (a, b) => b.daysOverdue - a.daysOverdue);
  byRank(dueSoon, (a, b) => a.daysToDue - b.daysToDue);
  byRank(slipped, (a, b) => b.timesMoved - a.timesMoved || b.daysSlipped - a.daysSlipped);

  const current = total.value;
  const prevScore = previous?.score ?? null;
  return {
    version: 1,
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
    previousAsOf: previous?.asOf ?? null,
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
    },
    counts,
    score: { current, previous: previous ? prevScore : null, direction: previous ? direction(current, prevScore) : "new" },
    sections,
    overdue,
    dueSoon,
    changed,
    slipped,
    missing,
    statuses,
  };
}

/** The part of a model kept to compare the next digest with. */
export function snapshotRef(model: DigestModel): DigestSnapshotRef {
  return {
    asOf: model.asOf,
    score: model.score.current,
    sections: model.sections.map((s) => ({ sectionId: s.sectionId, score: s.score })),
    statuses: model.statuses,
  };
}

// The board digest as data: built from plan facts as of a date and the previous snapshot the board was shown.
// Pure; digestCard (card.ts) renders it, services/digest.ts stores it as the immutable snapshot.
import type { Tone } from "../cards/model.js";
import type { Scale, Status } from "../status.js";
import {
  addDays,
  daysBetween,
  excerpt,
  isOpen,
  isOverdue,
  type MilestoneFact,
  optionOf,
  type PlanFacts,
  type SectionFact,
  statusWords,
} from "./facts.js";
import { sectionHeading, sectionShort, sectionWordOf } from "./sections.js";

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

export function statusKey(scale: Scale, m: Pick<MilestoneFact, "status" | "statusLabel">): string {
  return optionOf(scale, m.status, m.statusLabel)?.id ?? "none";
}

/** statusKey + score, cached per (status, label): plans repeat a handful of combinations thousands of times. */
export function statusCache(scale: Scale): (m: Pick<MilestoneFact, "status" | "statusLabel">) => { key: string; score: number | null } {
  const cache = new Map<string, { key: string; score: number | null }>();
  return (m) => {
    const k = `${m.status}\u0000${m.statusLabel ?? ""}`;
    let v = cache.get(k);
    if (!v) {
      const o = optionOf(scale, m.status, m.statusLabel);
      v = { key: o?.id ?? "none", score: o?.score ?? null };
      cache.set(k, v);
    }
    return v;
  };
}

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
  const wordsCache = new Map<string, string>();
  const wordsOf = (m: MilestoneFact) => {
    const k = `${m.status}\u0000${m.statusLabel ?? ""}`;
    let w = wordsCache.get(k);
    if (w === undefined) {
      w = statusWords(scale, m.status, m.statusLabel);
      wordsCache.set(k, w);
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
  const item = (m: MilestoneFact): DigestItem => ({
    milestoneId: m.id,
    ref: m.ref,
    actionTitle: m.actionTitle,
    title: m.title,
    owners: m.owners.map((o) => o.name),
    section: headingOf(m.sectionId),
    due: m.due,
    dueRaw: m.dueRaw,
    status: wordsOf(m),
  });

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
    if (isOverdue(m, asOf)) overdue.push({ ...item(m), daysOverdue: daysBetween(m.due as string, asOf) });
    else if (isOpen(m) && m.due !== null && m.due >= asOf && m.due <= soonEnd)
      dueSoon.push({ ...item(m), daysToDue: daysBetween(asOf, m.due) });
    if (m.baselineDue && m.due && m.due > m.baselineDue) {
      slipped.push({
        ...item(m),
        baselineDue: m.baselineDue,
        reason: m.revisedReason,
        timesMoved: Math.max(1, m.revisionCount),
        daysSlipped: daysBetween(m.baselineDue, m.due),
      });
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

  overdue.sort((a, b) => b.daysOverdue - a.daysOverdue || cmpRef(a.ref, b.ref));
  dueSoon.sort((a, b) => a.daysToDue - b.daysToDue || cmpRef(a.ref, b.ref));
  slipped.sort((a, b) => b.timesMoved - a.timesMoved || b.daysSlipped - a.daysSlipped || cmpRef(a.ref, b.ref));

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

const isDigit = (c: number) => c >= 48 && c <= 57;

/** Natural order of refs: "2.10" after "2.9", "N7" before "N12" (hand-rolled: Intl collation is slow on big lists). */
export function cmpRef(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      let ei = i;
      let ej = j;
      while (ei < a.length && isDigit(a.charCodeAt(ei))) ei++;
      while (ej < b.length && isDigit(b.charCodeAt(ej))) ej++;
      const na = Number(a.slice(i, ei));
      const nb = Number(b.slice(j, ej));
      if (na !== nb) return na - nb;
      i = ei;
      j = ej;
      continue;
    }
    const la = ca >= 65 && ca <= 90 ? ca + 32 : ca;
    const lb = cb >= 65 && cb <= 90 ? cb + 32 : cb;
    if (la !== lb) return la - lb;
    i++;
    j++;
  }
  return a.length - i - (b.length - j);
}

function whoOf(u: { byName: string | null; onBehalfOfName: string | null } | undefined): string | null {
  if (!u?.byName) return u?.onBehalfOfName ?? null;
  return u.onBehalfOfName && u.onBehalfOfName !== u.byName ? `${u.byName} on behalf of ${u.onBehalfOfName}` : u.byName;
}

function changesSince(
  input: DigestInput,
  milestones: MilestoneFact[],
  item: (m: MilestoneFact) => DigestItem,
  since: string,
  until: string,
  cached: ReturnType<typeof statusCache>,
): ChangeItem[] {
  const scale = input.facts.plan.scale;
  const byMilestone = new Map<string, PlanFacts["updates"]>();
  for (const u of input.facts.updates) {
    if (u.createdAt > until) continue;
    let l = byMilestone.get(u.milestoneId);
    if (!l) {
      l = [];
      byMilestone.set(u.milestoneId, l);
    }
    l.push(u);
  }
  const out: ChangeItem[] = [];
  const label = (key: string) => (key === "none" ? "No status" : (scale.options.find((o) => o.id === key)?.label ?? key));
  const NONE: PlanFacts["updates"] = [];
  for (const m of milestones) {
    const ups = byMilestone.get(m.id) ?? NONE;
    const last = ups[ups.length - 1];
    let from: string | undefined;
    if (input.previous) {
      from = input.previous.statuses[m.id];
      if (from === undefined || from === cached(m).key) continue;
    } else {
      // first digest: status changes recorded in the window (not imports), compared with the status before it
      if (!last || last.createdAt <= since) continue;
      let base: PlanFacts["updates"][number] | undefined;
      let recent = false;
      for (const u of ups) {
        if (u.createdAt > since && u.source !== "import") recent = true;
        else base = u;
      }
      if (!recent) continue;
      from = base ? cached(base).key : "none";
      if (from === cached(m).key) continue;
    }
    const cur = cached(m).key;
    const recentNarr = [...ups].reverse().find((u) => u.createdAt > since && u.narrative);
    out.push({
      ...item(m),
      from: label(from),
      to: label(cur),
      by: last && last.createdAt > since ? whoOf(last) : null,
      at: last && last.createdAt > since ? last.createdAt.slice(0, 10) : null,
      narrative: excerpt(recentNarr?.narrative ?? null),
    });
  }
  return out;
}

function missingUpdates(facts: PlanFacts, milestones: MilestoneFact[], since: string, until: string): MissingItem[] {
  const openIds = new Map(milestones.filter(isOpen).map((m) => [m.id, m]));
  const lastUpdate = new Map<string, string>();
  for (const u of facts.updates) {
    if (u.createdAt > until || u.source === "import") continue;
    const prev = lastUpdate.get(u.milestoneId);
    if (!prev || u.createdAt > prev) lastUpdate.set(u.milestoneId, u.createdAt);
  }
  const people = new Map(facts.people.map((p) => [p.id, p]));
  const asked = new Map<string, { items: Set<string>; askedOn: string }>();
  for (const r of facts.reminders) {
    if (r.plannedFor <= since || r.plannedFor > until) continue;
    for (const id of r.milestoneIds) {
      if (!openIds.has(id)) continue;
      const lu = lastUpdate.get(id);
      if (lu && lu >= r.plannedFor) continue;
      const who = r.onBehalfOfId ?? r.recipientId;
      let a = asked.get(who);
      if (!a) {
        a = { items: new Set(), askedOn: r.plannedFor };
        asked.set(who, a);
      }
      a.items.add(id);
      if (r.plannedFor < a.askedOn) a.askedOn = r.plannedFor;
    }
  }
  const out: MissingItem[] = [];
  for (const [pid, a] of asked) {
    out.push({
      personId: pid,
      name: people.get(pid)?.name ?? "Unknown person",
      reason: "no_answer",
      items: a.items.size,
      askedOn: a.askedOn.slice(0, 10),
    });
  }
  const noChat = new Map<string, number>();
  for (const m of openIds.values()) {
    for (const o of m.owners) {
      if (people.get(o.id)?.hasChat) continue;
      noChat.set(o.id, (noChat.get(o.id) ?? 0) + 1);
    }
  }
  for (const [pid, n] of noChat)
    out.push({ personId: pid, name: people.get(pid)?.name ?? pid, reason: "no_chat", items: n, askedOn: null });
  out.sort((a, b) => (a.reason === b.reason ? b.items - a.items || a.name.localeCompare(b.name) : a.reason === "no_answer" ? -1 : 1));
  return out;
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

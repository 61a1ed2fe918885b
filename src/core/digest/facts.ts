// Plain facts about a plan that the digest builder and the question evaluator work on. Services load them from
// the database once (storage/digests.ts loadPlanFacts); everything here is pure data.
import { type Scale, type ScaleOption, type Status, statusText } from "../status.js";

export interface PersonFact {
  id: string;
  name: string;
  /** has a Slack user id, a Teams user id or a Teams conversation: can be reached in chat */
  hasChat: boolean;
  /** set only when the person opted in to @mentions (Person.mentionOptIn) and has a chat user id */
  mention?: PersonMention;
}

/** The chat ids a digest may @mention someone by (only people who opted in have one). */
export interface PersonMention {
  slackUserId: string | null;
  teamsUserId: string | null;
}

export interface SectionFact {
  id: string;
  planId: string;
  /** as the plan writes it: "1. Recruiting, retaining ...", "Theme 1: Strengthening ..." */
  label: string;
  /** "3" for "Priority 3" / "Theme 3"; null when unnumbered */
  number: string | null;
  title: string;
  position: number;
}

export interface MilestoneFact {
  id: string;
  planId: string;
  sectionId: string | null;
  actionId: string;
  ref: string | null;
  actionTitle: string;
  title: string;
  owners: { id: string; name: string }[];
  /** YYYY-MM-DD (current due = revised ?? baseline) */
  due: string | null;
  dueRaw: string | null;
  baselineDue: string | null;
  revisedDue: string | null;
  revisedReason: string | null;
  revisionCount: number;
  status: Status;
  statusLabel: string | null;
  /** ISO timestamp */
  statusAt: string | null;
  latestUpdate: string | null;
  paused: boolean;
  position: number;
  /** the action's outcome, success measures and inspection recommendation as the plan writes them */
  outcome?: string | null;
  successMeasures?: string | null;
  recommendation?: string | null;
  percentComplete?: number | null;
  /** latest "is it making a difference?" narrative */
  impact?: string | null;
  /** set when an owner said "Not mine": nobody is chased for it until it is reassigned (services/notMine.ts) */
  unowned?: UnownedFact;
}

/** A milestone an owner disowned ("Not mine"), waiting to be reassigned. */
export interface UnownedFact {
  /** ISO timestamp of the first "Not mine" */
  since: string;
  /** who said it is not theirs (as the plan names them) */
  by: string | null;
  /** who it went to, to reassign: the action's lead(s), else the plan's administrators (empty: nobody) */
  with: string[];
}

export interface UpdateFact {
  id: string;
  milestoneId: string;
  byId: string | null;
  byName: string | null;
  onBehalfOfId: string | null;
  onBehalfOfName: string | null;
  source: string;
  status: Status;
  statusLabel: string | null;
  narrative: string | null;
  /** ISO timestamp */
  createdAt: string;
  percentComplete?: number | null;
  /** "is it making a difference?" */
  impact?: string | null;
  /** YYYY-MM-DD when the update moved the due date */
  revisedDue?: string | null;
  revisedReason?: string | null;
  /** what the person escalates ("blockers / help needed") */
  blockers?: string | null;
}

export interface ReminderFact {
  id: string;
  kind: string;
  recipientId: string;
  onBehalfOfId: string | null;
  milestoneIds: string[];
  /** ISO timestamp */
  plannedFor: string;
}

export interface PlanFacts {
  plan: { id: string; key: string; name: string; scale: Scale };
  sections: SectionFact[];
  milestones: MilestoneFact[];
  /** status updates, oldest first */
  updates: UpdateFact[];
  reminders: ReminderFact[];
  people: PersonFact[];
}

const MS_DAY = 86_400_000;

const digitAt = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};

export function dayNumber(iso: string): number {
  // fast path for the usual YYYY-MM-DD (no substring numbers); anything else goes the general way below
  const y0 = digitAt(iso, 0);
  const y1 = digitAt(iso, 1);
  const y2 = digitAt(iso, 2);
  const y3 = digitAt(iso, 3);
  const m0 = digitAt(iso, 5);
  const m1 = digitAt(iso, 6);
  const d0 = digitAt(iso, 8);
  const d1 = digitAt(iso, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) >= 0)
    return Math.floor(Date.UTC(y0 * 1000 + y1 * 100 + y2 * 10 + y3, m0 * 10 + m1 - 1, d0 * 10 + d1) / MS_DAY);
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  return Math.floor(Date.UTC(y, m - 1, d) / MS_DAY);
}

/** Whole calendar days from a to b (b - a), both YYYY-MM-DD. */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

export function addDays(iso: string, n: number): string {
  return new Date((dayNumber(iso) + n) * MS_DAY).toISOString().slice(0, 10);
}

/** The scale option a milestone's status reads as: its label when the plan has one, else its canonical status. */
export function optionOf(scale: Scale, status: Status, label: string | null): ScaleOption | null {
  if (label) {
    const l = label.trim().toLowerCase();
    const byLabel = scale.options.find((o) => o.label.toLowerCase() === l || o.id === l);
    if (byLabel) return byLabel;
  }
  if (status === "unknown") return null;
  return scale.options.find((o) => o.status === status) ?? null;
}

/** Score of a status on the plan's scale (Thurrock 1-5 as written; RAG Green 3 / Amber 2 / Red 1); null = not scored. */
export function scoreOf(scale: Scale, status: Status, label: string | null): number | null {
  return optionOf(scale, status, label)?.score ?? null;
}

/** The status as the plan writes it ("Amber", "3 (on track)"); "No status" when unrated. */
export function statusWords(scale: Scale, status: Status, label: string | null): string {
  // the one label source (core/status.ts), so the digest, cards, CLI and export agree
  return statusText(scale, status, label);
}

export function isOpen(m: MilestoneFact): boolean {
  return m.status !== "complete";
}

export function isOverdue(m: MilestoneFact, asOf: string): boolean {
  return isOpen(m) && m.due !== null && m.due < asOf;
}

/** "Priority 3 — Building consistent quality ..." style name, using the plan's own section label. */
export function sectionName(s: SectionFact | undefined | null): string {
  return s ? s.label : "No section";
}

export function excerpt(text: string | null | undefined, max = 140): string | null {
  if (!text) return null;
  const t = text.replace(/\s+/g, " ").trim();
  if (!t) return null;
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const sp = cut.lastIndexOf(" ");
  return `${(sp > max * 0.6 ? cut.slice(0, sp) : cut).trimEnd()}…`;
}

export function statusKey(scale: Scale, m: Pick<MilestoneFact, "status" | "statusLabel">): string {
  return optionOf(scale, m.status, m.statusLabel)?.id ?? "none";
}

/** statusKey + score, cached per (status, label): plans repeat a handful of combinations thousands of times. */
export function statusCache(scale: Scale): (m: Pick<MilestoneFact, "status" | "statusLabel">) => { key: string; score: number | null } {
  // status -> label -> value: no key string is built per call
  const cache = new Map<string, Map<string, { key: string; score: number | null }>>();
  return (m) => {
    let byLabel = cache.get(m.status);
    if (!byLabel) {
      byLabel = new Map();
      cache.set(m.status, byLabel);
    }
    const l = m.statusLabel ?? "";
    let v = byLabel.get(l);
    if (!v) {
      const o = optionOf(scale, m.status, m.statusLabel);
      v = { key: o?.id ?? "none", score: o?.score ?? null };
      byLabel.set(l, v);
    }
    return v;
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
      // the digit runs' values read in place (no substring per comparison: a big plan's sort makes millions)
      let na = 0;
      let nb = 0;
      while (i < a.length && isDigit(a.charCodeAt(i))) na = na * 10 + (a.charCodeAt(i++) - 48);
      while (j < b.length && isDigit(b.charCodeAt(j))) nb = nb * 10 + (b.charCodeAt(j++) - 48);
      if (na !== nb) return na - nb;
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

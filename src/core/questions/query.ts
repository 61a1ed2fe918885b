// The deterministic question parser: plain English -> Query. No plan knowledge here (names, sections and refs are
// resolved against the plan by evaluate.ts); dates are resolved against asOf.

import { addDays } from "../digest/facts.js";
import type { Status } from "../status.js";
import { normaliseQuestion } from "./normalise.js";

export type QueryKind = "list" | "status_of" | "who_owns" | "not_updated" | "changed" | "slipped" | "summary" | "help" | "unknown";

export interface StatusWord {
  /** as asked: "red", "at risk", "2" */
  word: string;
  /** canonical meaning when the plan has no option with that label */
  status: Status;
}

export interface Query {
  kind: QueryKind;
  overdue?: boolean;
  /** due window, inclusive YYYY-MM-DD */
  due?: { from: string; to: string; label: string };
  statuses?: StatusWord[];
  section?: { number?: string; text?: string; word?: string };
  owner?: { me: true } | { name: string };
  /** status_of: an action ref ("6.5", "N7") or words to match an action title */
  target?: { ref?: string; text?: string };
  /** changed / not_updated since */
  since?: { date: string | null; label: string };
  /** changed: only updates recorded by this person ("what did Sarah update this week") */
  by?: { name: string };
  /** words of the question that were not understood as anything ("p3"): said in the answer, never dropped silently */
  unrecognised?: string[];
  /** keyword typos corrected before parsing ("ovedue -> overdue") */
  corrected?: string[];
  /** "all": show every item, not a capped list */
  all: boolean;
  /** the question as asked, tidied (used in "ask '<question> all'") */
  asked: string;
}

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const MONTH_RE = "(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*";

const STATUS_WORDS: [RegExp, Status][] = [
  [/\b(off[ -]?track|red|rag 1)\b/, "off_track"],
  [/\b(at[ -]risk|amber|orange|behind schedule|some delay)\b/, "at_risk"],
  [/\b(on[ -]?track|green|on schedule)\b/, "on_track"],
  [/\b(complete|completed|done|finished|achieved|blue)\b/, "complete"],
  [/\b(not started|not yet started|grey|gray)\b/, "not_started"],
  [/\b(unrated|not rated|no status|without a status)\b/, "unknown"],
];

const SECTION_WORD = "(priority|priorities|theme|section|workstream|work ?strand|strand|area|objective|outcome)";
const REF_RE = /^(?:[a-z]{1,3}\s?)?\d+(?:\.\d+)*[a-z]?$/i;

function weekStart(iso: string): string {
  // Monday of the week containing iso
  const d = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return addDays(iso, -((d + 6) % 7));
}
function monthEnd(y: number, m: number): string {
  return new Date(Date.UTC(y, m + 1, 0)).toISOString().slice(0, 10);
}
function monthStart(y: number, m: number): string {
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

function tidy(text: string): string {
  return text.toLowerCase().replace(/[’‘`]/g, "'").replace(/[“”"]/g, "").replace(/[?!]+/g, " ").replace(/\s+/g, " ").trim();
}

/** Removes a match from the working text and returns its groups. */
function take(state: { t: string }, re: RegExp): RegExpExecArray | null {
  const m = re.exec(state.t);
  if (!m) return null;
  state.t = `${state.t.slice(0, m.index)} ${state.t.slice(m.index + m[0].length)}`.replace(/\s+/g, " ").trim();
  return m;
}

function parseDueWindow(state: { t: string }, asOf: string): Query["due"] | undefined {
  const [y, mo] = asOf.split("-").map(Number) as [number, number];
  let m: RegExpExecArray | null;
  if (take(state, /\btoday\b/)) return { from: asOf, to: asOf, label: "today" };
  if (take(state, /\btomorrow\b/)) return { from: addDays(asOf, 1), to: addDays(asOf, 1), label: "tomorrow" };
  if (take(state, /\b(this|the current) week\b/)) return { from: asOf, to: addDays(weekStart(asOf), 6), label: "this week" };
  if (take(state, /\bnext week\b/)) {
    const s = addDays(weekStart(asOf), 7);
    return { from: s, to: addDays(s, 6), label: "next week" };
  }
  if (take(state, /\bthis month\b/)) return { from: asOf, to: monthEnd(y, mo - 1), label: "this month" };
  if (take(state, /\bnext month\b/)) return { from: monthStart(y, mo), to: monthEnd(y, mo), label: "next month" };
  m = take(state, /\b(?:in|within|over) (?:the )?(?:next )?(\d+) (day|days|week|weeks|month|months)\b/);
  if (m) {
    const n = Number(m[1]);
    const days = m[2]!.startsWith("day") ? n : m[2]!.startsWith("week") ? n * 7 : n * 30;
    return { from: asOf, to: addDays(asOf, days), label: `in the next ${n} ${m[2]}` };
  }
  if (take(state, /\b(soon|shortly|coming up|upcoming|in the next fortnight|next fortnight)\b/))
    return { from: asOf, to: addDays(asOf, 14), label: "in the next 14 days" };
  m = take(state, new RegExp(`\\b(?:in|during) ${MONTH_RE}(?: (\\d{4}))?\\b`));
  if (m) {
    const idx = MONTHS.findIndex((x) => x.startsWith(m![1]!.slice(0, 3)));
    let yr = m[2] ? Number(m[2]) : y;
    if (!m[2] && idx < mo - 1) yr = y + 1;
    return {
      from: monthStart(yr, idx),
      to: monthEnd(yr, idx),
      label: `in ${MONTHS[idx]![0]!.toUpperCase()}${MONTHS[idx]!.slice(1)} ${yr}`,
    };
  }
  m = take(state, /\b(?:by|before) (\d{4}-\d{2}-\d{2})\b/);
  if (m) return { from: asOf, to: m[1]!, label: `by ${m[1]}` };
  return undefined;
}

function parseSince(state: { t: string }, asOf: string): NonNullable<Query["since"]> {
  let m: RegExpExecArray | null;
  if (take(state, /\b(?:since|from) (?:the )?last (?:digest|board|meeting|report)\b/))
    return { date: null, label: "since the last digest" };
  if (take(state, /\b(?:since|in the|over the)? ?(?:last|past) week\b/)) return { date: addDays(asOf, -7), label: "since last week" };
  if (take(state, /\bthis week\b/)) return { date: addDays(weekStart(asOf), -1), label: "this week" };
  if (take(state, /\b(?:since|in the|over the)? ?(?:last|past) month\b/)) return { date: addDays(asOf, -30), label: "in the last month" };
  if (take(state, /\bthis month\b/)) {
    const [y, mo] = asOf.split("-").map(Number) as [number, number];
    return { date: addDays(monthStart(y, mo - 1), -1), label: "this month" };
  }
  if (take(state, /\b(?:since )?yesterday\b/)) return { date: addDays(asOf, -1), label: "since yesterday" };
  if (take(state, /\btoday\b/)) return { date: addDays(asOf, -1), label: "today" };
  m = take(state, /\b(?:in|over) the (?:last|past) (\d+) days?\b/);
  if (m) return { date: addDays(asOf, -Number(m[1])), label: `in the last ${m[1]} days` };
  m = take(state, /\bsince (\d{4}-\d{2}-\d{2})\b/);
  if (m) return { date: m[1]!, label: `since ${m[1]}` };
  return { date: null, label: "since the last digest" };
}

function parseSection(state: { t: string }): Query["section"] | undefined {
  const m = take(state, new RegExp(`\\b(?:in |for |of |under )?${SECTION_WORD} (?:no\\.? |number )?(\\d+[a-z]?)\\b`));
  if (m) return { number: m[2]!, word: m[1]!.replace(/ies$/, "y") };
  return undefined;
}

function parseOwner(state: { t: string }): Query["owner"] | undefined {
  if (
    take(state, /\b(?:for|owned by|assigned to|belonging to) (?:me|myself)\b/) ||
    take(state, /\b(?:my|mine)\b/) ||
    take(state, /\b(?:do|have|did|am) i\b|\bi (?:have|own|am)\b/)
  )
    return { me: true };
  const m =
    take(
      state,
      /\b(?:for|owned by|assigned to|belonging to|led by|owner) ([a-z][a-z.' -]*?)(?=$| (?:in|on|that|which|due|overdue|this|next|since|are|is)\b)/,
    ) ??
    take(state, /\b(?:is|are|has) ([a-z][a-z.' -]*?) (?:working on|doing|got|responsible for|leading)\b/) ??
    take(state, /\b([a-z][a-z.-]*)'s\b/);
  if (m) {
    const name = m[1]!.replace(/\b(the|actions?|milestones?|items?|tasks?)\b/g, "").trim();
    if (name && !/^(what|who|which|it|that|this|there|where|how|here|let|everything|everyone|anything|me)$/.test(name)) return { name };
  }
  return undefined;
}

function parseStatuses(state: { t: string }): StatusWord[] {
  const out: StatusWord[] = [];
  let m: RegExpExecArray | null;
  m = take(state, /\b(?:rated|scored|rating|rag|status(?: of)?) ([1-5])\b/);
  if (m) out.push({ word: m[1]!, status: "unknown" });
  for (const [re, status] of STATUS_WORDS) {
    // each take removes its match, so this ends
    for (m = take(state, re); m; m = take(state, re)) out.push({ word: m[1]!, status });
  }
  return out;
}

const HELP_RE = /^(help|\?|hi|hello|examples?|commands|what can (you|i) (do|ask)|how do i use( this| you)?|what do you do|usage)\b/;
const NOT_UPDATED_RE =
  /\b(who|which owners?|which people|anyone)\b.*\b(hasn't|hasnt|has not|haven't|havent|have not|not|yet to|didn't|didnt|did not)\b.*\b(updat|answer|respond|repl)|\b(missing|outstanding|late|no) updates?\b|\bnot (been )?updated\b/;
const CHANGED_RE = /\b(changed|changes|what's new|whats new|what is new|updated since|movement)\b/;
const SLIPPED_RE = /\b(slipp\w*|slip|slips|re-?dated|re-?scheduled|pushed back|moved (back|out)|delayed|postponed)\b/;
const SUMMARY_RE = /\b(summary|summari[sz]e|overview|rundown|how (is|are) (we|things) (doing|going)|give me (a|an) (update|picture))\b/;

/** Parses a question. Never throws; anything it cannot read comes back as kind "unknown". */
export function parseQuestion(text: string, asOf: string): Query {
  const norm = normaliseQuestion(tidy(text));
  const asked = norm.text.replace(/\s+(all|in full|full list)$/, "");
  const state = { t: norm.text };
  let all = false;
  if (take(state, /\s*\b(?:all|in full|the full list|everything)$/) || take(state, /^(?:show|list|see|give me) (?:me )?all\b/)) all = true;
  const q: Query = { kind: "unknown", all, asked, ...(norm.corrections.length ? { corrected: norm.corrections } : {}) };
  const t = state.t;
  if (!t || HELP_RE.test(t)) return { ...q, kind: "help" };

  // "who owns 3.2", "who is responsible for 6.5", "owner of N7", "who leads 1.1"
  const wo =
    /^(?:who(?:'s| is| are)? (?:owns?|leads?|responsible for|the owners? of|the leads? (?:on|for|of)|in charge of|doing)|owners? (?:of|for)|leads? (?:of|for)) (.+)$/.exec(
      t,
    );
  if (wo) {
    const target = wo[1]!.replace(/^(action|ref|milestone|item) /, "").trim();
    return { ...q, kind: "who_owns", target: REF_RE.test(target) ? { ref: target.replace(/\s+/g, "").toUpperCase() } : { text: target } };
  }
  // "what did Sarah update this week", "what has Kara updated since last week"
  const by =
    /^(?:what|which (?:items?|actions?|milestones?)) (?:did|has|have) ([a-z][a-z.' -]*?) (?:update|updated|change|changed|record|recorded)\b(.*)$/.exec(
      t,
    );
  if (by && !/^(i|we|you|they|anyone|anybody|someone|everyone)$/.test(by[1]!)) {
    const s = { t: by[2]!.trim() };
    const since = s.t ? parseSince(s, asOf) : { date: addDays(asOf, -7), label: "in the last week" };
    const section = parseSection(s);
    return { ...q, kind: "changed", by: { name: by[1]! }, since, ...(section ? { section } : {}) };
  }

  if (NOT_UPDATED_RE.test(t)) {
    const s = { t };
    const section = parseSection(s);
    const owner = parseOwner({ t: s.t.replace(/\bwho\b.*$/, "") });
    return { ...q, kind: "not_updated", ...(section ? { section } : {}), ...(owner && "me" in owner ? { owner } : {}) };
  }
  if (CHANGED_RE.test(t)) {
    const s = { t };
    const since = parseSince(s, asOf);
    const section = parseSection(s);
    return { ...q, kind: "changed", since, ...(section ? { section } : {}) };
  }
  if (SLIPPED_RE.test(t)) {
    const s = { t };
    const section = parseSection(s);
    const owner = parseOwner(s);
    return { ...q, kind: "slipped", ...(section ? { section } : {}), ...(owner ? { owner } : {}) };
  }

  // "status of 6.5", "how is N7 going", "progress on 2.1", "where are we with 3.4"
  const so =
    /^(?:what(?:'s| is) the )?(?:status|progress|update|latest|news)(?: update)? (?:of|on|for|with) (.+)$/.exec(t) ??
    /^how(?:'s| is| are) (.+?) (?:going|doing|getting on|coming along|progressing)$/.exec(t) ??
    /^where (?:are we|is it|are things) (?:with|on) (.+)$/.exec(t) ??
    /^(?:tell me about|show|show me|details of|details for) ((?:[a-z]{1,3}\s?)?\d+(?:\.\d+)*[a-z]?)$/.exec(t) ??
    /^((?:[a-z]{1,3}\s?)?\d+(?:\.\d+)+[a-z]?|[a-z]{1,3}\d+)$/.exec(t);
  if (so || SUMMARY_RE.test(t)) {
    const target = (so?.[1] ?? "").replace(/^(action|ref|milestone|item) /, "").trim();
    const s = { t: so ? target : t };
    const section = parseSection(s);
    if (section && s.t.replace(/\b(the|a|summary|summari[sz]e|overview|of|for|give me|me|please)\b/g, "").trim() === "")
      return { ...q, kind: "summary", section };
    if (!so) {
      const rest = s.t
        .replace(
          /\b(the|a|an|summary|summari[sz]e|overview|rundown|of|for|give me|me|please|plan|whole|how|is|are|we|things|doing|going|picture|update)\b/g,
          "",
        )
        .trim();
      return { ...q, kind: "summary", ...(section ? { section } : rest ? { section: { text: rest.replace(/^in /, "") } } : {}) };
    }
    if (REF_RE.test(target)) return { ...q, kind: "status_of", target: { ref: target.replace(/\s+/g, "").toUpperCase() } };
    if (target) return { ...q, kind: "status_of", target: { text: target } };
  }

  // lists: overdue / due / by status, filtered by section and owner
  const s = { t };
  const overdue = Boolean(
    take(s, /\b(overdue|late|past (?:its |their )?due(?: date)?|past deadline|missed (?:the |its |their )?deadlines?)\b/),
  );
  const due =
    parseDueWindow(s, asOf) ??
    (/\bdue\b/.test(s.t) && !overdue ? { from: asOf, to: addDays(asOf, 14), label: "in the next 14 days" } : undefined);
  const section = parseSection(s);
  const statuses = parseStatuses(s);
  const owner = parseOwner(s);
  let sectionText: string | undefined;
  let rest = s.t.replace(/\b(actions?|milestones?|items?|tasks?|please)\b/g, "").trim();
  if (!section) {
    const m = /\b(?:in|under|within|for) (?:the )?([a-z][a-z &'-]{2,})$/.exec(rest);
    if (m) {
      sectionText = m[1]!.trim();
      rest = rest.slice(0, m.index);
    }
  }
  const unrecognised = rest
    .replace(/\b([a-z]{1,5})[ .-](\d+[a-z]?)\b/g, (m, a: string, n: string) => (FILLER.has(a) ? m : `${a}_${n}`))
    .split(/\s+/)
    .filter((w) => w && !FILLER.has(w.replace(/[.,;:]+$/, "")))
    .map((w) => w.replace(/_/g, " "));
  const listWords = /\b(what|which|show|list|anything|any|items?|actions?|milestones?|tasks?|working on)\b/.test(t);
  if (!overdue && !due && !statuses.length && !section && !sectionText && !owner) return q;
  if (!overdue && !due && !statuses.length && !listWords) return q;
  return {
    ...q,
    kind: "list",
    ...(overdue ? { overdue } : {}),
    ...(due ? { due } : {}),
    ...(statuses.length ? { statuses } : {}),
    ...(section ? { section } : sectionText ? { section: { text: sectionText } } : {}),
    ...(owner ? { owner } : {}),
    ...(unrecognised.length ? { unrecognised } : {}),
  };
}

/** Words a list question may hold that filter nothing. Anything else left over is reported as not recognised. */
const FILLER = new Set(
  (
    "what what's whats which is are were was the a an show me list see give any anything in for of on please there still " +
    "currently now all do does did we have has our plan plans that those these with and or due be been being get got things " +
    "stuff tell about can you i could would like to know at right so far yet status rated rag working by is? it its their " +
    "them they any? open outstanding items currently? left remaining from"
  ).split(" "),
);

export const EXAMPLES = [
  "what is overdue in priority 3",
  "what's due next week",
  "what is due this month for Janet Simon",
  "show at risk actions in theme 2",
  "which actions are red",
  "status of N7",
  "who owns N7",
  "how is N7 going",
  "who hasn't updated",
  "what changed since last week",
  "what slipped",
  "summary of priority 4",
  "what's overdue for me",
];

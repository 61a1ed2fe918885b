// Shared wording for answers: items in the issue's JSON shape, item lines, the capped text with "and N more".
import { formatDate } from "../cards/reminder.js";
import { dayNumber, excerpt, isOverdue, type MilestoneFact } from "../digest/facts.js";
import { EXAMPLES, type Query } from "./query.js";
import type { QuestionIndex } from "./resolve.js";

export interface AnswerItem {
  ref: string | null;
  action: string;
  milestone: string;
  owners: string[];
  due: string | null;
  status: string;
  daysOverdue: number | null;
}

export interface Evaluation {
  understood: boolean;
  query: Query & { clarify?: string[] };
  total: number;
  items: AnswerItem[];
  /** the item lines for every item (same order as items) */
  lines: string[];
  lead: string;
  /** lead + capped lines + "and N more" */
  text: string;
  milestoneIds: string[];
}

export interface AskContext {
  asOf: string;
  asker: { personId: string | null };
  /** plan id -> as-of date of the last digest shown to a board of that plan ("since the last digest") */
  lastDigest?: Record<string, string | null>;
}

export const ANSWER_LIMIT = 10;
export const endOfDay = (d: string) => `${d}T23:59:59.999Z`;

export function helpText(intro = "Here are some things you can ask me:"): string {
  return `${intro}\n${EXAMPLES.map((e) => `• “${e}”`).join("\n")}\nAdd “all” to the end of a question to see every item.`;
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function finish(
  q: Query,
  ev: Omit<Evaluation, "text" | "query" | "understood"> & { understood?: boolean; query?: Evaluation["query"] },
): Evaluation {
  const cap = q.all ? ev.lines.length : ANSWER_LIMIT;
  const shown = ev.lines.slice(0, cap);
  const more = ev.total - shown.length;
  const parts = [ev.lead, ...shown];
  if (more > 0) parts.push(`…and ${more} more — ask “${q.asked} all” to see them all.`);
  return {
    understood: ev.understood ?? true,
    query: ev.query ?? q,
    total: ev.total,
    items: ev.items,
    lines: ev.lines,
    lead: ev.lead,
    milestoneIds: ev.milestoneIds,
    text: parts.join("\n"),
  };
}

export function reply(q: Query, lead: string, understood = true, clarify?: string[]): Evaluation {
  return finish(q, {
    understood,
    total: 0,
    items: [],
    lines: [],
    lead,
    milestoneIds: [],
    ...(clarify ? { query: { ...q, clarify } } : {}),
  });
}

export function cap(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1);
}

export function scaleOfMilestone(ix: QuestionIndex, m: MilestoneFact) {
  return ix.planById.get(m.planId)!.plan.scale;
}

export function toItem(ix: QuestionIndex, m: MilestoneFact, asOf: string): AnswerItem {
  return {
    ref: m.ref,
    action: m.actionTitle,
    milestone: m.title,
    owners: m.owners.map((o) => o.name),
    due: m.due,
    status: ix.statusWordsOf(m),
    daysOverdue: isOverdue(m, asOf) ? asOfDay(asOf) - ix.metaOf(m).dueDay! : null,
  };
}

export function itemLine(ix: QuestionIndex, m: MilestoneFact, asOf: string, extra?: string): string {
  const it = toItem(ix, m, asOf);
  const title = m.title === m.actionTitle ? m.title : `${excerpt(m.actionTitle, 60)}: ${m.title}`;
  const due = m.due
    ? `due ${formatDate(m.due)}${it.daysOverdue !== null ? ` (${plural(it.daysOverdue, "day", "days")} overdue)` : ""}`
    : m.dueRaw
      ? `due “${m.dueRaw}”`
      : "no due date";
  const owners = it.owners.length ? it.owners.join(", ") : "no owner";
  return `• ${m.ref ? `${m.ref} ` : ""}${excerpt(title, 120)} — ${owners} — ${due} — ${it.status}${extra ? ` — ${extra}` : ""}`;
}

export function listAnswer(
  ix: QuestionIndex,
  q: Query,
  ctx: AskContext,
  ms: MilestoneFact[],
  lead: string,
  extra?: (m: MilestoneFact) => string | undefined,
): Evaluation {
  // lines are only worded for what is shown (all of them when "all" was asked); items always cover everything
  const shown = q.all ? ms : ms.slice(0, ANSWER_LIMIT);
  return finish(q, {
    total: ms.length,
    items: ms.map((m) => toItem(ix, m, ctx.asOf)),
    lines: shown.map((m) => itemLine(ix, m, ctx.asOf, extra?.(m))),
    lead,
    milestoneIds: ms.map((m) => m.id),
  });
}

/** natural ref order via ranks computed once per index */
export function byRef(ix: QuestionIndex, a: MilestoneFact, b: MilestoneFact): number {
  return ix.metaOf(a).refRank - ix.metaOf(b).refRank;
}

export function sectionPos(ix: QuestionIndex, m: MilestoneFact): number {
  return ix.metaOf(m).secPos;
}

let lastAsOf = "";
let lastAsOfDay = 0;
export function asOfDay(asOf: string): number {
  if (asOf !== lastAsOf) {
    lastAsOf = asOf;
    lastAsOfDay = dayNumber(asOf);
  }
  return lastAsOfDay;
}

/** Sorts milestones by numeric keys computed once each (decorate-sort-undecorate: no look-ups inside the comparator). */
export function sortByKeys(ms: MilestoneFact[], keys: (m: MilestoneFact) => [number, number, number]): MilestoneFact[] {
  const dec = ms.map((m) => ({ m, k: keys(m) }));
  dec.sort((x, y) => x.k[0] - y.k[0] || x.k[1] - y.k[1] || x.k[2] - y.k[2]);
  for (let i = 0; i < dec.length; i++) ms[i] = dec[i]!.m;
  return ms;
}

/** Keys: due date (undated last), then ref in natural order, then plan position. */
export function dueOrder(ix: QuestionIndex): (m: MilestoneFact) => [number, number, number] {
  return (m) => {
    const meta = ix.metaOf(m);
    return [meta.dueDay ?? 1e9, meta.refRank, m.position];
  };
}

/** Keys: section position, then ref, then plan position. */
export function sectionOrder(ix: QuestionIndex): (m: MilestoneFact) => [number, number, number] {
  return (m) => {
    const meta = ix.metaOf(m);
    return [meta.secPos, meta.refRank, m.position];
  };
}

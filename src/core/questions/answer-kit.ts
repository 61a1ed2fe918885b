// Shared wording for answers: items in the issue's JSON shape, item lines, the capped text with "and N more".
import { formatDate } from "../cards/reminder.js";
import { dayNumber, excerpt, isOverdue, type MilestoneFact } from "../digest/facts.js";
import { EXAMPLES, type Query } from "./query.js";
import type { MilestoneMeta, QuestionIndex } from "./resolve.js";

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

export function toItem(ix: QuestionIndex, m: MilestoneFact, asOf: string, known?: MilestoneMeta): AnswerItem {
  const meta = known ?? ix.metaOf(m);
  const owners = new Array<string>(m.owners.length);
  for (let i = 0; i < owners.length; i++) owners[i] = m.owners[i]!.name;
  return {
    ref: m.ref,
    action: m.actionTitle,
    milestone: m.title,
    owners,
    due: m.due,
    status: meta.words,
    daysOverdue: isOverdue(m, asOf) ? asOfDay(asOf) - meta.dueDay! : null,
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
  /** metaOf of each of ms when the caller has them (same order) */
  metas?: MilestoneMeta[],
): Evaluation {
  // lines are only worded for what is shown (all of them when "all" was asked); items always cover everything
  const shown = q.all ? ms : ms.slice(0, ANSWER_LIMIT);
  const n = ms.length;
  const items = new Array<AnswerItem>(n);
  const milestoneIds = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const m = ms[i]!;
    items[i] = toItem(ix, m, ctx.asOf, metas?.[i]);
    milestoneIds[i] = m.id;
  }
  return finish(q, {
    total: ms.length,
    items,
    lines: shown.map((m) => itemLine(ix, m, ctx.asOf, extra?.(m))),
    lead,
    milestoneIds,
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
export function sortByKeys(
  ms: MilestoneFact[],
  keys: (m: MilestoneFact, meta?: MilestoneMeta) => [number, number, number],
  /** metaOf of each of ms (same order): passed to keys and reordered along with ms */
  metas?: MilestoneMeta[],
): MilestoneFact[] {
  const n = ms.length;
  if (n < 2) return ms;
  const srcMeta = metas?.slice();
  const k = new Float64Array(n * 3);
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  let ints = true;
  for (let i = 0; i < n; i++) {
    const v = keys(ms[i]!, srcMeta?.[i]);
    for (let c = 0; c < 3; c++) {
      const x = v[c]!;
      k[i * 3 + c] = x;
      if (x < min[c]!) min[c] = x;
      if (x > max[c]!) max[c] = x;
      if (!Number.isInteger(x)) ints = false;
    }
  }
  const src = ms.slice();
  const r1 = max[1]! - min[1]! + 1;
  const r2 = max[2]! - min[2]! + 1;
  if (ints && (max[0]! - min[0]! + 1) * r1 * r2 * n < 2 ** 52) {
    // all keys are small integers: pack them with the index into one exact number and let the typed array sort natively
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++)
      packed[i] = (((k[i * 3]! - min[0]!) * r1 + (k[i * 3 + 1]! - min[1]!)) * r2 + (k[i * 3 + 2]! - min[2]!)) * n + i;
    packed.sort();
    for (let i = 0; i < n; i++) {
      const j = packed[i]! % n;
      ms[i] = src[j]!;
      if (metas) metas[i] = srcMeta![j]!;
    }
    return ms;
  }
  const idx = new Array<number>(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  // ties keep their original order (the index is the last key), as the stable sort did
  idx.sort((x, y) => k[x * 3]! - k[y * 3]! || k[x * 3 + 1]! - k[y * 3 + 1]! || k[x * 3 + 2]! - k[y * 3 + 2]! || x - y);
  for (let i = 0; i < n; i++) {
    ms[i] = src[idx[i]!]!;
    if (metas) metas[i] = srcMeta![idx[i]!]!;
  }
  return ms;
}

/** Keys: due date (undated last), then ref in natural order, then plan position. */
export function dueOrder(ix: QuestionIndex): (m: MilestoneFact, known?: MilestoneMeta) => [number, number, number] {
  return (m, known) => {
    const meta = known ?? ix.metaOf(m);
    return [meta.dueDay ?? 1e9, meta.refRank, m.position];
  };
}

/** Keys: section position, then ref, then plan position. */
export function sectionOrder(ix: QuestionIndex): (m: MilestoneFact, known?: MilestoneMeta) => [number, number, number] {
  return (m, known) => {
    const meta = known ?? ix.metaOf(m);
    return [meta.secPos, meta.refRank, m.position];
  };
}

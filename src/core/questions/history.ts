// Questions about history: "what changed since last week", "who hasn't updated".
import { formatDate } from "../cards/reminder.js";
import { addDays, excerpt, isOpen, type MilestoneFact } from "../digest/facts.js";
import { DUE_WINDOW_DAYS, statusCache } from "../digest/model.js";
import {
  type AskContext,
  dueOrder,
  type Evaluation,
  endOfDay,
  listAnswer,
  plural,
  scaleOfMilestone,
  sectionOrder,
  sortByKeys,
} from "./answer-kit.js";
import type { Query } from "./query.js";
import type { MilestoneMeta, QuestionIndex } from "./resolve.js";

function sinceDate(ix: QuestionIndex, q: Query, ctx: AskContext): { date: string; label: string } {
  if (q.since?.date) return { date: q.since.date, label: q.since.label };
  const last = ix.plans.map((p) => ctx.lastDigest?.[p.plan.id] ?? null).filter((d): d is string => Boolean(d));
  if (last.length) {
    const d = last.sort()[last.length - 1]!;
    return { date: d, label: `since the last digest (${formatDate(d)})` };
  }
  const d = addDays(ctx.asOf, -7);
  return { date: d, label: `in the last week (since ${formatDate(d)})` };
}

export function changed(
  ix: QuestionIndex,
  q: Query,
  ctx: AskContext,
  inScope: (m: MilestoneFact) => boolean,
  scopeText: string,
  /** only what this person recorded (every update of theirs, not only status changes) */
  by?: { id: string; name: string },
): Evaluation {
  const since = sinceDate(ix, q, ctx);
  const from = endOfDay(since.date);
  const until = endOfDay(ctx.asOf);
  type Change = { before: string | null; last: (typeof ix.plans)[number]["updates"][number] };
  const byM = ix.memo(`changes:${from}:${until}:${by?.id ?? ""}`, () => {
    const out = new Map<string, Change>();
    for (const p of ix.plans) {
      const prev = new Map<string, string>();
      const keyOf = statusCache(p.plan.scale);
      for (const u of p.updates) {
        if (u.createdAt > until) continue;
        const key = keyOf(u).key;
        if (u.createdAt <= from || u.source === "import") {
          prev.set(u.milestoneId, key);
          continue;
        }
        if (by && u.byId !== by.id && u.onBehalfOfId !== by.id) {
          prev.set(u.milestoneId, key);
          continue;
        }
        const e = out.get(u.milestoneId);
        if (e) e.last = u;
        else out.set(u.milestoneId, { before: prev.get(u.milestoneId) ?? null, last: u });
      }
    }
    return out;
  });
  const ms: MilestoneFact[] = [];
  for (const m of ix.milestones) {
    const e = byM.get(m.id);
    if (!e || !inScope(m)) continue;
    if (!by && e.before === ix.statusKeyOf(m)) continue;
    ms.push(m);
  }
  // the extra wording is only built for the lines that are shown (listAnswer calls it per shown line)
  const extra = (m: MilestoneFact): string => {
    const e = byM.get(m.id)!;
    const scale = scaleOfMilestone(ix, m);
    const cur = ix.statusKeyOf(m);
    const lbl = (k: string | null) => (k && k !== "none" ? (scale.options.find((o) => o.id === k)?.label ?? k) : "No status");
    const who = e.last.byName
      ? ` by ${e.last.byName}${e.last.onBehalfOfName && e.last.onBehalfOfName !== e.last.byName ? ` on behalf of ${e.last.onBehalfOfName}` : ""}`
      : "";
    const nar = excerpt(e.last.narrative, 100);
    return `${lbl(e.before)} → ${lbl(cur)}${who} on ${formatDate(e.last.createdAt.slice(0, 10))}${nar ? ` — “${nar}”` : ""}`;
  };
  sortByKeys(ms, sectionOrder(ix));
  const lead = by
    ? ms.length
      ? `Updated by ${by.name} ${since.label}${scopeText}, as of ${formatDate(ctx.asOf)}: ${ms.length}`
      : `Updated by ${by.name} ${since.label}${scopeText}, as of ${formatDate(ctx.asOf)}: none.`
    : ms.length
      ? `${plural(ms.length, "milestone", "milestones")} changed status ${since.label}${scopeText}:`
      : `No status changes ${since.label}${scopeText}.`;
  return listAnswer(ix, q, ctx, ms, lead, extra);
}

/** the same order as String.prototype.localeCompare with no arguments (default locale), without a collator per call */
const collator = new Intl.Collator();

export function notUpdated(
  ix: QuestionIndex,
  q: Query,
  ctx: AskContext,
  inScope: (m: MilestoneFact) => boolean,
  scopeText: string,
): Evaluation {
  // this cycle: since the last digest, but at least the last 14 days
  const since = sinceDate(ix, { ...q, since: undefined } as Query, ctx);
  const fortnight = addDays(ctx.asOf, -14);
  const window = q.since?.date ?? [since.date, fortnight].sort()[0]!;
  const from = endOfDay(window);
  const until = endOfDay(ctx.asOf);
  const lastUpd = ix.memo(`lastUpdateByIndex:${until}`, () => {
    const out = new Map<string, string>();
    for (const p of ix.plans)
      for (const u of p.updates) {
        if (u.source === "import" || u.createdAt > until) continue;
        const pr = out.get(u.milestoneId);
        if (!pr || u.createdAt > pr) out.set(u.milestoneId, u.createdAt);
      }
    // the same aligned with ix.milestones, so the scans below index an array instead of looking up ids
    const all = ix.milestones;
    const arr = new Array<string | undefined>(all.length);
    for (let i = 0; i < all.length; i++) arr[i] = out.get(all[i]!.id);
    return arr;
  });
  let anyReminder = false;
  const askedAt = new Map<string, string>();
  for (const p of ix.plans) {
    for (const r of p.reminders) {
      if (r.plannedFor <= from || r.plannedFor > until) continue;
      anyReminder = true;
      for (const id of r.milestoneIds) {
        const a = askedAt.get(id);
        if (!a || r.plannedFor < a) askedAt.set(id, r.plannedFor);
      }
    }
  }
  let ms: MilestoneFact[];
  const metas: MilestoneMeta[] = [];
  let basis: string;
  if (anyReminder) {
    ms = [];
    const all = ix.milestones;
    for (let i = 0; i < all.length; i++) {
      const m = all[i]!;
      const a = askedAt.get(m.id);
      if (!a || !isOpen(m) || !inScope(m)) continue;
      const lu = lastUpd[i];
      if (!lu || lu < a) {
        ms.push(m);
        metas.push(ix.metas[i]!);
      }
    }
    basis = `since they were asked (reminders from ${formatDate(window)})`;
  } else {
    const stale = `${addDays(ctx.asOf, -28)}T00:00:00.000Z`;
    const horizon = addDays(ctx.asOf, DUE_WINDOW_DAYS);
    ms = [];
    const all = ix.milestones;
    for (let i = 0; i < all.length; i++) {
      const m = all[i]!;
      if (!isOpen(m) || !inScope(m) || !m.due || m.due > horizon) continue;
      const lu = lastUpd[i];
      if (!lu || lu < stale) {
        ms.push(m);
        metas.push(ix.metas[i]!);
      }
    }
    basis = "in the last 4 weeks (open items due by " + formatDate(horizon) + ")";
  }
  sortByKeys(ms, dueOrder(ix), metas);
  const per = new Map<string, number>();
  for (const m of ms) for (const o of m.owners) per.set(o.name, (per.get(o.name) ?? 0) + 1);
  // only the first 8 owners (most items first, then by name) are named: keep those in order, count the rest
  const top: [string, number][] = [];
  const before = (a: [string, number], b: [string, number]) => b[1] - a[1] || collator.compare(a[0], b[0]);
  // the 8th highest count (numbers only): owners below it can't be named, so they skip the name comparison
  const best: number[] = [];
  for (const c of per.values()) {
    if (best.length === 8 && c <= best[7]!) continue;
    let at = best.length;
    while (at > 0 && best[at - 1]! < c) at--;
    best.splice(at, 0, c);
    if (best.length > 8) best.pop();
  }
  const floor = best.length === 8 ? best[7]! : 0;
  for (const e of per) {
    if (e[1] < floor || (top.length === 8 && before(top[7]!, e) <= 0)) continue;
    let at = top.length;
    while (at > 0 && before(top[at - 1]!, e) > 0) at--;
    top.splice(at, 0, e);
    if (top.length > 8) top.pop();
  }
  const whoCount = per.size;
  const names = top.map(([n, c]) => `${n} (${c})`).join(", ") + (whoCount > 8 ? ` and ${whoCount - 8} more` : "");
  const lead = ms.length
    ? `${plural(whoCount, "owner has", "owners have")} not updated ${plural(ms.length, "milestone", "milestones")} ${basis}${scopeText}: ${names}.`
    : `Everyone has updated ${basis}${scopeText}.`;
  return listAnswer(ix, q, ctx, ms, lead, undefined, metas);
}

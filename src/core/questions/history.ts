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
import type { QuestionIndex } from "./resolve.js";

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
): Evaluation {
  const since = sinceDate(ix, q, ctx);
  const from = endOfDay(since.date);
  const until = endOfDay(ctx.asOf);
  type Change = { before: string | null; last: (typeof ix.plans)[number]["updates"][number] };
  const byM = ix.memo(`changes:${from}:${until}`, () => {
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
        const e = out.get(u.milestoneId);
        if (e) e.last = u;
        else out.set(u.milestoneId, { before: prev.get(u.milestoneId) ?? null, last: u });
      }
    }
    return out;
  });
  const ms: MilestoneFact[] = [];
  const extra = new Map<string, string>();
  for (const m of ix.milestones) {
    const e = byM.get(m.id);
    if (!e || !inScope(m)) continue;
    const scale = scaleOfMilestone(ix, m);
    const cur = ix.statusKeyOf(m);
    if (e.before === cur) continue;
    const lbl = (k: string | null) => (k && k !== "none" ? (scale.options.find((o) => o.id === k)?.label ?? k) : "No status");
    const who = e.last.byName
      ? ` by ${e.last.byName}${e.last.onBehalfOfName && e.last.onBehalfOfName !== e.last.byName ? ` on behalf of ${e.last.onBehalfOfName}` : ""}`
      : "";
    const nar = excerpt(e.last.narrative, 100);
    extra.set(m.id, `${lbl(e.before)} → ${lbl(cur)}${who} on ${formatDate(e.last.createdAt.slice(0, 10))}${nar ? ` — “${nar}”` : ""}`);
    ms.push(m);
  }
  sortByKeys(ms, sectionOrder(ix));
  const lead = ms.length
    ? `${plural(ms.length, "milestone", "milestones")} changed status ${since.label}${scopeText}:`
    : `No status changes ${since.label}${scopeText}.`;
  return listAnswer(ix, q, ctx, ms, lead, (m) => extra.get(m.id));
}

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
  const lastUpd = ix.memo(`lastUpdate:${until}`, () => {
    const out = new Map<string, string>();
    for (const p of ix.plans)
      for (const u of p.updates) {
        if (u.source === "import" || u.createdAt > until) continue;
        const pr = out.get(u.milestoneId);
        if (!pr || u.createdAt > pr) out.set(u.milestoneId, u.createdAt);
      }
    return out;
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
  let basis: string;
  if (anyReminder) {
    ms = ix.milestones.filter((m) => {
      const a = askedAt.get(m.id);
      if (!a || !isOpen(m) || !inScope(m)) return false;
      const lu = lastUpd.get(m.id);
      return !lu || lu < a;
    });
    basis = `since they were asked (reminders from ${formatDate(window)})`;
  } else {
    const stale = `${addDays(ctx.asOf, -28)}T00:00:00.000Z`;
    const horizon = addDays(ctx.asOf, DUE_WINDOW_DAYS);
    ms = ix.milestones.filter((m) => {
      if (!isOpen(m) || !inScope(m) || !m.due || m.due > horizon) return false;
      const lu = lastUpd.get(m.id);
      return !lu || lu < stale;
    });
    basis = "in the last 4 weeks (open items due by " + formatDate(horizon) + ")";
  }
  sortByKeys(ms, dueOrder(ix));
  const per = new Map<string, number>();
  for (const m of ms) for (const o of m.owners) per.set(o.name, (per.get(o.name) ?? 0) + 1);
  const who = [...per].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const names =
    who
      .slice(0, 8)
      .map(([n, c]) => `${n} (${c})`)
      .join(", ") + (who.length > 8 ? ` and ${who.length - 8} more` : "");
  const lead = ms.length
    ? `${plural(who.length, "owner has", "owners have")} not updated ${plural(ms.length, "milestone", "milestones")} ${basis}${scopeText}: ${names}.`
    : `Everyone has updated ${basis}${scopeText}.`;
  return listAnswer(ix, q, ctx, ms, lead);
}

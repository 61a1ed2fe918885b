// Evaluates a parsed Query over the plans the asker may see and words the answer: a lead line with the total,
// the items (ref, title, owner, due, days overdue, status in the plan's labels), capped with how to see them all.
import { formatDate } from "../cards/reminder.js";
import { addDays, dayNumber, excerpt, isOpen, isOverdue, type MilestoneFact, optionOf, scoreOf, statusWords } from "../digest/facts.js";
import { DUE_WINDOW_DAYS, statusCache } from "../digest/model.js";
import type { Status } from "../status.js";
import { EXAMPLES, parseQuestion, type Query } from "./query.js";
import { type IndexedSection, type QuestionIndex, resolveAction, resolvePerson, resolveSection } from "./resolve.js";

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
const endOfDay = (d: string) => `${d}T23:59:59.999Z`;

export function helpText(intro = "Here are some things you can ask me:"): string {
  return `${intro}\n${EXAMPLES.map((e) => `• “${e}”`).join("\n")}\nAdd “all” to the end of a question to see every item.`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function finish(
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

function reply(q: Query, lead: string, understood = true, clarify?: string[]): Evaluation {
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

export function askQuestion(ix: QuestionIndex, text: string, ctx: AskContext): Evaluation {
  return evaluateQuery(ix, parseQuestion(text, ctx.asOf), ctx);
}

export function evaluateQuery(ix: QuestionIndex, q: Query, ctx: AskContext): Evaluation {
  if (q.kind === "help") return reply(q, helpText());
  if (q.kind === "unknown") return reply(q, helpText("Sorry, I didn't understand that. Try one of these:"), false);
  if (ix.plans.length === 0) return reply(q, "You don't have access to any plan yet. Ask a plan administrator to add you.");

  // scope: section and owner
  let section: IndexedSection | null = null;
  if (q.section) {
    const r = resolveSection(ix, q.section);
    if (r.kind === "many") {
      const opts = r.options.map((s) => (ix.plans.length > 1 ? `${s.heading} (${s.planName})` : s.heading));
      return reply(q, `Which one do you mean?\n${opts.map((o) => `• ${o}`).join("\n")}`, true, opts);
    }
    if (r.kind === "none") {
      // "in <words>" may be a person
      if (q.section.text && !q.owner) {
        const p = resolvePerson(ix, q.section.text);
        if (p.kind === "one") return evaluateQuery(ix, { ...q, section: undefined, owner: { name: p.value.name } } as Query, ctx);
      }
      const what = q.section.number ? `${cap(q.section.word ?? "section")} ${q.section.number}` : `“${q.section.text}”`;
      const list = ix.sections.slice(0, 12).map((s) => `• ${s.heading}`);
      return reply(q, `I couldn't find ${what}. The sections are:\n${list.join("\n")}`);
    }
    section = r.value;
  }
  let ownerId: string | null = null;
  let ownerName = "";
  if (q.owner) {
    if ("me" in q.owner) {
      if (!ctx.asker.personId)
        return reply(q, "I don't know who you are in the plan yet, so I can't tell what is yours. Ask about a person by name instead.");
      ownerId = ctx.asker.personId;
      ownerName = "you";
    } else {
      const r = resolvePerson(ix, q.owner.name);
      if (r.kind === "many") {
        const opts = r.options.map((p) => p.name);
        return reply(q, `Which ${q.owner.name} do you mean: ${opts.join(", ")}?`, true, opts);
      }
      if (r.kind === "none") return reply(q, `I couldn't find anyone called “${q.owner.name}” who owns an item in your plans.`);
      ownerId = r.value.id;
      ownerName = r.value.name;
    }
  }
  const inScope = (m: MilestoneFact) => (!section || m.sectionId === section.id) && (!ownerId || m.owners.some((o) => o.id === ownerId));
  const scopeText = `${section ? ` in ${section.heading}` : ""}${ownerId ? ` for ${ownerName}` : ""}`;

  switch (q.kind) {
    case "status_of":
      return statusOf(ix, q, ctx);
    case "summary":
      return summary(ix, q, ctx, inScope, section ? section.heading : ix.plans.map((p) => p.plan.name).join(" and "), scopeText);
    case "slipped": {
      const ms = ix.milestones.filter((m) => inScope(m) && m.baselineDue && m.due && m.due > m.baselineDue);
      ms.sort((a, b) => b.revisionCount - a.revisionCount || byRef(ix, a, b));
      const lead = ms.length
        ? `${plural(ms.length, "milestone has", "milestones have")} slipped beyond the baseline date${scopeText}:`
        : `Nothing has slipped beyond its baseline date${scopeText}.`;
      return listAnswer(ix, q, ctx, ms, lead, (m) => {
        const moved = `baseline ${formatDate(m.baselineDue!)}, now ${formatDate(m.due!)} (moved ${plural(Math.max(1, m.revisionCount), "time", "times")})`;
        return `${moved}${m.revisedReason ? ` — reason: ${excerpt(m.revisedReason, 100)}` : ""}`;
      });
    }
    case "changed":
      return changed(ix, q, ctx, inScope, scopeText);
    case "not_updated":
      return notUpdated(ix, q, ctx, inScope, scopeText);
    default:
      return list(ix, q, ctx, inScope, scopeText);
  }
}

function cap(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1);
}

function scaleOfMilestone(ix: QuestionIndex, m: MilestoneFact) {
  return ix.planById.get(m.planId)!.plan.scale;
}

function toItem(ix: QuestionIndex, m: MilestoneFact, asOf: string): AnswerItem {
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

function itemLine(ix: QuestionIndex, m: MilestoneFact, asOf: string, extra?: string): string {
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

function listAnswer(
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

/** Does a milestone have one of the asked statuses? Plan labels first ("Amber", "2"), canonical meaning second. */
function statusMatcher(
  ix: QuestionIndex,
  words: { word: string; status: Status }[],
): { test: (m: MilestoneFact) => boolean; phrase: string } {
  const perPlan = new Map<string, Set<string>>();
  const phrases = new Set<string>();
  for (const p of ix.plans) {
    const keys = new Set<string>();
    for (const w of words) {
      const byLabel = p.plan.scale.options.find((o) => o.label.toLowerCase() === w.word || o.id === w.word);
      if (byLabel) {
        keys.add(byLabel.id);
        phrases.add(p.plan.scale.id === "numeric5" ? `rated ${byLabel.label}` : byLabel.label);
      } else if (w.status === "unknown") {
        keys.add("none");
        phrases.add("without a status");
      } else {
        for (const o of p.plan.scale.options) if (o.status === w.status) keys.add(o.id);
        phrases.add(w.word);
      }
    }
    perPlan.set(p.plan.id, keys);
  }
  return {
    test: (m) => perPlan.get(m.planId)!.has(ix.statusKeyOf(m)),
    phrase: [...phrases].join(" or "),
  };
}

function list(ix: QuestionIndex, q: Query, ctx: AskContext, inScope: (m: MilestoneFact) => boolean, scopeText: string): Evaluation {
  const asOf = ctx.asOf;
  const sm = q.statuses?.length ? statusMatcher(ix, q.statuses) : null;
  const ms = ix.milestones.filter((m) => {
    if (!inScope(m)) return false;
    if (q.overdue && !isOverdue(m, asOf)) return false;
    if (q.due && (!isOpen(m) || !m.due || m.due < q.due.from || m.due > q.due.to)) return false;
    if (sm && !sm.test(m)) return false;
    if (!sm && !q.overdue && !q.due && !isOpen(m)) return false;
    return true;
  });
  if (q.overdue) ms.sort((a, b) => (a.due! < b.due! ? -1 : a.due! > b.due! ? 1 : byRef(ix, a, b)));
  else if (q.due) ms.sort((a, b) => (a.due! < b.due! ? -1 : a.due! > b.due! ? 1 : byRef(ix, a, b)));
  else ms.sort((a, b) => sectionPos(ix, a) - sectionPos(ix, b) || byRef(ix, a, b) || a.position - b.position);
  const preds: string[] = [];
  if (q.overdue) preds.push("overdue");
  if (q.due)
    preds.push(
      `due ${q.due.label}${/^(today|tomorrow)$/.test(q.due.label) ? "" : ` (${formatDate(q.due.from)} to ${formatDate(q.due.to)})`}`,
    );
  if (sm) preds.push(sm.phrase);
  const pred = preds.length ? preds.join(" and ") : "open";
  const lead = ms.length
    ? `${plural(ms.length, "milestone is", "milestones are")} ${pred}${scopeText}${q.overdue ? ` as of ${formatDate(asOf)}` : ""}:`
    : `No milestones are ${pred}${scopeText}${q.overdue || q.due ? ` as of ${formatDate(asOf)}` : ""}.`;
  return listAnswer(ix, q, ctx, ms, lead);
}

/** natural ref order via ranks computed once per index */
function byRef(ix: QuestionIndex, a: MilestoneFact, b: MilestoneFact): number {
  return ix.metaOf(a).refRank - ix.metaOf(b).refRank;
}

function sectionPos(ix: QuestionIndex, m: MilestoneFact): number {
  return ix.metaOf(m).secPos;
}

let lastAsOf = "";
let lastAsOfDay = 0;
function asOfDay(asOf: string): number {
  if (asOf !== lastAsOf) {
    lastAsOf = asOf;
    lastAsOfDay = dayNumber(asOf);
  }
  return lastAsOfDay;
}

function statusOf(ix: QuestionIndex, q: Query, ctx: AskContext): Evaluation {
  const target = q.target ?? {};
  const r = resolveAction(ix, target);
  const asked = target.ref ?? target.text ?? "";
  if (r.kind === "none")
    return reply(q, `I couldn't find an action “${asked}” in your plans. Refs are matched exactly (e.g. “status of 6.5”).`);
  if (r.kind === "many") {
    const opts = r.options.map((ms) => {
      const m = ms[0]!;
      return `${m.ref ? `${m.ref} ` : ""}${excerpt(m.actionTitle, 70)} (${ix.planById.get(m.planId)!.plan.name})`;
    });
    return reply(q, `Which one do you mean?\n${opts.map((o) => `• ${o}`).join("\n")}`, true, opts);
  }
  const ms = [...r.value].sort((a, b) => a.position - b.position);
  const m0 = ms[0]!;
  const sec = m0.sectionId ? ix.sectionById.get(m0.sectionId) : undefined;
  const scale = scaleOfMilestone(ix, m0);
  const counts = new Map<string, number>();
  for (const m of ms) {
    const w = statusWords(scale, m.status, m.statusLabel);
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  const overdue = ms.filter((m) => isOverdue(m, ctx.asOf)).length;
  const lead = `${m0.ref ? `${m0.ref} — ` : ""}${excerpt(m0.actionTitle, 120)}${sec ? ` (${sec.heading})` : ""}: ${plural(ms.length, "milestone", "milestones")} — ${[...counts].map(([k, v]) => `${v} ${k}`).join(", ")}${overdue ? `; ${overdue} overdue` : ""}.`;
  return listAnswer(ix, q, ctx, ms, lead, (m) => (m.latestUpdate ? `latest: “${excerpt(m.latestUpdate, 100)}”` : undefined));
}

function summary(
  ix: QuestionIndex,
  q: Query,
  ctx: AskContext,
  inScope: (m: MilestoneFact) => boolean,
  name: string,
  _scopeText: string,
): Evaluation {
  const ms = ix.milestones.filter(inScope);
  const counts = new Map<string, number>();
  // scale order: the plan's labels as it lists them, then "No status"
  for (const p of ix.plans) for (const o of p.plan.scale.options) counts.set(o.label, 0);
  counts.set("No status", 0);
  let sum = 0;
  let n = 0;
  for (const m of ms) {
    const scale = scaleOfMilestone(ix, m);
    const opt = optionOf(scale, m.status, m.statusLabel);
    const label = opt ? opt.label : "No status";
    counts.set(label, (counts.get(label) ?? 0) + 1);
    const sc = scoreOf(scale, m.status, m.statusLabel);
    if (sc !== null) {
      sum += sc;
      n++;
    }
  }
  const overdue = ms.filter((m) => isOverdue(m, ctx.asOf));
  const soon = ms.filter((m) => isOpen(m) && m.due && m.due >= ctx.asOf && m.due <= addDays(ctx.asOf, DUE_WINDOW_DAYS)).length;
  const scoreName = ix.plans.length === 1 ? ix.plans[0]!.plan.scale.scoreName : "score";
  const lead =
    `${name}: ${plural(ms.length, "milestone", "milestones")} — ${
      [...counts]
        .filter(([, v]) => v > 0)
        .map(([k, v]) => `${k}: ${v}`)
        .join(" · ") || "none"
    }` +
    `${n ? `; ${scoreName} ${(sum / n).toFixed(1)}` : ""}; ${overdue.length} overdue, ${soon} due in the next ${DUE_WINDOW_DAYS} days.` +
    (overdue.length ? " Overdue, oldest first:" : "");
  overdue.sort((a, b) => (a.due! < b.due! ? -1 : a.due! > b.due! ? 1 : byRef(ix, a, b)));
  return listAnswer(ix, q, ctx, overdue, lead);
}

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

function changed(ix: QuestionIndex, q: Query, ctx: AskContext, inScope: (m: MilestoneFact) => boolean, scopeText: string): Evaluation {
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
  ms.sort((a, b) => sectionPos(ix, a) - sectionPos(ix, b) || byRef(ix, a, b));
  const lead = ms.length
    ? `${plural(ms.length, "milestone", "milestones")} changed status ${since.label}${scopeText}:`
    : `No status changes ${since.label}${scopeText}.`;
  return listAnswer(ix, q, ctx, ms, lead, (m) => extra.get(m.id));
}

function notUpdated(ix: QuestionIndex, q: Query, ctx: AskContext, inScope: (m: MilestoneFact) => boolean, scopeText: string): Evaluation {
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
  ms.sort((a, b) => {
    const x = a.due ?? "9999";
    const y = b.due ?? "9999";
    return x < y ? -1 : x > y ? 1 : byRef(ix, a, b);
  });
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

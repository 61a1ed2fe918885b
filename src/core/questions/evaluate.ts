// Evaluates a parsed Query over the plans the asker may see and words the answer: a lead line with the total,
// the items (ref, title, owner, due, days overdue, status in the plan's labels), capped with how to see them all.
import { formatDate } from "../cards/reminder.js";
import { addDays, excerpt, isOpen, isOverdue, type MilestoneFact, optionOf, scoreOf, statusWords } from "../digest/facts.js";
import { DUE_WINDOW_DAYS } from "../digest/model.js";
import type { Status } from "../status.js";
import {
  ANSWER_LIMIT,
  type AnswerItem,
  type AskContext,
  cap,
  dueOrder,
  type Evaluation,
  helpText,
  listAnswer,
  plural,
  reply,
  scaleOfMilestone,
  sectionOrder,
  sortByKeys,
} from "./answer-kit.js";
import { changed, notUpdated } from "./history.js";
import { parseQuestion, type Query } from "./query.js";
import { type IndexedSection, type MilestoneMeta, type QuestionIndex, resolveAction, resolvePerson, resolveSection } from "./resolve.js";

export function askQuestion(ix: QuestionIndex, text: string, ctx: AskContext): Evaluation {
  return evaluateQuery(ix, parseQuestion(text, ctx.asOf), ctx);
}

/** "p3", "t2", "sec 4", "3": a section written in a way the parser does not read; its number */
const SECTION_SHORTHAND = /^(?:p|pr|pri|prio|prior|t|th|thm|s|sec|sect|ws|w|obj|o)[ .-]?(\d+[a-z]?)$|^(\d+)$/;

export function evaluateQuery(ix: QuestionIndex, q: Query, ctx: AskContext): Evaluation {
  if (q.unrecognised?.length) return withUnrecognised(ix, q, ctx);
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
    case "who_owns":
      return whoOwns(ix, q, ctx);
    case "summary":
      return summary(ix, q, ctx, inScope, section ? section.heading : ix.plans.map((p) => p.plan.name).join(" and "), scopeText);
    case "slipped": {
      const ms = ix.milestones.filter((m) => inScope(m) && m.baselineDue && m.due && m.due > m.baselineDue);
      sortByKeys(ms, (m) => [-m.revisionCount, ix.metaOf(m).refRank, m.position]);
      const lead = ms.length
        ? `${plural(ms.length, "milestone has", "milestones have")} slipped beyond the baseline date${scopeText}:`
        : `Nothing has slipped beyond its baseline date${scopeText}.`;
      return listAnswer(ix, q, ctx, ms, lead, (m) => {
        const moved = `baseline ${formatDate(m.baselineDue!)}, now ${formatDate(m.due!)} (moved ${plural(Math.max(1, m.revisionCount), "time", "times")})`;
        return `${moved}${m.revisedReason ? ` — reason: ${excerpt(m.revisedReason, 100)}` : ""}`;
      });
    }
    case "changed": {
      if (!q.by) return changed(ix, q, ctx, inScope, scopeText);
      const r = resolvePerson(ix, q.by.name);
      if (r.kind === "many") {
        const opts = r.options.map((p) => p.name);
        return reply(q, `Which ${q.by.name} do you mean: ${opts.join(", ")}?`, true, opts);
      }
      if (r.kind === "none") return reply(q, `I couldn't find anyone called “${q.by.name}” in your plans.`);
      return changed(ix, q, ctx, inScope, scopeText, { id: r.value.id, name: r.value.name });
    }
    case "not_updated":
      return notUpdated(ix, q, ctx, inScope, scopeText);
    default:
      return list(ix, q, ctx, inScope, scopeText);
  }
}

/** Does a milestone have one of the asked statuses? Plan labels first ("Amber", "2"), canonical meaning second. */
function statusMatcher(
  ix: QuestionIndex,
  words: { word: string; status: Status }[],
): { test: (m: MilestoneFact, key?: string) => boolean; phrase: string } {
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
    test: (m, key = ix.statusKeyOf(m)) => perPlan.get(m.planId)!.has(key),
    phrase: [...phrases].join(" or "),
  };
}

function list(ix: QuestionIndex, q: Query, ctx: AskContext, inScope: (m: MilestoneFact) => boolean, scopeText: string): Evaluation {
  const asOf = ctx.asOf;
  const sm = q.statuses?.length ? statusMatcher(ix, q.statuses) : null;
  const ms: MilestoneFact[] = [];
  const metas: MilestoneMeta[] = [];
  const all = ix.milestones;
  for (let i = 0; i < all.length; i++) {
    const m = all[i]!;
    if (!inScope(m)) continue;
    if (q.overdue && !isOverdue(m, asOf)) continue;
    if (q.due && (!isOpen(m) || !m.due || m.due < q.due.from || m.due > q.due.to)) continue;
    if (sm && !sm.test(m, ix.metas[i]!.key)) continue;
    if (!sm && !q.overdue && !q.due && !isOpen(m)) continue;
    ms.push(m);
    metas.push(ix.metas[i]!);
  }
  sortByKeys(ms, q.overdue || q.due ? dueOrder(ix) : sectionOrder(ix), metas);
  const preds: string[] = [];
  if (q.overdue) preds.push("overdue");
  if (q.due)
    preds.push(
      `due ${q.due.label}${/^(today|tomorrow)$/.test(q.due.label) ? "" : ` (${formatDate(q.due.from)} to ${formatDate(q.due.to)})`}`,
    );
  if (sm) preds.push(sm.phrase);
  const pred = preds.length ? preds.join(" and ") : "open";
  // what was understood first: "Overdue in Priority 3 — Early Help, as of 2 Dec 2026: 11"
  const lead = `${cap(pred)}${scopeText || " in all your plans"}, as of ${formatDate(asOf)}: ${ms.length}${ms.length ? "" : " — none."}`;
  return listAnswer(ix, q, ctx, ms, lead, undefined, metas);
}

/**
 * Words the parser could not read are never dropped silently. A section written as "p3" is not guessed: the
 * answer asks "did you mean Priority 3 …?" (and offers that question). Any other unread word is named before
 * the answer to what was understood.
 */
function withUnrecognised(ix: QuestionIndex, q: Query, ctx: AskContext): Evaluation {
  const words = q.unrecognised ?? [];
  const rest: Query = { ...q, unrecognised: undefined };
  for (const w of words) {
    const m = SECTION_SHORTHAND.exec(w);
    if (!m || q.section) continue;
    const number = m[1] ?? m[2]!;
    const r = resolveSection(ix, { number });
    const options = r.kind === "one" ? [r.value] : r.kind === "many" ? r.options : [];
    if (options.length === 0) continue;
    const fixed = options.map((s) => {
      const i = q.asked.lastIndexOf(w);
      const word = `${/\b(in|for|of|under)\s*$/.test(q.asked.slice(0, Math.max(0, i))) ? "" : "in "}${s.word.toLowerCase()} ${number}`;
      return i < 0 ? `${q.asked} ${word}` : `${q.asked.slice(0, i)}${word}${q.asked.slice(i + w.length)}`;
    });
    const names = options.map((s) => (ix.plans.length > 1 ? `${s.heading} (${s.planName})` : s.heading));
    return reply(q, `I didn't recognise “${w}” — did you mean ${names.join(" or ")}? Ask “${fixed[0]}”.`, true, [...new Set(fixed)]);
  }
  const ev = evaluateQuery(ix, rest, ctx);
  const note = `I didn't recognise ${words.map((w) => `“${w}”`).join(", ")}, so I left ${words.length === 1 ? "it" : "them"} out.`;
  return { ...ev, query: { ...ev.query, unrecognised: words }, lead: `${note}\n${ev.lead}`, text: `${note}\n${ev.text}` };
}

/** "who owns 3.2": the action's owners (per milestone) and leads. */
/** Several actions match what was asked: the person picks one (each named by ref, title and plan). */
function whichAction(ix: QuestionIndex, q: Query, options: Extract<ReturnType<typeof resolveAction>, { kind: "many" }>["options"]) {
  const opts = options.map((ms) => {
    const m = ms[0]!;
    return `${m.ref ? `${m.ref} ` : ""}${excerpt(m.actionTitle, 70)} (${ix.planById.get(m.planId)!.plan.name})`;
  });
  return reply(q, `Which one do you mean?\n${opts.map((o) => `• ${o}`).join("\n")}`, true, opts);
}

function whoOwns(ix: QuestionIndex, q: Query, ctx: AskContext): Evaluation {
  const target = q.target ?? {};
  const r = resolveAction(ix, target);
  const asked = target.ref ?? target.text ?? "";
  if (r.kind === "none") return reply(q, `I couldn't find an action “${asked}” in your plans (e.g. “who owns 6.5”).`);
  if (r.kind === "many") return whichAction(ix, q, r.options);
  const ms = [...r.value].sort((a, b) => a.position - b.position);
  const m0 = ms[0]!;
  const owners = [...new Set(ms.flatMap((m) => m.owners.map((o) => o.name)))];
  const lead = `Who owns ${m0.ref ?? `“${excerpt(m0.actionTitle, 60)}”`}: ${m0.ref ? `${excerpt(m0.actionTitle, 100)} — ` : ""}${
    owners.length ? `owned by ${owners.join(", ")}` : "no owner named in the plan"
  } (${plural(ms.length, "milestone", "milestones")}):`;
  return listAnswer(ix, q, ctx, ms, lead);
}

function statusOf(ix: QuestionIndex, q: Query, ctx: AskContext): Evaluation {
  const target = q.target ?? {};
  const r = resolveAction(ix, target);
  const asked = target.ref ?? target.text ?? "";
  if (r.kind === "none")
    return reply(q, `I couldn't find an action “${asked}” in your plans. Refs are matched exactly (e.g. “status of 6.5”).`);
  if (r.kind === "many") return whichAction(ix, q, r.options);
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
  // label and score per (plan, status, label) combination, looked up once: plans repeat a handful of them
  const combo = new Map<string, Map<string, Map<string, { label: string; score: number | null }>>>();
  for (const m of ms) {
    let byStatus = combo.get(m.planId);
    if (!byStatus) {
      byStatus = new Map();
      combo.set(m.planId, byStatus);
    }
    let byLabel = byStatus.get(m.status);
    if (!byLabel) {
      byLabel = new Map();
      byStatus.set(m.status, byLabel);
    }
    const lk = m.statusLabel ?? "";
    let c = byLabel.get(lk);
    if (!c) {
      const scale = scaleOfMilestone(ix, m);
      const opt = optionOf(scale, m.status, m.statusLabel);
      c = { label: opt ? opt.label : "No status", score: scoreOf(scale, m.status, m.statusLabel) };
      byLabel.set(lk, c);
    }
    counts.set(c.label, (counts.get(c.label) ?? 0) + 1);
    if (c.score !== null) {
      sum += c.score;
      n++;
    }
  }
  const overdue = ms.filter((m) => isOverdue(m, ctx.asOf));
  const soonEnd = addDays(ctx.asOf, DUE_WINDOW_DAYS);
  const soon = ms.filter((m) => isOpen(m) && m.due && m.due >= ctx.asOf && m.due <= soonEnd).length;
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
  sortByKeys(overdue, dueOrder(ix));
  return listAnswer(ix, q, ctx, overdue, lead);
}

export type { AnswerItem, AskContext, Evaluation };
export { ANSWER_LIMIT, helpText };

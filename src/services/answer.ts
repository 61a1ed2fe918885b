// answerQuestion: plain-English questions answered over the plans the asker may see.
import type { Card } from "../core/cards/model.js";
import { addDays } from "../core/digest/facts.js";
import { answerCard } from "../core/questions/card.js";
import { type AnswerItem, askQuestion, type Evaluation, helpText } from "../core/questions/evaluate.js";
import { parseQuestion, type Query } from "../core/questions/query.js";
import { buildQuestionIndex } from "../core/questions/resolve.js";
import { allPlanIds } from "../storage/access.js";
import type { Db } from "../storage/db.js";
import { lastDigestDates, loadPlanFacts } from "../storage/digests.js";
import { findPlanByKey } from "../storage/plans.js";
import { plansVisibleTo } from "./access.js";
import { answerIndicatorQuestion } from "./indicator-answer.js";

export type { AnswerItem };

export interface Answer {
  understood: boolean;
  query: object;
  total: number;
  items: AnswerItem[];
  text: string;
  card: Card;
}

export interface Asker {
  personId: string | null;
  isAdmin?: boolean;
}

function simple(q: Query, text: string, understood = true): Answer {
  const ev: Evaluation = { understood, query: q, total: 0, items: [], lines: [], lead: text, text, milestoneIds: [] };
  return { understood, query: q, total: 0, items: [], text, card: answerCard(ev) };
}

export async function answerQuestion(db: Db, text: string, asker: Asker, asOf: Date, opts: { planKey?: string } = {}): Promise<Answer> {
  const asOfIso = asOf.toISOString().slice(0, 10);
  const q = parseQuestion(text, asOfIso);
  if (q.kind === "help") return simple(q, helpText());
  const visible = asker.isAdmin ? await allPlanIds(db) : await plansVisibleTo(db, asker.personId);
  let planIds = visible;
  if (opts.planKey) {
    const plan = await findPlanByKey(db, opts.planKey);
    if (!plan) return simple(q, `There is no plan “${opts.planKey}”.`, q.kind !== "unknown");
    if (!visible.includes(plan.id))
      return simple(q, `You don't have access to plan “${plan.key}”. Ask a plan administrator if you should.`, q.kind !== "unknown");
    planIds = [plan.id];
  }
  if (planIds.length > 0) {
    // indicator questions are their own intent (services/indicator-answer.ts); anything else falls through
    const ia = await answerIndicatorQuestion(db, text, planIds, asOfIso);
    if (ia) return { understood: true, query: ia.query, total: ia.total, items: [], text: ia.text, card: ia.card };
  }
  if (q.kind === "unknown") return simple(q, helpText("Sorry, I didn't understand that. Try one of these:"), false);
  if (planIds.length === 0)
    return simple(
      q,
      "You don't have access to any plan: questions are answered only for plans you own items in, lead, sit on the board of or administer.",
    );
  const [facts, lastDigest] = await Promise.all([
    loadPlanFacts(db, planIds, {
      remindersSince: new Date(`${addDays(asOfIso, -60)}T00:00:00Z`),
      // only "what changed" and "who hasn't updated" read the update history and reminders
      updates: q.kind === "changed" || q.kind === "not_updated",
      reminders: q.kind === "not_updated",
    }),
    lastDigestDates(db, planIds, asOf),
  ]);
  const ev = askQuestion(buildQuestionIndex(facts), text, { asOf: asOfIso, asker: { personId: asker.personId }, lastDigest });
  return { understood: ev.understood, query: ev.query, total: ev.total, items: ev.items, text: ev.text, card: answerCard(ev) };
}

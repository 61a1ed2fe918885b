// Indicator cards in Teams: "Enter value"/"Edit" answers with the inline form, "Save" validates (errors on
// the card), records through the indicator service and answers with the recorded summary (with "Edit").
// card-actions.ts routes these invokes here instead of services/act.ts; the cards go through the same
// renderer (escaping, render version) as act's.
import type { Submission } from "../../core/cards/actions.js";
import { indicatorFormCard } from "../../core/cards/indicator.js";
import { refusalCard, refusalText } from "../../core/cards/outcomes.js";
import { messageCard } from "../../core/cards/reminder.js";
import { type Actor, personOf } from "../../services/act.js";
import { canSubmitIndicator, indicatorCardView, submitIndicatorValue } from "../../services/indicator-submit.js";
import type { Db } from "../../storage/db.js";
import { renderAdaptiveCard } from "./render.js";
import { type CardInvokeResponse, cardResponse } from "./submission.js";

export interface IndicatorAnswer {
  res: CardInvokeResponse;
  /** kept as the interaction's result (InboundEvent.resultJson) */
  result: Record<string, unknown>;
}

export function isIndicatorSubmission(s: Submission): boolean {
  return s.kind === "ind_value" || s.kind === "ind_submit";
}

function errorCard(title: string, text: string, result: Record<string, unknown>): IndicatorAnswer {
  return { res: cardResponse(renderAdaptiveCard(messageCard("error", title, [text]), { mode: "read" })), result };
}

/** `version`: this rendering's version (the invoke's stored id), put in the action data of the card answered. */
export async function actIndicator(
  deps: { db: Db; now: () => Date; admins?: string },
  s: Submission,
  actor: Actor,
  key: string,
  version: string,
): Promise<IndicatorAnswer> {
  const { db } = deps;
  const person = await personOf(db, actor);
  if (!person)
    return {
      res: cardResponse(
        renderAdaptiveCard(refusalCard("unknown_person", refusalText("unknown_person", { platform: "teams" })), { mode: "read" }),
      ),
      result: { refused: "unknown_person" },
    };
  const opts = { admins: deps.admins ?? null };
  const period = s.value ?? "";
  if (s.kind === "ind_value") {
    const access = await canSubmitIndicator(db, s.milestoneId, person.id, opts);
    if (!access.allowed)
      return access.reason === "not_found"
        ? errorCard("Indicator not found", "It may have been removed from the plan. Nothing was recorded.", { refused: "not_found" })
        : errorCard("You can't give this figure", "Only the indicator's owner, their deputy or a plan admin can. Nothing was recorded.", {
            refused: "forbidden",
          });
    const view = await indicatorCardView(db, s.milestoneId, period);
    if (!view) return errorCard("Indicator not found", "It may have been removed from the plan.", { refused: "not_found" });
    return { res: cardResponse(renderAdaptiveCard(indicatorFormCard(view), { version })), result: { form: true } };
  }
  const values = (s.values ?? {}) as Record<string, string>;
  const r = await submitIndicatorValue(
    db,
    {
      indicatorId: s.milestoneId,
      periodId: period,
      actorPersonId: person.id,
      values,
      source: "teams",
      idempotencyKey: key,
      now: deps.now(),
    },
    opts,
  );
  if (r.ok)
    return { res: cardResponse(renderAdaptiveCard(r.card, { version })), result: { indicatorValueId: r.valueId, duplicate: r.duplicate } };
  if (r.reason === "invalid")
    return {
      res: cardResponse(
        renderAdaptiveCard(indicatorFormCard(r.view, { value: values.ind_value, note: values.ind_note }, r.errors), { version }),
      ),
      result: { invalid: r.errors },
    };
  return errorCard("Not recorded", r.message, { refused: r.reason });
}

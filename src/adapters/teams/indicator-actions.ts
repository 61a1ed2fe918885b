// Indicator cards in Teams: "Enter value"/"Edit" answers with the inline form, "Save" validates (errors on
// the card), records through the indicator service and answers with the recorded summary (with "Edit").
import type { Submission } from "../../core/cards/actions.js";
import { indicatorFormCard } from "../../core/cards/indicator.js";
import { messageCard } from "../../core/cards/reminder.js";
import { canSubmitIndicator, indicatorCardView, submitIndicatorValue } from "../../services/indicator-submit.js";
import type { Db } from "../../storage/db.js";
import { renderAdaptiveCard } from "./render.js";
import { type CardInvokeResponse, cardResponse } from "./submission.js";

function errorCard(title: string, text: string): CardInvokeResponse {
  return cardResponse(renderAdaptiveCard(messageCard("error", title, [text]), { mode: "read" }));
}

export async function actIndicator(
  deps: { db: Db; now: () => Date; admins?: string },
  s: Submission,
  personId: string,
  key: string,
): Promise<CardInvokeResponse> {
  const { db } = deps;
  const opts = { admins: deps.admins ?? null };
  const period = s.value ?? "";
  if (s.kind === "ind_value") {
    const access = await canSubmitIndicator(db, s.milestoneId, personId, opts);
    if (!access.allowed)
      return access.reason === "not_found"
        ? errorCard("Indicator not found", "It may have been removed from the plan. Nothing was recorded.")
        : errorCard("You can't give this figure", "Only the indicator's owner, their deputy or a plan admin can. Nothing was recorded.");
    const view = await indicatorCardView(db, s.milestoneId, period);
    if (!view) return errorCard("Indicator not found", "It may have been removed from the plan.");
    return cardResponse(renderAdaptiveCard(indicatorFormCard(view)));
  }
  const values = (s.values ?? {}) as Record<string, string>;
  const r = await submitIndicatorValue(
    db,
    {
      indicatorId: s.milestoneId,
      periodId: period,
      actorPersonId: personId,
      values,
      source: "teams",
      idempotencyKey: key,
      now: deps.now(),
    },
    opts,
  );
  if (r.ok) return cardResponse(renderAdaptiveCard(r.card));
  if (r.reason === "invalid")
    return cardResponse(renderAdaptiveCard(indicatorFormCard(r.view, { value: values.ind_value, note: values.ind_note }, r.errors)));
  return errorCard("Not recorded", r.message);
}

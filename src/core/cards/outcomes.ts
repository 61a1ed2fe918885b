// What a person sees after a click or a form, on either platform: the edit card, the snoozed card and the
// refusals. One wording for Slack and Teams (services/act.ts decides which one; the renderers only render).
import type { Scale } from "../status.js";
import type { Card } from "./model.js";
import { formatDate, statusButtons } from "./reminder.js";

/** Why nothing was done. */
export type RefusalReason = "unknown_person" | "not_found" | "forbidden" | "invalid" | "bad_choice" | "not_available";

/** The status buttons again ("Edit" on a recorded summary): the earlier answer stays in the history. */
export function editCard(v: { milestoneId: string; ref: string | null; milestoneTitle: string; scale: Scale }): Card {
  const title = [v.ref, v.milestoneTitle].filter(Boolean).join(" — ");
  return {
    purpose: "edit",
    title: `Change the status of ${title}`,
    fallback: `Change the status of ${title}`,
    blocks: [
      {
        type: "item",
        milestoneId: v.milestoneId,
        title,
        fields: [],
        statusLine: "Choose the new status (the earlier one stays in the history):",
        buttons: [...statusButtons(v.scale, v.milestoneId), { kind: "detail", milestoneId: v.milestoneId, label: "Add detail" }],
        menus: [],
      },
    ],
  };
}

/** After a snooze; `day` is the YYYY-MM-DD the reminder comes back, in the snoozing person's time zone. */
export function snoozedCard(milestoneId: string, day: string): Card {
  const title = `Snoozed until ${formatDate(day)}`;
  const line = "I'll remind you again then. You can still update it now.";
  return {
    purpose: "snoozed",
    title,
    fallback: `${title}. ${line}`,
    blocks: [
      { type: "context", text: `${title} — ${line}` },
      { type: "actions", buttons: [{ kind: "detail", milestoneId, label: "Add detail" }] },
    ],
  };
}

const REFUSAL_TITLES: Record<RefusalReason, string> = {
  unknown_person: "We don't know you yet",
  not_found: "Milestone not found",
  forbidden: "You can't update this milestone",
  invalid: "Not recorded",
  bad_choice: "Not available",
  not_available: "Not available",
};

/** A refusal: what happened (nothing was recorded) and what to do about it. */
export function refusalCard(reason: RefusalReason, text: string): Card {
  const title = REFUSAL_TITLES[reason];
  return { purpose: "refusal", title, fallback: `${title}: ${text}`, blocks: [{ type: "text", text }] };
}

/** The wording of each refusal (item: "3.1 — Supervision compliance", platform: where the person clicked). */
export function refusalText(
  reason: RefusalReason,
  ctx: { item?: string | null; platform?: "slack" | "teams"; message?: string } = {},
): string {
  switch (reason) {
    case "unknown_person": {
      const flag = ctx.platform === "teams" ? '--teams "<your Entra object id>"' : "--slack <your member id>";
      const account = ctx.platform === "teams" ? "Teams" : "Slack";
      return `ragtime does not know who you are yet, so nothing was recorded. Ask a plan administrator to link your ${account} account (ragtime people set "<your name>" ${flag}).`;
    }
    case "not_found":
      return "That milestone is no longer in the plan. Nothing was recorded.";
    case "forbidden":
      return `Only the owners, their deputies, the action lead or a plan administrator can update ${ctx.item || "this milestone"}. Nothing was recorded. Ask a plan administrator if it should be yours.`;
    case "invalid":
      return `${ctx.message ?? "That could not be recorded."} Nothing was recorded.`;
    case "bad_choice":
      return "That snooze choice is not available: choose Tomorrow, 3 working days or Next week.";
    case "not_available":
      return ctx.message ?? "That is not available here.";
  }
}

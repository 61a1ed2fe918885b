// What a click or a form in the playground means: the same services in the same order as the Slack listener
// (adapters/slack/listeners.ts) and the Teams invoke handler (adapters/teams/card-actions.ts) call them, with a
// platform-free outcome that playground/views.ts renders the way each platform would. When the one
// interaction service (services/act) lands, this file is what it replaces.

import { localDate } from "../core/calendar.js";
import { SNOOZE_CHOICES, type SnoozeChoice, type Submission } from "../core/cards/actions.js";
import { validateDetail } from "../core/cards/detail.js";
import type { Card } from "../core/cards/model.js";
import { type DetailFormView, formatDate, messageCard, recordedCard, statusButtons } from "../core/cards/reminder.js";
import type { EnabledPlatforms } from "../delivery/outbox.js";
import { canRecord } from "../services/access.js";
import { notMine } from "../services/notMine.js";
import { recordUpdate } from "../services/recordUpdate.js";
import { snooze } from "../services/snooze.js";
import { detailFormView } from "../services/views.js";
import type { Db } from "../storage/db.js";

export interface Actor {
  id: string;
  name: string;
  timeZone: string;
}

export type Outcome =
  /** the card that replaces the item (recorded summary, snoozed, not mine, edit choices) */
  | { kind: "card"; card: Card }
  /** "Edit": Slack shows the status choices in place (card), Teams the detail form (view), as their adapters do */
  | { kind: "edit"; card: Card; view: DetailFormView }
  /** the "Add detail" form (Slack: a modal; Teams: the card itself) */
  | { kind: "form"; view: DetailFormView }
  /** nothing recorded: Slack says it in an ephemeral message, Teams in an error card */
  | { kind: "refused"; title: string; text: string };

export interface ActDeps {
  db: Db;
  now: () => Date;
  admins?: string;
  enabled: EnabledPlatforms;
}

const FORBIDDEN =
  "Only the milestone's owner, their deputy, the action lead or a plan administrator can update it, so nothing was recorded.";

export async function act(deps: ActDeps, s: Submission, person: Actor, key: string): Promise<Outcome> {
  const { db } = deps;
  const now = deps.now();
  const opts = { admins: deps.admins ?? null };
  const refuse = (reason: string, message?: string): Outcome =>
    reason === "not_found"
      ? { kind: "refused", title: "Milestone not found", text: "That milestone is no longer in the plan. Nothing was recorded." }
      : { kind: "refused", title: reason === "invalid" ? "Not recorded" : "You can't update this milestone", text: message ?? FORBIDDEN };
  // a status click goes straight to recordUpdate, which checks access itself; the rest are checked first
  if (s.kind !== "status") {
    const access = await canRecord(db, s.milestoneId, person.id, opts);
    if (!access.allowed) return refuse(access.reason === "not_found" ? "not_found" : "forbidden");
  }
  const base = {
    milestoneId: s.milestoneId,
    actorPersonId: person.id,
    source: "playground" as const,
    idempotencyKey: key,
    now,
    timeZone: person.timeZone,
  };
  switch (s.kind) {
    case "status": {
      const r = await recordUpdate(db, { ...base, optionId: s.value }, opts);
      if (!r.ok) return refuse(r.reason, `${r.message} Nothing was recorded.`);
      return { kind: "card", card: recordedCard(r.recorded) };
    }
    case "detail":
    case "edit": {
      const view = await detailFormView(db, s.milestoneId);
      if (!view) return refuse("not_found");
      if (s.kind === "detail") return { kind: "form", view };
      const title = [view.ref, view.milestoneTitle].filter(Boolean).join(" — ");
      return {
        kind: "edit",
        view,
        card: {
          purpose: "edit",
          title: `Change the status of ${title}`,
          fallback: `Change the status of ${title}`,
          blocks: [
            {
              type: "item",
              milestoneId: s.milestoneId,
              title,
              fields: [],
              statusLine: "Choose the new status (the earlier one stays in the history):",
              buttons: [...statusButtons(view.scale, s.milestoneId), { kind: "detail", milestoneId: s.milestoneId, label: "Add detail" }],
              menus: [],
            },
          ],
        },
      };
    }
    case "submit_detail": {
      const view = await detailFormView(db, s.milestoneId);
      if (!view) return refuse("not_found");
      const values = s.values ?? {};
      const checked = validateDetail(values, view.scale, localDate(now, person.timeZone));
      if (!checked.ok) return { kind: "form", view: { ...view, current: { ...view.current, ...values }, errors: checked.errors } };
      const r = await recordUpdate(db, { ...base, detail: checked.value }, opts);
      if (!r.ok) return refuse(r.reason, r.message);
      return { kind: "card", card: recordedCard(r.recorded) };
    }
    case "snooze": {
      const choice = (SNOOZE_CHOICES.find((c) => c.value === s.value)?.value ?? "tomorrow") as SnoozeChoice;
      const { until } = await snooze(db, s.milestoneId, person.id, choice, now);
      const day = formatDate(localDate(until, person.timeZone));
      return {
        kind: "card",
        card: {
          ...messageCard("snoozed", `Snoozed until ${day}`, [`I'll remind you again on ${day}. You can still update it now.`]),
          blocks: [
            { type: "context", text: `Snoozed until ${day} — I'll remind you then. You can still update it now.` },
            { type: "actions", buttons: [{ kind: "detail", milestoneId: s.milestoneId, label: "Add detail" }] },
          ],
        },
      };
    }
    case "not_mine": {
      // the acknowledgement names who was asked (Slack shows this card; Teams words it slightly differently)
      const r = await notMine(db, s.milestoneId, person.id, now, { ...opts, enabled: deps.enabled });
      return { kind: "card", card: r.card };
    }
    case "page":
      return { kind: "refused", title: "Not available", text: "Paging is not used in the playground." };
    default:
      // indicator cards (ind_value / ind_submit) are not wired into the playground yet
      return { kind: "refused", title: "Not available", text: "Indicator figures are given in Slack or Teams, not in the playground yet." };
  }
}

// The one interaction service. Whatever the platform, a click or a form on a card is a Submission
// (core/cards/actions.ts), and act() decides everything it means:
// - who may act, in one order: a person ragtime knows -> a milestone that still exists -> the owner, their
//   deputy, the action lead (or deputy), a plan admin or a global admin (services/access.ts);
// - what is recorded (a StatusUpdate under the answer's key, a snooze, a "not mine" request);
// - what the person sees next: a card (recorded summary, edit buttons, snoozed, passed on), a form (Add detail,
//   or the form again with its errors) or a refusal, each with one wording on both platforms.
// Adapters parse the platform payload into a Submission, call act, and render what it returns; nothing else.
// The snooze date is shown in the person's own time zone.
//
// Two kinds of "same" (DESIGN.md): a redelivery or a double click on one rendering of a card is one answer,
// a changed mind on a re-rendered card is a new one. The adapter gives the answer's key in
// `surface.answerKey`; it names the rendering (message + card render version), the action and the person.
import { isTimeZone, localDate } from "../core/calendar.js";
import { SNOOZE_CHOICES, type SnoozeChoice, type Submission } from "../core/cards/actions.js";
import { validateDetail } from "../core/cards/detail.js";
import type { Card } from "../core/cards/model.js";
import { editCard, type RefusalReason, refusalCard, refusalText, snoozedCard } from "../core/cards/outcomes.js";
import { detailCard, recordedCard } from "../core/cards/reminder.js";
import type { EnabledPlatforms } from "../delivery/outbox.js";
import type { Db } from "../storage/db.js";
import { canRecord } from "./access.js";
import { notMine } from "./notMine.js";
import { findPersonById, findPersonByPlatformId, type Person } from "./people.js";
import { type RecordInput, type RecordResult, recordUpdate } from "./recordUpdate.js";
import { snooze } from "./snooze.js";
import { detailFormView } from "./views.js";

export type ChatPlatform = "slack" | "teams";

/**
 * Who clicked: their user id on the platform they clicked on, or (in the playground, where nobody signs in)
 * the person chosen in the page.
 */
export type Actor =
  | {
      platform: ChatPlatform;
      /** Slack member id, or Teams user id / Entra object id */
      userId: string;
    }
  | { platform: "playground"; personId: string };

/** Where the click happened (StatusUpdate.source). */
export interface Surface {
  platform: ChatPlatform | "playground";
  /**
   * Key of this answer: the same for a redelivery or a double click on the same rendering of the card, different
   * once the card was rendered again (it holds the card's render version). Stored as StatusUpdate.idempotencyKey.
   */
  answerKey: string;
}

export interface ActDeps {
  db: Db;
  /** the instant of the interaction (from the composition root's clock) */
  now: Date;
  /** RAGTIME_ADMINS */
  admins?: string | null;
  /** platforms switched on, for the notices "not mine" enqueues */
  enabled: EnabledPlatforms;
}

/** What the person sees next, and what is kept as the interaction's result (InboundEvent.resultJson). */
export type ActOutcome =
  | { kind: "card"; card: Card; milestoneId: string; duplicate?: boolean; result: Record<string, unknown> }
  | { kind: "form"; card: Card; milestoneId: string; scaleId: string; timeZone: string; result: Record<string, unknown> }
  | { kind: "refusal"; reason: RefusalReason; card: Card; result: Record<string, unknown> }
  | { kind: "none"; result: Record<string, unknown> };

export function refusal(reason: RefusalReason, ctx: Parameters<typeof refusalText>[1] = {}): ActOutcome {
  return { kind: "refusal", reason, card: refusalCard(reason, refusalText(reason, ctx)), result: { refused: reason } };
}

/** The person behind a platform user id (null: not linked to anyone in the plans). */
/** One string per actor (a map key for actors of several platforms). */
export function actorKey(actor: Actor): string {
  return actor.platform === "playground" ? `playground:${actor.personId}` : `${actor.platform}:${actor.userId}`;
}

/** "We don't know you yet", with the fix for the platform the person clicked on. */
export function unknownPersonRefusal(actor: Actor): ActOutcome {
  return refusal("unknown_person", actor.platform === "playground" ? {} : { platform: actor.platform });
}

export function personOf(db: Db, actor: Actor): Promise<Person | null> {
  if (actor.platform === "playground") return findPersonById(db, actor.personId);
  return findPersonByPlatformId(db, actor.platform === "slack" ? { slackUserId: actor.userId } : { teamsUserId: actor.userId });
}

/** What recordUpdate is given for an answer by this person on this surface. */
export function recordInput(
  milestoneId: string,
  person: Person,
  surface: Surface,
  now: Date,
  what: Pick<RecordInput, "optionId" | "detail">,
): RecordInput {
  return {
    milestoneId,
    actorPersonId: person.id,
    source: surface.platform,
    idempotencyKey: surface.answerKey,
    now,
    timeZone: person.timeZone,
    ...what,
  };
}

/** the recorded summary, or recordUpdate's refusal in act's wording */
export function recordedOutcome(r: RecordResult, milestoneId: string): ActOutcome {
  if (!r.ok) {
    if (r.reason === "invalid") return refusal("invalid", { message: r.message });
    return refusal(r.reason, { item: r.item ?? null });
  }
  return {
    kind: "card",
    card: recordedCard(r.recorded),
    milestoneId,
    duplicate: r.duplicate,
    result: { statusUpdateId: r.statusUpdateId, duplicate: r.duplicate },
  };
}

/** Decides what a submission means for this person on this surface; see the file comment. */
export async function act(deps: ActDeps, submission: Submission, actor: Actor, surface: Surface): Promise<ActOutcome> {
  const { db, now } = deps;
  const s = submission;
  if (s.kind === "page") return { kind: "none", result: { ignored: "page" } };
  // indicator figures are services/indicator-submit.ts's (the adapters route them there before act)
  if (s.kind === "ind_value" || s.kind === "ind_submit")
    return refusal("not_available", { message: "Indicator figures are given on their own card." });
  const person = await personOf(db, actor);
  if (!person) return unknownPersonRefusal(actor);
  const access = { admins: deps.admins ?? null };
  const record = (what: Pick<RecordInput, "optionId" | "detail">) =>
    recordUpdate(db, recordInput(s.milestoneId, person, surface, now, what), access);
  const recorded = (r: RecordResult) => recordedOutcome(r, s.milestoneId);

  // a status answer goes straight to recordUpdate: it checks access itself, in the same order, and a
  // redelivered answer is recognised by its key before anything else
  if (s.kind === "status") return recorded(await record({ optionId: s.value }));

  const view = await detailFormView(db, s.milestoneId);
  if (!view) return refusal("not_found");
  const item = [view.ref, view.milestoneTitle].filter(Boolean).join(" — ");
  const allowed = await canRecord(db, s.milestoneId, person.id, access);
  if (!allowed.allowed) return refusal(allowed.reason === "not_found" ? "not_found" : "forbidden", { item });

  switch (s.kind) {
    case "edit":
      return { kind: "card", card: editCard(view), milestoneId: s.milestoneId, result: { edit: true } };
    case "detail":
      return {
        kind: "form",
        card: detailCard(view),
        milestoneId: s.milestoneId,
        scaleId: view.scale.id,
        timeZone: person.timeZone,
        result: { form: true },
      };
    case "submit_detail": {
      const values = s.values ?? {};
      const checked = validateDetail(values, view.scale, localDate(now, safeZone(person.timeZone)));
      if (!checked.ok)
        return {
          kind: "form",
          card: detailCard({ ...view, current: { ...view.current, ...values }, errors: checked.errors }),
          milestoneId: s.milestoneId,
          scaleId: view.scale.id,
          timeZone: person.timeZone,
          result: { invalid: checked.errors },
        };
      return recorded(await record({ detail: checked.value }));
    }
    case "snooze": {
      const choice = SNOOZE_CHOICES.find((c) => c.value === s.value)?.value;
      if (!choice) return refusal("bad_choice");
      const { until } = await snooze(db, s.milestoneId, person.id, choice as SnoozeChoice, now);
      const day = localDate(until, safeZone(person.timeZone));
      return { kind: "card", card: snoozedCard(s.milestoneId, day), milestoneId: s.milestoneId, result: { until: until.toISOString() } };
    }
    case "not_mine": {
      const r = await notMine(db, s.milestoneId, person.id, now, { ...access, enabled: deps.enabled });
      return { kind: "card", card: r.card, milestoneId: s.milestoneId, result: { notMine: r.ok } };
    }
  }
}

/** the person's zone, or Europe/London when it is not a zone */
function safeZone(tz: string): string {
  return isTimeZone(tz) ? tz : "Europe/London";
}

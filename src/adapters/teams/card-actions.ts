// adaptiveCard/action invokes: store the raw interaction first, work out who pressed what, call the service,
// and answer with the card that replaces the message (Universal Actions). Never a dead card: after an answer
// the recorded summary carries "Edit"; non-owners get an error card and nothing is stored.
import { SNOOZE_CHOICES, type SnoozeChoice, type Submission } from "../../core/cards/actions.js";
import { validateDetail } from "../../core/cards/detail.js";
import type { Card } from "../../core/cards/model.js";
import { detailCard, formatDate, messageCard, recordedCard } from "../../core/cards/reminder.js";
import type { EnabledPlatforms } from "../../delivery/outbox.js";
import { canRecord } from "../../services/access.js";
import { markInboundProcessed, receiveInbound } from "../../services/inbound.js";
import { notMine } from "../../services/notMine.js";
import { findPersonByPlatformId } from "../../services/people.js";
import { type RecordInput, recordUpdate } from "../../services/recordUpdate.js";
import { snooze } from "../../services/snooze.js";
import { detailFormView } from "../../services/views.js";
import type { Db } from "../../storage/db.js";
import { findOutboxMessage } from "../../storage/outbox.js";
import { actIndicator } from "./indicator-actions.js";
import { cardActors } from "./messenger.js";
import { renderAdaptiveCard } from "./render.js";
import { type CardInvokeResponse, cardResponse, invokeKey, parseInvokeValue } from "./submission.js";

export interface InvokeActivity {
  id?: string;
  name?: string;
  from: { id: string; aadObjectId?: string; name?: string };
  conversation: { id: string; conversationType?: string };
  replyToId?: string;
  value?: unknown;
}

export interface CardActionDeps {
  db: Db;
  now: () => Date;
  /** RAGTIME_ADMINS */
  admins?: string;
  /** platforms on, for notices the services enqueue (not-mine requests to admins) */
  enabled: EnabledPlatforms;
}

type Person = NonNullable<Awaited<ReturnType<typeof findPersonByPlatformId>>>;

function errorCard(title: string, text: string): CardInvokeResponse {
  return cardResponse(renderAdaptiveCard(messageCard("error", title, [text]), { mode: "read" }));
}

function refused(reason: "not_found" | "forbidden"): CardInvokeResponse {
  return reason === "not_found"
    ? errorCard("Milestone not found", "It may have been removed from the plan. Nothing was recorded.")
    : errorCard(
        "You can't update this milestone",
        "Only its owner, their deputy, the action lead or a plan admin can update it. Nothing was recorded — ask a plan admin if it should be yours.",
      );
}

function todayIn(timeZone: string, now: Date): string {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

function milestoneIdsOf(card: Card): string[] {
  const ids = new Set<string>();
  for (const b of card.blocks) if ((b.type === "item" || b.type === "form") && b.milestoneId) ids.add(b.milestoneId);
  return [...ids];
}

/** The user-specific view: the stored outbox card, editable for those who may act on it, read-only otherwise. */
async function refreshView(deps: CardActionDeps, person: Person | null, data: Record<string, string>): Promise<CardInvokeResponse> {
  const { db } = deps;
  const row = data.outbox ? await findOutboxMessage(db, data.outbox.split(":")[0] ?? "") : null;
  if (!row) return errorCard("This card has expired", "Ask the bot for the latest status instead (type help).");
  let card = JSON.parse(row.payloadJson) as Card;
  const part = data.outbox?.split(":")[1];
  if (part !== undefined) card = card.thread?.[Number(part)] ?? card;
  let allowed = false;
  if (person) {
    const ids = milestoneIdsOf(card);
    const recipient = JSON.parse(row.recipientJson) as { personId?: string };
    allowed = cardActors(card, recipient.personId).includes(person.id);
    if (!allowed && ids.length) {
      const checks = await Promise.all(ids.map((m) => canRecord(db, m, person.id, { admins: deps.admins ?? null })));
      allowed = checks.every((c) => c.allowed);
    }
  }
  return cardResponse(renderAdaptiveCard(card, { mode: allowed ? "edit" : "read" }));
}

async function act(deps: CardActionDeps, s: Submission, person: Person, key: string): Promise<CardInvokeResponse> {
  const { db } = deps;
  const now = deps.now();
  const opts = { admins: deps.admins ?? null };
  const record = (what: Pick<RecordInput, "optionId" | "detail">) =>
    recordUpdate(
      db,
      {
        milestoneId: s.milestoneId,
        actorPersonId: person.id,
        source: "teams",
        idempotencyKey: key,
        now,
        timeZone: person.timeZone,
        ...what,
      },
      opts,
    );
  // indicator values are their own submission kind (services/indicator-submit.ts)
  if (s.kind === "ind_value" || s.kind === "ind_submit") return actIndicator(deps, s, person.id, key);
  // a status click goes straight to recordUpdate, which checks access itself (one query set fewer)
  if (s.kind !== "status") {
    const access = await canRecord(db, s.milestoneId, person.id, opts);
    if (!access.allowed) return refused(access.reason === "not_found" ? "not_found" : "forbidden");
  }
  switch (s.kind) {
    case "status": {
      const r = await record({ optionId: s.value });
      if (!r.ok) return r.reason === "invalid" ? errorCard("Not recorded", r.message) : refused(r.reason);
      return cardResponse(renderAdaptiveCard(recordedCard(r.recorded)));
    }
    case "detail":
    case "edit": {
      const view = await detailFormView(db, s.milestoneId);
      if (!view) return errorCard("Milestone not found", "It may have been removed from the plan.");
      return cardResponse(renderAdaptiveCard(detailCard(view)));
    }
    case "submit_detail": {
      const view = await detailFormView(db, s.milestoneId);
      if (!view) return errorCard("Milestone not found", "It may have been removed from the plan.");
      const values = s.values ?? {};
      const checked = validateDetail(values, view.scale, todayIn(person.timeZone, now));
      if (!checked.ok)
        return cardResponse(renderAdaptiveCard(detailCard({ ...view, current: { ...view.current, ...values }, errors: checked.errors })));
      const r = await record({ detail: checked.value });
      if (!r.ok) return errorCard("Not recorded", r.message);
      return cardResponse(renderAdaptiveCard(recordedCard(r.recorded)));
    }
    case "snooze": {
      const choice = SNOOZE_CHOICES.find((c) => c.value === s.value)?.value ?? "tomorrow";
      const { until } = await snooze(db, s.milestoneId, person.id, choice as SnoozeChoice, now);
      const card: Card = {
        ...messageCard("snoozed", `Snoozed until ${formatDate(until.toISOString().slice(0, 10))}`, [
          "You will get this reminder again then. You can still update it now.",
        ]),
        blocks: [
          { type: "text", text: "You will get this reminder again then. You can still update it now." },
          { type: "actions", buttons: [{ kind: "detail", milestoneId: s.milestoneId, label: "Add detail" }] },
        ],
      };
      return cardResponse(renderAdaptiveCard(card));
    }
    case "not_mine": {
      const r = await notMine(db, s.milestoneId, person.id, now, { ...opts, enabled: deps.enabled });
      return cardResponse(
        renderAdaptiveCard(
          r.ok
            ? messageCard("not_mine", "Thanks — the plan admins have been asked to reassign it", [
                `${r.notified.length ? `Sent to ${r.notified.length} admin(s). ` : ""}Nothing was recorded against the milestone.`,
              ])
            : r.card,
          { mode: "read" },
        ),
      );
    }
    case "page":
      return errorCard("Not available", "Paging is not used in Teams cards.");
    default:
      return errorCard("Unknown action", "This card is from an older version of the app; ask for a new one.");
  }
}

/** Handles one adaptiveCard/action invoke and returns the invoke response (a card). */
export async function handleCardAction(deps: CardActionDeps, activity: InvokeActivity): Promise<CardInvokeResponse> {
  const { db } = deps;
  const parsed = parseInvokeValue(activity.value);
  const key = invokeKey({
    fromId: activity.from.aadObjectId ?? activity.from.id,
    conversationId: activity.conversation.id,
    replyToId: activity.replyToId,
    value: activity.value,
  });
  const inbound = await receiveInbound(db, { key, source: "teams", kind: "card.action", payload: activity, receivedAt: deps.now() });
  try {
    const person = await findPersonByPlatformId(db, { teamsUserId: activity.from.aadObjectId ?? activity.from.id });
    let res: CardInvokeResponse;
    if (parsed.kind === "refresh") res = await refreshView(deps, person, parsed.data);
    else if (parsed.kind === "unknown")
      res = errorCard("Unknown action", "This card is from an older version of the app; ask for a new one.");
    else if (!person)
      res = errorCard(
        "We don't know you yet",
        "Your Teams account is not linked to anyone in the plan, so nothing was recorded. Ask a plan admin to map you (ragtime people map).",
      );
    else res = await act(deps, parsed.submission, person, key);
    await markInboundProcessed(db, inbound.id, { status: res.status, purpose: "card" }, deps.now());
    return res;
  } catch (e) {
    await markInboundProcessed(db, inbound.id, e as Error, deps.now()).catch(() => undefined);
    throw e;
  }
}

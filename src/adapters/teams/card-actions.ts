// adaptiveCard/action invokes: store the raw interaction, parse it into a Submission, call the interaction
// service (services/act.ts) and answer with the card it chose (Universal Actions: the card replaces the
// message). Indicator invokes go to services/indicator-submit.ts (indicator-actions.ts) instead of act.
// Refresh invokes get the stored card as the person looking may see it, as it stands now
// (services/act-view.ts). An answer on a card listing several items gives the whole card back with that item
// answered, so the other items stay answerable. The message's parts are the ones fit.ts sent.
// The database failing (locked, read-only, full, connection lost) before the answer is committed gets the
// Universal Actions error response, so the person sees that nothing was recorded and presses again (the same
// rendering and choice has the same key: recorded once); after it is committed, a failure to close the journal
// row does not turn the recorded answer into an error.
import type { Card } from "../../core/cards/model.js";
import { messageCard } from "../../core/cards/reminder.js";
import type { EnabledPlatforms } from "../../delivery/outbox.js";
import { type ActOutcome, act } from "../../services/act.js";
import type { ActBatcher } from "../../services/act-batch.js";
import { answeredView, type CardView, type PickPart, viewCard } from "../../services/act-view.js";
import { teamsRefreshUserIds } from "../../services/conversations.js";
import { isStoreUnavailable, markInboundProcessed, receiveInbound } from "../../services/inbound.js";
import type { InboundJournal } from "../../services/inbound-journal.js";
import type { SettleInbound } from "../../services/inbound-settle.js";
import type { Db } from "../../storage/db.js";
import { teamsParts } from "./fit.js";
import { actIndicator, isIndicatorSubmission } from "./indicator-actions.js";
import { renderAdaptiveCard } from "./render.js";
import {
  type CardInvokeResponse,
  cardResponse,
  type ErrorInvokeResponse,
  invokeKey,
  parseInvokeValue,
  unavailableResponse,
} from "./submission.js";

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
  /**
   * Invokes arriving together (the surface gives these): stored by one group commit, decided in arrival
   * order in batches (services/act-batch.ts) and marked processed together, instead of about a dozen
   * queries each on the one database connection. Without them, each invoke on its own.
   */
  together?: { journal: InboundJournal; line: ActBatcher; settle: SettleInbound };
}

/** The stored row for this invoke: its id is the rendering's version; a repeated key gets the first row's. */
async function store(deps: CardActionDeps, key: string, activity: InvokeActivity): Promise<{ id: string }> {
  const input = { key, source: "teams", kind: "card.action", payload: activity, receivedAt: deps.now() };
  if (!deps.together) return receiveInbound(deps.db, input);
  const r = await deps.together.journal.append(input);
  if (r.id) return { id: r.id };
  return receiveInbound(deps.db, input);
}

/** the message went out as these parts (fit.ts): the root, then "<outbox>:<i>" for the i-th one after it */
const pickPart: PickPart = (stored, part) => {
  const parts = teamsParts(stored);
  return (part === undefined ? parts[0] : parts[Number(part) + 1]) ?? null;
};

/** the refresh block a re-rendered card keeps: everyone who may act on it, and the person looking */
async function refreshOf(db: Db, view: Pick<CardView, "viewer" | "actors">, ref: string | undefined) {
  if (!ref) return {};
  // after a recorded answer, a store that cannot be read now costs the refresh block, never the answer
  const userIds = await teamsRefreshUserIds(db, view.actors, view.viewer?.teamsUserId).catch((e: unknown) => {
    if (isStoreUnavailable(e)) return view.viewer?.teamsUserId ? [`8:orgid:${view.viewer.teamsUserId}`] : [];
    throw e;
  });
  return userIds.length ? { refresh: { userIds, data: { outbox: ref } } } : {};
}

const read = (card: Card) => cardResponse(renderAdaptiveCard(card, { mode: "read" }));

/**
 * act's outcome -> the invoke response: every outcome is a card on Teams (a form is shown inline). `version`
 * is this rendering's version (the invoke's stored id), so answers given on it have keys of their own.
 */
export function renderOutcome(outcome: ActOutcome, version: string, message?: string): CardInvokeResponse {
  switch (outcome.kind) {
    case "card":
    case "form":
      return cardResponse(renderAdaptiveCard(outcome.card, { version, ...(message ? { message } : {}) }));
    case "refusal":
      return read(outcome.card);
    case "none":
      return read(messageCard("error", "Not available", ["Paging is not used in Teams cards."]));
  }
}

/** Handles one adaptiveCard/action invoke and returns the invoke response (a card, or the error when the database fails). */
export async function handleCardAction(deps: CardActionDeps, activity: InvokeActivity): Promise<CardInvokeResponse | ErrorInvokeResponse> {
  const { db } = deps;
  const parsed = parseInvokeValue(activity.value);
  const key = invokeKey({
    fromId: activity.from.aadObjectId ?? activity.from.id,
    conversationId: activity.conversation.id,
    replyToId: activity.replyToId,
    value: activity.value,
  });
  // the invoke's place in line, taken as it arrives (given up below unless act decides it)
  const ticket = deps.together?.line.reserve();
  let inbound: { id: string };
  try {
    inbound = await store(deps, key, activity);
  } catch (e) {
    ticket?.release();
    if (isStoreUnavailable(e)) return unavailableResponse();
    throw e;
  }
  const actor = { platform: "teams" as const, userId: activity.from.aadObjectId ?? activity.from.id };
  try {
    let res: CardInvokeResponse;
    let result: Record<string, unknown>;
    if (parsed.kind === "refresh" || parsed.kind === "unknown" || isIndicatorSubmission(parsed.submission)) ticket?.release();
    if (parsed.kind === "refresh") {
      const ref = parsed.data.outbox;
      const view = await viewCard({ db, admins: deps.admins ?? null }, ref, actor, pickPart);
      // a rendering of its own (the invoke's id): answers given on it are new answers, as on any new rendering
      res = view
        ? cardResponse(
            renderAdaptiveCard(view.card, {
              mode: view.mode,
              version: inbound.id,
              message: ref,
              ...(await refreshOf(db, view, ref)),
            }),
          )
        : read(messageCard("error", "This card has expired", ["Ask the bot for the latest status instead (type help)."]));
      result = { refreshed: view ? view.mode : "expired" };
    } else if (parsed.kind === "unknown") {
      res = read(messageCard("error", "Unknown action", ["This card is from an older version of the app; ask for a new one."]));
      result = { ignored: "unknown action" };
    } else if (isIndicatorSubmission(parsed.submission)) {
      // indicator values are their own submission kind (services/indicator-submit.ts), not act's
      ({ res, result } = await actIndicator(deps, parsed.submission, actor, key, inbound.id));
    } else {
      const s = parsed.submission;
      const surface = { platform: "teams" as const, answerKey: key };
      const outcome = ticket
        ? await ticket.act({ submission: s, actor, surface, now: deps.now() })
        : await act({ db, now: deps.now(), admins: deps.admins ?? null, enabled: deps.enabled }, s, actor, surface);
      // a status or detail answer on a card listing several items: that card again, the item answered
      const answered =
        outcome.kind === "card" && (s.kind === "status" || s.kind === "submit_detail")
          ? await answeredView(db, parsed.message, actor, outcome.milestoneId, pickPart).catch((e: unknown) => {
              // recorded already: if the card cannot be re-read now, the recorded summary is answered instead
              if (isStoreUnavailable(e)) return null;
              throw e;
            })
          : null;
      res = answered
        ? cardResponse(
            renderAdaptiveCard(answered.card, {
              version: inbound.id,
              message: parsed.message,
              ...(await refreshOf(db, answered, parsed.message)),
            }),
          )
        : renderOutcome(outcome, inbound.id, parsed.message);
      result = outcome.result;
    }
    // done (and, for an answer, committed): a journal row that cannot be closed now is not the person's error
    const outcome = { status: res.status, purpose: "card", ...result };
    const settle = deps.together
      ? deps.together.settle(db, inbound.id, outcome, deps.now())
      : markInboundProcessed(db, inbound.id, outcome, deps.now());
    await settle.catch((e: unknown) => {
      if (!isStoreUnavailable(e)) throw e;
    });
    return res;
  } catch (e) {
    await markInboundProcessed(db, inbound.id, e as Error, deps.now()).catch(() => undefined);
    if (isStoreUnavailable(e)) return unavailableResponse();
    throw e;
  } finally {
    ticket?.release();
  }
}

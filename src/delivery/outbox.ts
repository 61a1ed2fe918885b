// Enqueueing into the durable outbox. Every outgoing message (reminder, digest, notice) is a row with a
// unique dedupe key, written in the same transaction as the state that caused it; the worker
// (delivery/worker.ts) sends it. Enqueueing the same key twice is a no-op.
import type { Card } from "../core/cards/model.js";
import type { Db, Tx } from "../storage/db.js";
import { insertOutboxMessage } from "../storage/outbox.js";
import type { RoutingInfo } from "../storage/people.js";
import type { Platform, Recipient } from "./messenger.js";

export interface EnqueueInput {
  dedupeKey: string;
  platform: Platform;
  /** rate-limit bucket, e.g. "slack:dm", "slack:C0123", "teams:<conversationId>", "log" */
  channelKey: string;
  recipient: Recipient;
  card: Card;
  /** earliest send time: now, or later */
  notBefore: Date;
}

/** Inserts the message unless its dedupe key exists; returns the row id and whether it was new. */
export async function enqueueMessage(db: Db | Tx, input: EnqueueInput): Promise<{ id: string; created: boolean }> {
  return insertOutboxMessage(db, {
    dedupeKey: input.dedupeKey,
    platform: input.platform,
    channelKey: input.channelKey,
    recipientJson: JSON.stringify(input.recipient),
    payloadJson: JSON.stringify(input.card),
    nextAttemptAt: input.notBefore,
    createdAt: input.notBefore,
  });
}

export interface EnabledPlatforms {
  slack: boolean;
  teams: boolean;
}

/** A person as routing needs them (storage/people.ts routingInfo); the personal Teams conversation if installed. */
export type RoutablePerson = RoutingInfo;

/** Where a message to this person goes: Slack DM, Teams 1:1, or the log when they have no chat account. */
export function routeToPerson(
  p: RoutablePerson,
  enabled: EnabledPlatforms,
): { platform: Platform; channelKey: string; recipient: Recipient } {
  const base: Recipient = { personId: p.id, personName: p.name };
  if (enabled.slack && p.slackUserId)
    return { platform: "slack", channelKey: "slack:dm", recipient: { ...base, slackUserId: p.slackUserId } };
  if (enabled.teams && p.teamsConversation)
    return {
      platform: "teams",
      channelKey: `teams:${p.teamsConversation.conversationId}`,
      recipient: { ...base, teamsConversationId: p.teamsConversation.conversationId, teamsServiceUrl: p.teamsConversation.serviceUrl },
    };
  return { platform: "log", channelKey: "log", recipient: base };
}

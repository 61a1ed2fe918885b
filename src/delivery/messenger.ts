// The Messenger port: how the outbox worker hands a rendered-later card to a chat platform. The Slack and
// Teams adapters implement it; LogMessenger (log-messenger.ts) prints the card text when no platform is on.
import type { Card } from "../core/cards/model.js";

export type Platform = "slack" | "teams" | "log";

/** Where a message goes. Filled by the service that enqueues it; the messenger picks what it needs. */
export interface Recipient {
  personId?: string;
  personName?: string;
  boardId?: string;
  slackUserId?: string;
  slackChannelId?: string;
  teamsConversationId?: string;
  /** Teams: the stored conversation reference's service URL (replies must use it, not the app-level one) */
  teamsServiceUrl?: string;
}

/**
 * How far a multi-part send (root post, then chart uploads / thread replies) got. The worker stores it on the
 * outbox row, so a retry resumes after the last part the platform accepted instead of posting the root again.
 */
export interface SendProgress {
  /** the posted root's reference (messenger-specific, e.g. Slack "channel:ts", Teams activity id) */
  rootRef?: string;
  /** parts after the root already accepted, in the messenger's own order */
  partsDone: number;
}

export interface OutgoingMessage {
  /** outbox row id; messengers may use it for idempotency on their side */
  id: string;
  dedupeKey: string;
  recipient: Recipient;
  card: Card;
  /** where an earlier attempt stopped: skip the root if rootRef is set (use it as the thread parent), skip done parts */
  progress?: SendProgress;
  /**
   * Persists progress; a messenger sending more than one part awaits it after each accepted part and BEFORE
   * sending the next. It throws when the send must stop (e.g. the worker lost its lease).
   */
  checkpoint?: (p: SendProgress) => Promise<void>;
}

export interface SendResult {
  /** platform reference of the posted message: Slack "channel:ts", Teams "conversation:activityId" */
  platformRef: string;
}

/** Thrown by a messenger when the platform says "slow down" (HTTP 429); the worker waits retryAfterMs. */
export class RateLimitedError extends Error {
  constructor(
    public readonly retryAfterMs: number,
    message = "rate limited",
  ) {
    super(message);
    this.name = "RateLimitedError";
  }
}

/** Thrown when retrying cannot help (unknown user, channel not found, bot not in channel). */
export class PermanentSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentSendError";
  }
}

export interface Messenger {
  readonly platform: Platform;
  send(message: OutgoingMessage): Promise<SendResult>;
}

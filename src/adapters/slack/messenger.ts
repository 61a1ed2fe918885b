// The outbox's Slack Messenger: DMs (chat.postMessage to the user id), channel posts, card attachments
// (PNG charts) via files.uploadV2 into the message's thread, card.thread continuations as thread replies.
// Its WebClient never retries by itself (retries: 0, rejectRateLimitedCalls): a 429 becomes a
// RateLimitedError(Retry-After) and the outbox owns the waiting and retrying.
import { webApi } from "@slack/bolt";
import type { Card } from "../../core/cards/model.js";
import { type Messenger, type OutgoingMessage, PermanentSendError, RateLimitedError, type SendResult } from "../../delivery/messenger.js";
import { renderMessage } from "./render.js";

/** Slack errors retrying cannot fix. */
const PERMANENT = new Set([
  "channel_not_found",
  "user_not_found",
  "users_not_found",
  "not_in_channel",
  "is_archived",
  "account_inactive",
  "user_disabled",
  "cannot_dm_bot",
  "restricted_action",
  "invalid_blocks",
  "invalid_blocks_format",
  "msg_too_long",
  "no_text",
  "invalid_auth",
  "not_authed",
  "missing_scope",
  "ekm_access_denied",
]);

export function createOutboxClient(token: string, slackApiUrl?: string): webApi.WebClient {
  return new webApi.WebClient(token, {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: webApi.LogLevel.ERROR,
  });
}

/** Maps a WebClient error to the outbox's error types (rate limited / permanent / transient). */
export function toSendError(e: unknown): Error {
  const err = e as { code?: string; retryAfter?: number; data?: { error?: string }; message?: string };
  if (err?.code === webApi.ErrorCode.RateLimitedError)
    return new RateLimitedError(Math.max(1, err.retryAfter ?? 1) * 1000, `Slack rate limited: retry after ${err.retryAfter}s`);
  if (err?.code === webApi.ErrorCode.PlatformError && err.data?.error && PERMANENT.has(err.data.error))
    return new PermanentSendError(`Slack refused the message: ${err.data.error}`);
  return e instanceof Error ? e : new Error(String(e));
}

function altText(card: Card, key: string): string {
  for (const b of card.blocks) if (b.type === "image" && b.attachment === key) return b.alt;
  return card.title;
}

export class SlackMessenger implements Messenger {
  readonly platform = "slack" as const;
  constructor(private readonly client: webApi.WebClient) {}

  async send(message: OutgoingMessage): Promise<SendResult> {
    const r = message.recipient;
    const target = r.slackUserId ?? r.slackChannelId;
    if (!target) throw new PermanentSendError(`no Slack user or channel for ${r.personName ?? r.personId ?? r.boardId ?? "recipient"}`);
    try {
      const main = await this.post(target, message.card);
      const { channel, ts } = main;
      for (const att of message.card.attachments ?? []) {
        await this.client.filesUploadV2({
          channel_id: channel,
          thread_ts: ts,
          file: Buffer.from(att.base64, "base64"),
          filename: att.filename,
          title: att.filename.replace(/\.png$/i, ""),
          alt_text: altText(message.card, att.key),
        });
      }
      for (const t of message.card.thread ?? []) await this.post(channel, t, ts);
      return { platformRef: `${channel}:${ts}` };
    } catch (e) {
      throw toSendError(e);
    }
  }

  /** Posts a card (all of its pages); returns the first message's channel + ts. */
  private async post(channel: string, card: Card, threadTs?: string): Promise<{ channel: string; ts: string }> {
    const { text, pages } = renderMessage(card);
    let first: { channel: string; ts: string } | null = null;
    for (const blocks of pages) {
      const res = await this.client.chat.postMessage({
        channel: first?.channel ?? channel,
        text,
        blocks: blocks as unknown as webApi.KnownBlock[],
        unfurl_links: false,
        unfurl_media: false,
        ...(threadTs || first ? { thread_ts: threadTs ?? first?.ts } : {}),
      } as webApi.ChatPostMessageArguments);
      if (!first) first = { channel: String(res.channel), ts: String(res.ts) };
    }
    if (!first) throw new Error("nothing to post");
    return first;
  }
}

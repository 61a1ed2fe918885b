// The outbox's Slack Messenger: DMs (chat.postMessage to the user id), channel posts, card attachments
// (PNG charts) via files.uploadV2 into the message's thread, card.thread continuations as thread replies.
// Its WebClient never retries by itself (retries: 0, rejectRateLimitedCalls): a 429 becomes a
// RateLimitedError(Retry-After) and the outbox owns the waiting and retrying. Multi-part sends checkpoint
// their progress (root ts, parts done), so a retry resumes without posting the root again.
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

  /**
   * Posts the root (first page of the card), then its parts in order: further pages, chart uploads and
   * thread cards, all in the root's thread. After each accepted part (the root included) it checkpoints
   * progress before the next, and a retry resumes from message.progress: the root is never posted twice.
   */
  async send(message: OutgoingMessage): Promise<SendResult> {
    const r = message.recipient;
    const target = r.slackUserId ?? r.slackChannelId;
    if (!target) throw new PermanentSendError(`no Slack user or channel for ${r.personName ?? r.personId ?? r.boardId ?? "recipient"}`);
    const card = message.card;
    const { text, pages } = renderMessage(card);
    // images with an image block go inline in the root message (uploaded first, then shown by file id);
    // other attachments are uploaded into the thread
    const inline = new Set(card.blocks.flatMap((b) => (b.type === "image" ? [b.attachment] : [])));
    const inlined = (card.attachments ?? []).filter((a) => inline.has(a.key));
    const parts: ((root: RootRef) => Promise<unknown>)[] = [
      ...pages.slice(1).map((blocks) => (root: RootRef) => this.postPage(root.channel, text, blocks, root.ts)),
      ...(card.attachments ?? [])
        .filter((a) => !inline.has(a.key))
        .map(
          (att) => (root: RootRef) =>
            this.client.filesUploadV2({
              channel_id: root.channel,
              thread_ts: root.ts,
              file: Buffer.from(att.base64, "base64"),
              filename: att.filename,
              title: att.filename.replace(/\.png$/i, ""),
              alt_text: altText(card, att.key),
            }),
        ),
      ...(card.thread ?? []).flatMap((t) => {
        const m = renderMessage(t);
        return m.pages.map((blocks) => (root: RootRef) => this.postPage(root.channel, m.text, blocks, root.ts));
      }),
    ];
    let done = message.progress?.partsDone ?? 0;
    try {
      let root = parseRootRef(message.progress?.rootRef);
      if (!root) {
        let first: unknown[] | undefined = pages[0];
        if (!first) throw new Error("nothing to post");
        if (inlined.length) {
          const imageFiles: Record<string, string> = {};
          for (const att of inlined) imageFiles[att.key] = await this.uploadImage(card, att);
          first = renderMessage(card, { imageFiles }).pages[0] ?? first;
        }
        const res = await this.postPage(target, text, first);
        root = { channel: String(res.channel), ts: String(res.ts) };
        done = 0;
        if (parts.length) await message.checkpoint?.({ rootRef: rootRefText(root), partsDone: 0 });
      }
      for (let i = done; i < parts.length; i++) {
        await (parts[i] as (root: RootRef) => Promise<unknown>)(root);
        if (i + 1 < parts.length) await message.checkpoint?.({ rootRef: rootRefText(root), partsDone: i + 1 });
      }
      return { platformRef: rootRefText(root) };
    } catch (e) {
      throw toSendError(e);
    }
  }

  /**
   * Uploads an image without sharing it anywhere and returns its file id, for an image block in the root
   * message. (A retry before the root is posted uploads it again; the earlier copy stays unshared.)
   */
  private async uploadImage(card: Card, att: NonNullable<Card["attachments"]>[number]): Promise<string> {
    const res = (await this.client.filesUploadV2({
      file: Buffer.from(att.base64, "base64"),
      filename: att.filename,
      title: att.filename.replace(/\.png$/i, ""),
      alt_text: altText(card, att.key),
    })) as unknown as { files?: { files?: { id?: string }[] }[] };
    const id = res.files?.[0]?.files?.[0]?.id;
    if (!id) throw new Error("Slack accepted the chart upload but returned no file id");
    return id;
  }

  private postPage(channel: string, text: string, blocks: unknown[], threadTs?: string) {
    return this.client.chat.postMessage({
      channel,
      text,
      blocks: blocks as unknown as webApi.KnownBlock[],
      unfurl_links: false,
      unfurl_media: false,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    } as webApi.ChatPostMessageArguments);
  }
}

interface RootRef {
  channel: string;
  ts: string;
}

function rootRefText(r: RootRef): string {
  return `${r.channel}:${r.ts}`;
}

function parseRootRef(ref: string | undefined): RootRef | null {
  const i = ref ? ref.indexOf(":") : -1;
  if (!ref || i <= 0 || i === ref.length - 1) return null;
  return { channel: ref.slice(0, i), ts: ref.slice(i + 1) };
}

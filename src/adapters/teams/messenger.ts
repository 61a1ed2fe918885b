// TeamsMessenger: proactive sends through the Bot Connector API. The SDK's app.send() always uses the
// app-level service URL, so this posts with an API client bound to the stored conversation reference's
// service URL (falling back to TEAMS_SERVICE_URL / the app's default), reusing the app's authenticated HTTP
// client. card.thread goes out as replies in the channel thread; 429 -> RateLimitedError(Retry-After).
// Progress (root activity id, replies done) is checkpointed through the outbox, so a retried message resumes
// after the last accepted reply instead of posting its root again.
import { Client as ApiClient } from "@microsoft/teams.api";
import type { Client as HttpClient } from "@microsoft/teams.common";
import { type Card, type CardAttachment, cardActors } from "../../core/cards/model.js";
import { type Messenger, type OutgoingMessage, PermanentSendError, RateLimitedError, type SendResult } from "../../delivery/messenger.js";
import { lastKnownServiceUrl, teamsRefreshUserIds } from "../../services/conversations.js";
import type { Db } from "../../storage/db.js";
import { baseConversationId, findReference } from "./conversations.js";
import { byteSize, TEAMS_CARD_LIMIT, teamsParts } from "./fit.js";
import { hostedImageUrl, splitAfterImage, withoutImages } from "./images.js";
import { type AdaptiveCard, cardAttachment, renderAdaptiveCard } from "./render.js";

const THREAD_ATTEMPTS = 4;
const THREAD_MAX_WAIT_MS = 15_000;
/** Teams' own limit for a whole message activity (~28 KB) */
export const TEAMS_MESSAGE_HARD_LIMIT = 28 * 1024;

export interface TeamsMessengerDeps {
  db: Db;
  /** the app's HTTP client that adds the bot token (app.api.http) */
  http: () => HttpClient;
  /** service URL used when no reference is stored (TEAMS_SERVICE_URL or the SDK default) */
  defaultServiceUrl: string;
  botId?: string;
  /** TEAMS_PUBLIC_URL: images are served from here instead of inlined */
  publicUrl?: string;
  /** signs hosted image URLs */
  imageSecret?: string;
}

interface HttpErrorLike {
  response?: { status?: number; headers?: Record<string, unknown>; data?: unknown };
  code?: string;
  message?: string;
}

/**
 * Retry-After in ms from seconds or an HTTP date; default 1 s. An HTTP date was written by the connector's
 * own (real) clock, so it is compared with this machine's real clock, not the domain clock.
 */
// real clock on purpose: see above
export function retryAfterMs(value: unknown, now = Date.now()): number {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw === null || raw === "") return 1000;
  const s = Number(raw);
  if (Number.isFinite(s)) return Math.max(0, Math.round(s * 1000));
  const t = Date.parse(String(raw));
  return Number.isNaN(t) ? 1000 : Math.max(0, t - now);
}

/** Maps a connector failure onto the outbox's retry rules. */
export function classifySendError(e: unknown): Error {
  const err = e as HttpErrorLike;
  const status = err.response?.status;
  const detail = err.response?.data ? ` ${JSON.stringify(err.response.data).slice(0, 300)}` : "";
  if (status === 429)
    return new RateLimitedError(retryAfterMs(err.response?.headers?.["retry-after"]), `Teams rate limited (429)${detail}`);
  if (status === 400 || status === 403 || status === 404 || status === 410 || status === 413)
    return new PermanentSendError(`Teams refused the message (${status}):${detail || " conversation not found or bot not installed"}`);
  if (status !== undefined) return new Error(`Teams connector error ${status}${detail}`);
  return new Error(`Teams connector unreachable: ${err.message ?? String(e)}`);
}

export function messageActivity(card: AdaptiveCard, summary: string) {
  return {
    type: "message" as const,
    summary: summary.split("\n")[0]?.slice(0, 200) ?? "",
    attachments: [cardAttachment(card)],
  };
}

export class TeamsMessenger implements Messenger {
  readonly platform = "teams" as const;

  constructor(private readonly deps: TeamsMessengerDeps) {}

  private client(serviceUrl: string): ApiClient {
    return new ApiClient(serviceUrl.replace(/\/+$/, ""), this.deps.http() as never);
  }

  /**
   * A renderer for one message's cards in a conversation: editable in 1:1, read-only + user-specific refresh
   * in shared ones. Who may act is looked up once (the message's root card names them).
   */
  async renderer(card: Card, conversationKind: string, personId?: string): Promise<(part: Card, ref: string) => AdaptiveCard> {
    const actors = cardActors(card, personId);
    const userIds = await teamsRefreshUserIds(this.deps.db, actors);
    const shared = conversationKind !== "personal";
    const { publicUrl, imageSecret } = this.deps;
    return (part, ref) => {
      const opts = {
        mode: shared && actors.length ? ("read" as const) : ("edit" as const),
        refresh: userIds.length ? { userIds, data: { outbox: ref } } : undefined,
        version: ref,
        message: ref,
        imageUrl:
          publicUrl && imageSecret
            ? (a: CardAttachment) => hostedImageUrl(publicUrl, imageSecret, ref.split(":")[0] ?? ref, a.key)
            : undefined,
      };
      const out = renderAdaptiveCard(part, opts);
      // inline images that would push the message over Teams' size limit give way to their description
      if (!opts.imageUrl && part.attachments?.length && byteSize(messageActivity(out, part.fallback)) > TEAMS_CARD_LIMIT)
        return renderAdaptiveCard(withoutImages(part), opts);
      return out;
    };
  }

  /**
   * The cards a message is posted as (root first), each measured and within Teams' limit (fit.ts). A card too
   * big for one message with its inline image is first split after the image, so the chart stays in the root
   * message and the rest is the first reply (the digest puts its chart right under the title block for this).
   * Deterministic, so a retry resumes the same parts.
   */
  async parts(card: Card, conversationKind: string, outboxId: string, personId?: string) {
    const render = await this.renderer(card, conversationKind, personId);
    let whole = card;
    const inline = !(this.deps.publicUrl && this.deps.imageSecret) && card.attachments?.length;
    if (inline) {
      const size = (c: Card) => byteSize(messageActivity(renderAdaptiveCard(c), c.fallback));
      const split = splitAfterImage(card);
      const { thread: _t, ...alone } = card;
      if (split && size(alone) > TEAMS_CARD_LIMIT && size(split.root) <= TEAMS_CARD_LIMIT)
        whole = { ...split.root, thread: [split.rest, ...(card.thread ?? [])] };
    }
    const cards = teamsParts(whole);
    return cards.map((c, i) => {
      const ref = i === 0 ? outboxId : `${outboxId}:${i - 1}`;
      const activity = messageActivity(render(c, ref), c.fallback);
      const size = byteSize(activity);
      // fit.ts guarantees this; a card that still does not fit is never posted
      if (size > TEAMS_MESSAGE_HARD_LIMIT) throw new PermanentSendError(`card part ${i + 1} is ${size} bytes, over Teams' limit`);
      return { card: c, activity, size };
    });
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    const conversationId = message.recipient.teamsConversationId;
    if (!conversationId) throw new PermanentSendError("no Teams conversation for this recipient (the app is not installed for them)");
    const ref = await findReference(this.deps.db, conversationId);
    // a channel of a team the app is in but whose own reference was never captured shares the tenant's
    // service URL: use the latest stored one before the app-level default
    const anyServiceUrl = ref ? null : await lastKnownServiceUrl(this.deps.db);
    const serviceUrl = message.recipient.teamsServiceUrl ?? ref?.serviceUrl ?? anyServiceUrl ?? this.deps.defaultServiceUrl;
    const kind = ref?.kind ?? (conversationId.startsWith("19:") ? "channel" : "personal");
    const api = this.client(serviceUrl);
    const [root, ...parts] = await this.parts(message.card, kind, message.id, message.recipient.personId);
    let rootId = message.progress?.rootRef;
    let done = rootId ? (message.progress?.partsDone ?? 0) : 0;
    if (!rootId) {
      try {
        const res = await api.conversations.createActivity(conversationId, root?.activity as never);
        rootId = res.id;
      } catch (e) {
        throw classifySendError(e);
      }
      done = 0;
      // the root is posted: record it before any reply, so a retry of the message never posts it again
      if (parts.length) await message.checkpoint?.({ rootRef: rootId, partsDone: 0 });
    }
    // short waits on a reply are taken here; longer ones (or repeated failures) go back to the outbox,
    // whose retry resumes after the last reply accepted
    const target = kind === "channel" ? `${baseConversationId(conversationId)};messageid=${rootId}` : conversationId;
    for (let i = done; i < parts.length; i++) {
      const body = parts[i]?.activity;
      for (let attempt = 1; ; attempt++) {
        try {
          await api.conversations.createActivity(target, body as never);
          break;
        } catch (e) {
          const err = classifySendError(e);
          if (err instanceof PermanentSendError || attempt >= THREAD_ATTEMPTS) throw err;
          const wait = err instanceof RateLimitedError ? err.retryAfterMs : 1000 * attempt;
          if (wait > THREAD_MAX_WAIT_MS) throw err;
          await new Promise((r) => setTimeout(r, wait));
        }
      }
      if (i + 1 < parts.length) await message.checkpoint?.({ rootRef: rootId, partsDone: i + 1 });
    }
    return { platformRef: `${conversationId}:${rootId}` };
  }
}

// The durable intake between Bolt's receiver (HTTP or Socket Mode) and the Bolt app.
//
// An interaction whose ack carries no answer (a card button, /ragtime, an @mention or a DM) is stored raw
// FIRST, through the group-committing journal, and only then acknowledged; it is handed to the Bolt app
// (app.processEvent: the same middleware and listeners) afterwards, with its stored id in context.inboundId:
// a card click at once, with its place in the line of clicks (context.ticket: decided in ack order, in
// batches; services/act-batch.ts), anything else from the work queue. So:
// - once Slack has its 200, the interaction is on disk: a crash at any later point is recovered by
//   redeliver() at the next start, and a retry (X-Slack-Retry-Num) or double click is a duplicate key;
// - the ack costs parsing plus a share of one INSERT, not Bolt's middleware and the listener's queries, so a
//   burst of clicks is acknowledged in milliseconds (bench/slack.bench.ts);
// - if the click cannot be stored the request fails (HTTP 500 / no Socket Mode ack), so Slack shows the user
//   an error instead of a silent loss.
// Everything else goes to the app at once, as without this intake. That includes modal submissions: their
// ack carries field errors, so the view listener validates first and then stores through the same journal
// before it acks. url_verification and ssl_check are answered by the receiver itself.
import type { App, Receiver, ReceiverEvent } from "@slack/bolt";
import { parseActionId } from "../../core/cards/actions.js";
import type { Logger } from "../../logger.js";
import type { ActBatcher, ActTicket } from "../../services/act-batch.js";
import type { InboundJournal } from "../../services/inbound-journal.js";
import type { Turns } from "../../services/turns.js";
import type { RawPayloadContext } from "./http-receiver.js";
import type { WorkQueue } from "./work-queue.js";

export interface IntakeEntry {
  key: string;
  kind: string;
  /** processed ahead of the queue (opening a modal: its trigger_id expires 3 s after the click) */
  urgent: boolean;
}

interface SlackBody {
  type?: string;
  command?: string;
  trigger_id?: string;
  event_id?: string;
  event?: { type?: string; channel_type?: string; subtype?: string; bot_id?: string };
  user?: { id?: string };
  actions?: { action_id?: string; action_ts?: string }[];
  container?: { message_ts?: string };
  message?: { ts?: string };
  view?: { id?: string };
}

/** The dedupe key of a card click: the same click delivered twice (retry, double click) has the same key. */
export function actionKey(body: SlackBody, action: { action_id?: string; action_ts?: string }): string {
  const where = body.container?.message_ts ?? body.message?.ts ?? body.view?.id;
  return `slack:${where}:${body.user?.id}:${action.action_id}:${action.action_ts}`;
}

/** A DM from a person to the bot (not an edit, a join, or the bot's own message). */
export function isDirectMessage(e: SlackBody["event"]): boolean {
  return e?.type === "message" && e.channel_type === "im" && !e.subtype && !e.bot_id;
}

/** What is stored before its ack, and under which key; null: handed to Bolt straight away. */
export function intakeEntryOf(raw: unknown): IntakeEntry | null {
  const body = raw as SlackBody;
  if (body.type === "block_actions") {
    const action = body.actions?.[0];
    const parsed = action?.action_id ? parseActionId(action.action_id) : null;
    if (!action || !parsed || parsed.kind === "page" || parsed.kind === "submit_detail") return null;
    return { key: actionKey(body, action), kind: `block_actions:${parsed.kind}`, urgent: parsed.kind === "detail" };
  }
  if (typeof body.command === "string" && body.trigger_id)
    return { key: `slack:command:${body.trigger_id}`, kind: "command", urgent: false };
  if (body.type === "event_callback" && body.event_id) {
    if (body.event?.type === "app_mention") return { key: `slack:event:${body.event_id}`, kind: "app_mention", urgent: false };
    if (isDirectMessage(body.event)) return { key: `slack:event:${body.event_id}`, kind: "message.im", urgent: false };
  }
  return null;
}

export interface IntakeDeps {
  journal: InboundJournal;
  /** commands, mentions, DMs */
  queue: WorkQueue;
  /** card clicks: started at once, each given its place in the batcher's line as it starts */
  clicks: WorkQueue;
  batcher: ActBatcher;
  /** after-ack work a piece per event-loop turn (services/turns.ts) */
  turns: Turns;
  log: Logger;
}

/** What listeners find in `context` for an interaction that came through the intake. */
export interface IntakeContext {
  inboundId?: string;
  /** set when the interaction is processed at start-up after a restart */
  replayedFrom?: string;
  /** a card click's place in line for act (services/act-batch.ts): clicks are decided in the order they came */
  ticket?: ActTicket;
}

/**
 * Wraps Bolt's own receiver (HTTPReceiver or SocketModeReceiver): it still reads, verifies (signature,
 * timestamp) and answers requests; this sits where it would call app.processEvent.
 */
export class IntakeReceiver implements Receiver {
  private app: App | undefined;

  constructor(
    readonly inner: Receiver,
    private readonly deps: IntakeDeps,
  ) {}

  init(app: App): void {
    this.app = app;
    // the inner receiver sees the app with processEvent routed through accept()
    this.inner.init(Object.create(app, { processEvent: { value: (event: ReceiverEvent) => this.accept(event) } }) as App);
  }

  start(...args: unknown[]): Promise<unknown> {
    return this.inner.start(...args);
  }

  stop(...args: unknown[]): Promise<unknown> {
    return this.inner.stop(...args);
  }

  /** Store, then ack, then process later; or hand straight to the app (see the top of this file). */
  async accept(event: ReceiverEvent): Promise<void> {
    const app = this.appOrThrow();
    const entry = intakeEntryOf(event.body);
    if (!entry) return app.processEvent(event);
    // the JSON text as Slack sent it when the receiver kept it (HTTP mode), else the parsed body re-serialised
    const raw = (event.customProperties as RawPayloadContext | undefined)?.rawPayload;
    const receipt = await this.deps.journal.append({ key: entry.key, source: "slack", kind: entry.kind, payload: raw ?? event.body });
    await event.ack();
    if (!receipt.fresh || !receipt.id) {
      this.deps.log.info({ key: entry.key, retryNum: event.retryNum }, "slack: repeated interaction ignored");
      return;
    }
    this.dispatch(event.body, receipt.id, entry.urgent, { retryNum: event.retryNum, retryReason: event.retryReason });
  }

  /** Runs a stored interaction through the app (middleware and listeners), from the work queue. */
  dispatch(
    body: unknown,
    inboundId: string,
    urgent: boolean,
    extra: { retryNum?: number; retryReason?: string; replayedFrom?: string } = {},
  ): Promise<void> {
    const app = this.appOrThrow();
    const context: IntakeContext = { inboundId, ...(extra.replayedFrom ? { replayedFrom: extra.replayedFrom } : {}) };
    const event: ReceiverEvent = {
      body: body as ReceiverEvent["body"],
      // already acknowledged (or, on replay, long past its ack)
      ack: async () => {},
      ...(extra.retryNum !== undefined ? { retryNum: extra.retryNum } : {}),
      ...(extra.retryReason !== undefined ? { retryReason: extra.retryReason } : {}),
      customProperties: context as Record<string, unknown>,
    };
    const isClick = (body as { type?: string }).type === "block_actions" && !urgent;
    const job = isClick
      ? this.deps.clicks.run(async () => {
          // reserved as the job starts: the clicks queue starts jobs in the order they were dispatched
          context.ticket = this.deps.batcher.reserve();
          const ticket = context.ticket;
          try {
            // Bolt's middleware and the listener in a turn of their own, not in the one that sent the acks
            await this.deps.turns.take();
            await app.processEvent(event);
          } finally {
            ticket.release();
          }
        })
      : this.deps.queue.run(() => app.processEvent(event), { urgent });
    return job.catch((e: unknown) => {
      this.deps.log.error({ err: e, inboundId }, "slack: processing a stored interaction failed");
    });
  }

  private appOrThrow(): App {
    if (!this.app) throw new Error("IntakeReceiver used before Bolt initialised it");
    return this.app;
  }
}

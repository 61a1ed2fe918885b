// The playground's messenger and what it keeps. It takes the place of the log messenger (platform "log": every
// message for someone with no Slack or Teams account, which in local mode is everyone), still logs each card,
// and keeps each message as the Slack and Teams messengers would have posted it, so the page can show it.
// After a restart the inbox is rebuilt from the outbox (sent "log" rows); in-place edits made by clicks
// before the restart are not kept (the statuses they recorded are).
import type { Card } from "../core/cards/model.js";
import { cardWithThreadText } from "../delivery/log-messenger.js";
import type { Messenger, OutgoingMessage, Recipient, SendResult } from "../delivery/messenger.js";
import type { Logger } from "../logger.js";
import { sentLogMessages } from "../services/playground-data.js";
import type { Db } from "../storage/db.js";
import { type SlackView, slackView, type TeamsView, teamsView } from "./views.js";

export interface InboxMessage {
  id: string;
  dedupeKey: string;
  /** playground time the message was sent */
  at: string;
  to: Recipient;
  card: Card;
  /** render version: bumped on every in-place change, part of each click's idempotency key */
  rev: number;
  slack: SlackView;
  /** an ephemeral Slack line shown under the message (a refusal), until the next click */
  slackNotice?: string;
  teams: TeamsView;
  /** for an answer: the question the person typed (the page shows it above the answer) */
  asked?: string;
}

export class PlaygroundInbox {
  private readonly messages = new Map<string, InboxMessage>();
  private readonly listeners = new Set<() => void>();

  add(id: string, dedupeKey: string, to: Recipient, card: Card, at: Date): InboxMessage {
    const m: InboxMessage = {
      id,
      dedupeKey,
      at: at.toISOString(),
      to,
      card,
      rev: 1,
      slack: slackView(card),
      teams: teamsView(card, Boolean(to.boardId), to.personId),
    };
    this.messages.set(id, m);
    for (const l of this.listeners) l();
    return m;
  }

  get(id: string): InboxMessage | undefined {
    return this.messages.get(id);
  }

  /** DMs of a person, or a board channel's posts, oldest first. */
  list(filter: { personId?: string; boardId?: string }): InboxMessage[] {
    return [...this.messages.values()].filter((m) =>
      filter.boardId ? m.to.boardId === filter.boardId : Boolean(filter.personId) && m.to.personId === filter.personId,
    );
  }

  /** when the newest message was sent (playground time) */
  latest(): Date | null {
    let t = 0;
    for (const m of this.messages.values()) t = Math.max(t, Date.parse(m.at));
    return t ? new Date(t) : null;
  }

  count(): number {
    return this.messages.size;
  }

  /** Forgets messages whose outbox row is gone, and answers to people who are gone (after `ragtime demo reset`). */
  forgetExcept(outboxIds: Set<string>, personIds: Set<string>): void {
    for (const [id, m] of this.messages) {
      const gone = m.asked !== undefined ? !personIds.has(m.to.personId ?? "") : !outboxIds.has(id);
      if (gone) this.messages.delete(id);
    }
  }

  /** Called whenever a message arrives (tests and the page's long poll wait on it). */
  onMessage(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Loads what was sent before this process started. */
  async restore(db: Db): Promise<number> {
    for (const r of await sentLogMessages(db))
      this.add(r.id, r.dedupeKey, JSON.parse(r.recipientJson) as Recipient, JSON.parse(r.payloadJson) as Card, r.sentAt ?? new Date(0));
    return this.messages.size;
  }
}

export class PlaygroundMessenger implements Messenger {
  readonly platform = "log" as const;

  constructor(
    private readonly inbox: PlaygroundInbox,
    private readonly now: () => Date,
    private readonly log: Logger,
  ) {}

  async send(m: OutgoingMessage): Promise<SendResult> {
    this.inbox.add(m.id, m.dedupeKey, m.recipient, m.card, this.now());
    const to = m.recipient.personName ?? m.recipient.personId ?? m.recipient.boardId ?? "?";
    this.log.debug({ to, dedupeKey: m.dedupeKey, outboxId: m.id }, cardWithThreadText(m.card));
    return { platformRef: `playground:${m.id}` };
  }
}

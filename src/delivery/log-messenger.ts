// The "log" platform: used when no chat platform is configured, and for people with no chat account.
// Prints the card's plain-text rendering (cardToText) so an administrator can see exactly what was due.
import { type Card, cardToText } from "../core/cards/model.js";
import type { Logger } from "../logger.js";
import type { Messenger, OutgoingMessage, SendResult } from "./messenger.js";

export function cardWithThreadText(card: Card): string {
  return [cardToText(card), ...(card.thread ?? []).map((c) => cardToText(c))].join("\n\n");
}

export class LogMessenger implements Messenger {
  readonly platform = "log" as const;

  constructor(
    private readonly log: Logger,
    /** where the text goes; default: the logger at info level (the CLI passes console.log) */
    private readonly print?: (text: string) => void,
  ) {}

  async send(m: OutgoingMessage): Promise<SendResult> {
    const text = cardWithThreadText(m.card);
    const to = m.recipient.personName ?? m.recipient.personId ?? "?";
    if (this.print) this.print(`--- to ${to} (no chat account or no platform configured) [${m.dedupeKey}]\n${text}`);
    else this.log.info({ to, dedupeKey: m.dedupeKey, outboxId: m.id }, text);
    return { platformRef: `log:${m.id}` };
  }
}

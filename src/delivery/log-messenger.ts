// The "log" platform: used when no chat platform is configured, and for people with no chat account.
// Data protection: plans and updates can name children and families, and logs are copied, shipped and kept
// for longer than the database. So by default the log carries what was sent, to whom and how long it was
// (ids, kind, lengths), never the text. RAGTIME_LOG_TEXT=1 (a debug setting, see config.ts) adds the card's
// plain-text rendering; the CLI passes `print` to show the text on the admin's own terminal.
import { type Card, cardToText } from "../core/cards/model.js";
import type { Logger } from "../logger.js";
import type { Messenger, OutgoingMessage, SendResult } from "./messenger.js";

export function cardWithThreadText(card: Card): string {
  return [cardToText(card), ...(card.thread ?? []).map((c) => cardToText(c))].join("\n\n");
}

export interface LogMessengerOptions {
  /** debug only: also log the card's text (plan and update text; may name families) */
  debugText?: boolean;
}

export class LogMessenger implements Messenger {
  readonly platform = "log" as const;
  private readonly print: ((text: string) => void) | undefined;
  private readonly debugText: boolean;

  constructor(
    private readonly log: Logger,
    /** where the text goes (the CLI passes console.log); default: the logger, without the text */
    print?: ((text: string) => void) | LogMessengerOptions,
  ) {
    this.print = typeof print === "function" ? print : undefined;
    this.debugText = typeof print === "object" && Boolean(print.debugText);
  }

  async send(m: OutgoingMessage): Promise<SendResult> {
    const text = cardWithThreadText(m.card);
    if (this.print) {
      const to = m.recipient.personName ?? m.recipient.personId ?? "?";
      this.print(`--- to ${to} (no chat account or no platform configured) [${m.dedupeKey}]\n${text}`);
    } else {
      const facts = {
        to: m.recipient.personId ?? m.recipient.boardId ?? null,
        dedupeKey: m.dedupeKey,
        outboxId: m.id,
        purpose: m.card.purpose,
        blocks: m.card.blocks.length,
        threadCards: m.card.thread?.length ?? 0,
        textLength: text.length,
      };
      if (this.debugText) this.log.info({ ...facts, text }, "log messenger: card (RAGTIME_LOG_TEXT is on)");
      else this.log.info(facts, "log messenger: card (text not logged; set RAGTIME_LOG_TEXT=1 to see it)");
    }
    return { platformRef: `log:${m.id}` };
  }
}

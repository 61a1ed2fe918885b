// What every Slack listener module (actions, views, questions, replay) is given by registerListeners.
import type { App } from "@slack/bolt";
import type { Logger } from "../../logger.js";
import type { InboundJournal } from "../../services/inbound-journal.js";
import type { Db } from "../../storage/db.js";
import type { MessageUpdates } from "./message-updates.js";
import type { SlackServices } from "./services.js";

export interface ListenerDeps {
  db: Db;
  log: Logger;
  now: () => Date;
  services: SlackServices;
  admins?: string;
  /** where a modal submission is stored before its ack (the intake's journal) */
  journal: InboundJournal;
  /** chat.update to one message one at a time, in order (message-updates.ts) */
  updates: MessageUpdates;
  /** runs work that continues after an ack given by a listener (modal submissions; stop() and tests wait via idle()) */
  run<T>(job: () => Promise<T>, opts?: { urgent?: boolean }): Promise<T>;
}

export type SlackClient = App["client"];

/** Lets pending socket reads (the next request's ack) run between database steps (SQLite calls are synchronous). */
export const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/** An ephemeral message to the person who clicked (refusals, errors). */
export async function tellPerson(
  client: SlackClient,
  channel: string | undefined,
  user: string,
  message: { text: string; blocks?: unknown[] },
): Promise<void> {
  if (!channel) return;
  await client.chat.postEphemeral({ channel, user, text: message.text, ...(message.blocks ? { blocks: message.blocks as never } : {}) });
}

export const SORRY = "Sorry — that did not save because of an error on our side. Please try again in a minute.";

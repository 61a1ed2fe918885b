// A card as it stands NOW: the card that was sent (the outbox keeps it) with each plan item's status line
// rewritten from the database's current state, for the person looking. Used when a Teams card is refreshed
// (a status changed in Slack, by the CLI or by a deputy shows up) and when one item of a several-item card is
// answered: that item shows the answer just recorded and keeps its buttons to change it, every other item stays
// answerable — as the Slack card does. Pure: the caller reads the states.
import { localDate, localMinutes } from "../calendar.js";
import { type Scale, type Status, statusText } from "../status.js";
import { formatDate } from "./due-wording.js";
import type { Card, CardBlock } from "./model.js";

export interface ItemState {
  milestoneId: string;
  /** false when the milestone was removed from the plan since the card was sent */
  exists: boolean;
  scale: Scale;
  status: Status;
  statusLabel: string | null;
  /** the latest answer given in chat or the CLI (imports do not count) */
  latest: { byName: string | null; onBehalfOfName: string | null; at: Date } | null;
}

export interface LiveOptions {
  /** the viewer's time zone (times and "today") */
  timeZone: string;
  /** the item just answered on this card */
  answered?: string;
}

function hhmm(at: Date, timeZone: string): string {
  const m = localMinutes(at, timeZone);
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

/** "Amber — recorded by Kara Haskayne (for Sam Jones) on 31 Jan 2018 at 10:12" */
export function answerLine(s: ItemState, timeZone: string): string {
  const label = statusText(s.scale, s.status, s.statusLabel);
  if (!s.latest) return `Last status: ${label} (never updated in chat)`;
  const who = s.latest.byName ? ` by ${s.latest.byName}${s.latest.onBehalfOfName ? ` for ${s.latest.onBehalfOfName}` : ""}` : "";
  return `Last status: ${label} — recorded${who} on ${formatDate(localDate(s.latest.at, timeZone))} at ${hhmm(s.latest.at, timeZone)}`;
}

function liveItem(b: Extract<CardBlock, { type: "item" }>, s: ItemState | undefined, o: LiveOptions): CardBlock {
  if (!s) return b;
  if (!s.exists) return { ...b, statusLine: "This milestone is no longer in the plan.", buttons: [], menus: [] };
  const line = answerLine(s, o.timeZone);
  if (o.answered !== b.milestoneId) return { ...b, statusLine: line };
  return { ...b, statusLine: `✓ ${line.replace(/^Last status: /, "")}. Press another status to change it.` };
}

/** The card with every item's status line from `states`; blocks, buttons and order are kept. */
export function liveCard(card: Card, states: ItemState[], o: LiveOptions): Card {
  const by = new Map(states.map((s) => [s.milestoneId, s]));
  return { ...card, blocks: card.blocks.map((b) => (b.type === "item" ? liveItem(b, by.get(b.milestoneId), o) : b)) };
}

/** The milestone ids of a card's items, in order. */
export function itemIds(card: Card): string[] {
  return card.blocks.flatMap((b) => (b.type === "item" ? [b.milestoneId] : []));
}

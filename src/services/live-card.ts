// A stored card as it stands now, for the person looking (core/cards/live.ts with the database's state).
import { type ItemState, itemIds, liveCard } from "../core/cards/live.js";
import type { Card } from "../core/cards/model.js";
import type { Db } from "../storage/db.js";
import { itemStates } from "../storage/item-states.js";

export type { ItemState };

export async function liveView(db: Db, card: Card, o: { timeZone: string; answered?: string }): Promise<Card> {
  const ids = itemIds(card);
  if (!ids.length) return card;
  return liveCard(card, await itemStates(db, ids), o);
}

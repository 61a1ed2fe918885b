// A card shown again from the database for the person looking at it (Teams asks for this on refresh): the
// stored outbox card, editable for those who may act on every item in it, read-only for everyone else.
// Issue 18 builds the Teams refresh on this; act.ts decides what a click on it means.
import { type Card, cardActors, cardMilestoneIds } from "../core/cards/model.js";
import type { Db } from "../storage/db.js";
import { findOutboxMessage } from "../storage/outbox.js";
import { canRecord } from "./access.js";
import { type Actor, personOf } from "./act.js";

export interface CardView {
  card: Card;
  /** "edit": this person may act on the card; "read": show it without anything to click */
  mode: "edit" | "read";
  /** the outbox message the card was sent as */
  outboxId: string;
}

/** The card stored for `ref` ("<outbox id>" or "<outbox id>:<n>", a thread part), or null. */
export async function storedCard(db: Db, ref: string): Promise<{ card: Card; outboxId: string; recipientJson: string } | null> {
  const [outboxId, part] = ref.split(":");
  const row = outboxId ? await findOutboxMessage(db, outboxId) : null;
  if (!row) return null;
  let card = JSON.parse(row.payloadJson) as Card;
  if (part !== undefined) card = card.thread?.[Number(part)] ?? card;
  return { card, outboxId: row.id, recipientJson: row.recipientJson };
}

/**
 * `ref` names the stored card: "<outbox id>" or "<outbox id>:<n>" for its n-th thread part (what a Teams card's
 * refresh data holds). Null when it is no longer stored.
 */
export async function viewCard(deps: { db: Db; admins?: string | null }, ref: string | undefined, actor: Actor): Promise<CardView | null> {
  const { db } = deps;
  const stored = ref ? await storedCard(db, ref) : null;
  if (!stored) return null;
  const { card } = stored;
  const person = await personOf(db, actor);
  let allowed = false;
  if (person) {
    const recipient = JSON.parse(stored.recipientJson) as { personId?: string };
    allowed = cardActors(card, recipient.personId).includes(person.id);
    const ids = cardMilestoneIds(card);
    if (!allowed && ids.length) {
      const checks = await Promise.all(ids.map((m) => canRecord(db, m, person.id, { admins: deps.admins ?? null })));
      allowed = checks.every((c) => c.allowed);
    }
  }
  return { card, mode: allowed ? "edit" : "read", outboxId: stored.outboxId };
}

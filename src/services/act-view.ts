// A card shown again from the database for the person looking at it (Teams asks for this on refresh): the
// stored outbox card as the database has it now (live-card.ts: a status changed in Slack, by the CLI or a
// deputy shows), editable for those who may act on every item in it, read-only for everyone else.
// act.ts decides what a click on it means; after an answer on a card listing several items, `answeredView`
// gives the whole card back with that item marked answered, so the other items stay answerable.
import { itemIds } from "../core/cards/live.js";
import { type Card, cardActors, cardMilestoneIds } from "../core/cards/model.js";
import type { Db } from "../storage/db.js";
import { findOutboxMessage } from "../storage/outbox.js";
import { canRecord } from "./access.js";
import { type Actor, personOf } from "./act.js";
import { liveView } from "./live-card.js";

export interface CardView {
  card: Card;
  /** "edit": this person may act on the card; "read": show it without anything to click */
  mode: "edit" | "read";
  /** the outbox message the card was sent as */
  outboxId: string;
  /** the person looking (null: not linked to anyone in the plans) */
  viewer: { id: string; teamsUserId: string | null; timeZone: string } | null;
  /** who may act on the card as sent (person ids): a re-rendered card keeps refreshing for all of them */
  actors: string[];
}

function recipientOf(recipientJson: string): string | undefined {
  return (JSON.parse(recipientJson) as { personId?: string }).personId;
}

/**
 * Which stored card a reference's part names. The default reads "<outbox id>:<n>" as the n-th thread card; a
 * platform that sends a card as other parts (Teams fits it to its size limit) passes its own.
 */
export type PickPart = (stored: Card, part: string | undefined) => Card | null;

const threadPart: PickPart = (card, part) => (part === undefined ? card : (card.thread?.[Number(part)] ?? card));

/** The card stored for `ref` ("<outbox id>" or "<outbox id>:<n>", a part), or null. */
export async function storedCard(
  db: Db,
  ref: string,
  pick: PickPart = threadPart,
): Promise<{ card: Card; outboxId: string; recipientJson: string } | null> {
  const [outboxId, part] = ref.split(":");
  const row = outboxId ? await findOutboxMessage(db, outboxId) : null;
  if (!row) return null;
  const card = pick(JSON.parse(row.payloadJson) as Card, part);
  if (!card) return null;
  return { card, outboxId: row.id, recipientJson: row.recipientJson };
}

/**
 * `ref` names the stored card: "<outbox id>" or "<outbox id>:<n>" for one of its parts (what a Teams card's
 * refresh data holds). Null when it is no longer stored.
 */
export async function viewCard(
  deps: { db: Db; admins?: string | null },
  ref: string | undefined,
  actor: Actor,
  pick?: PickPart,
): Promise<CardView | null> {
  const { db } = deps;
  const stored = ref ? await storedCard(db, ref, pick) : null;
  if (!stored) return null;
  const { card } = stored;
  const person = await personOf(db, actor);
  const actors = cardActors(card, recipientOf(stored.recipientJson));
  let allowed = false;
  if (person) {
    allowed = actors.includes(person.id);
    const ids = cardMilestoneIds(card);
    if (!allowed && ids.length) {
      const checks = await Promise.all(ids.map((m) => canRecord(db, m, person.id, { admins: deps.admins ?? null })));
      allowed = checks.every((c) => c.allowed);
    }
  }
  const live = await liveView(db, card, { timeZone: person?.timeZone ?? "Europe/London" });
  return {
    card: live,
    mode: allowed ? "edit" : "read",
    outboxId: stored.outboxId,
    viewer: person ? { id: person.id, teamsUserId: person.teamsUserId ?? null, timeZone: person.timeZone } : null,
    actors,
  };
}

/**
 * After `actor` answered `milestoneId` on the card `ref` names: when that card lists several items, the whole
 * card as it stands now with that item marked answered (its recorded answer and buttons to change it). Null for
 * a one-item card or one no longer stored (the recorded summary is shown instead).
 */
export async function answeredView(
  db: Db,
  ref: string | undefined,
  actor: Actor,
  milestoneId: string,
  pick?: PickPart,
): Promise<{ card: Card; viewer: CardView["viewer"]; actors: string[] } | null> {
  if (!ref) return null;
  const stored = await storedCard(db, ref, pick);
  if (!stored) return null;
  const ids = itemIds(stored.card);
  if (ids.length < 2 || !ids.includes(milestoneId)) return null;
  const person = await personOf(db, actor);
  if (!person) return null;
  const card = await liveView(db, stored.card, { timeZone: person.timeZone, answered: milestoneId });
  return {
    card,
    viewer: { id: person.id, teamsUserId: person.teamsUserId ?? null, timeZone: person.timeZone },
    actors: cardActors(stored.card, recipientOf(stored.recipientJson)),
  };
}

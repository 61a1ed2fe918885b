// Questions in Teams: a 1:1 message or an @mention in a channel/group chat is answered by answerQuestion
// with the asker's own access. "help" lists examples.
import { type Card, withoutMentions } from "../../core/cards/model.js";
import { messageCard } from "../../core/cards/reminder.js";
import { helpText } from "../../core/questions/evaluate.js";
import { isGlobalAdmin } from "../../services/access.js";
import { answerQuestion } from "../../services/answer.js";
import { latestConversationDigest } from "../../services/conversations.js";
import { isStoreUnavailable, markInboundProcessed, receiveInbound } from "../../services/inbound.js";
import { findPersonByPlatformId } from "../../services/people.js";
import type { Db } from "../../storage/db.js";

/** The help card (also the welcome on install): the same examples the question parser understands. */
export function helpCard(): Card {
  return messageCard("help", "Ask me about the plan", [
    ...helpText("Try one of these in a chat with me, or @mention me in a channel:").split("\n"),
    "I answer from the plans you own items in, lead, sit on the board of or administer.",
  ]);
}

export interface MessageActivity {
  id?: string;
  text?: string;
  from: { id: string; aadObjectId?: string; name?: string };
  recipient?: { id: string; name?: string };
  conversation: { id: string; conversationType?: string };
}

/** "<at>ragtime</at> what is overdue" -> "what is overdue" (the SDK strips too; this covers plain names) */
export function questionText(text: string | undefined, botName?: string): string {
  let t = (text ?? "").replace(/<at>[^<]*<\/at>/gi, " ");
  if (botName) t = t.replace(new RegExp(`^\\s*@?${botName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "i"), " ");
  return t.replace(/\s+/g, " ").trim();
}

/** "digest" in a board's channel: the latest digest as it was presented (snapshot), or how to get one. */
export async function latestDigestCard(db: Db, conversationId: string): Promise<Card> {
  const found = await latestConversationDigest(db, conversationId);
  if (!found)
    return messageCard("digest", "No board here", [
      "This conversation is not a board's Teams channel. Ask a plan admin to set it as the board's Teams conversation.",
    ]);
  const { board, snapshot: snap } = found;
  if (!snap)
    return messageCard("digest", `No digest yet for ${board.name}`, [`The first one is posted on its schedule (${board.schedule}).`]);
  // shown again on request: name people instead of pinging them a second time
  return withoutMentions(snap.card);
}

export interface QuestionDeps {
  db: Db;
  now: () => Date;
  admins?: string;
}

/** The reply when the database cannot be read or written just now (the question is not kept: ask again). */
export function unavailableCard(): Card {
  return messageCard("error", "I can't answer just now", [
    "ragtime's database is unavailable for a moment, so I couldn't look this up. Please ask again in a minute.",
  ]);
}

/**
 * Returns the card to reply with (or null for an empty message or a connector retry). The database failing
 * (locked, read-only, full, connection lost) gets a reply that says so, not the SDK's bare 500 and silence: the
 * reply goes out through the connector, which does not need the database.
 */
export async function answerMessage(deps: QuestionDeps, activity: MessageActivity): Promise<Card | null> {
  try {
    return await answer(deps, activity);
  } catch (e) {
    if (isStoreUnavailable(e)) return unavailableCard();
    throw e;
  }
}

async function answer(deps: QuestionDeps, activity: MessageActivity): Promise<Card | null> {
  const text = questionText(activity.text, activity.recipient?.name);
  if (!text) return null;
  const inbound = await receiveInbound(deps.db, {
    key: `teams:message:${activity.conversation.id}:${activity.id ?? text}`,
    source: "teams",
    kind: "message",
    payload: activity,
    receivedAt: deps.now(),
  });
  if (!inbound.fresh) return null; // a connector retry of a message already answered
  try {
    let card: Card;
    if (/^(\?|hi|hello)$/i.test(text)) card = helpCard();
    else if (/^digest$/i.test(text)) card = await latestDigestCard(deps.db, activity.conversation.id);
    else {
      const person = await findPersonByPlatformId(deps.db, { teamsUserId: activity.from.aadObjectId ?? activity.from.id });
      const answer = await answerQuestion(
        deps.db,
        text,
        { personId: person?.id ?? null, isAdmin: person ? isGlobalAdmin(person, { admins: deps.admins ?? null }) : false },
        deps.now(),
      );
      card = answer.card;
      if (!answer.understood) card = { ...card, blocks: [...card.blocks, { type: "context", text: "Type help for examples." }] };
    }
    await markInboundProcessed(deps.db, inbound.id, { purpose: card.purpose }, deps.now());
    return card;
  } catch (e) {
    await markInboundProcessed(deps.db, inbound.id, e as Error, deps.now()).catch(() => undefined);
    throw e;
  }
}

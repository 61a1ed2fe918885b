// Teams conversation references: captured when the app is installed (personal, team, group chat) and linked
// to the Person (by AAD object id, else e-mail) or to the Board whose teamsConversationId it is. Proactive
// sends read the reference's service URL from here. The storing and linking is services/conversations.ts;
// this file maps the activity's conversation type and keeps the adapter's names.
import {
  baseConversationId,
  type CapturedReference,
  type ConversationKind,
  findConversation,
  forgetConversation,
  type StoredReference,
  saveConversation,
} from "../../services/conversations.js";
import { personalTeamsConversation } from "../../services/people.js";
import type { Db } from "../../storage/db.js";

export type { CapturedReference, ConversationKind, StoredReference };
export { baseConversationId };

export function conversationKind(type: string | undefined | null): ConversationKind {
  if (type === "channel") return "channel";
  if (type === "groupChat") return "groupChat";
  return "personal";
}

/** Upserts the reference and links it; returns what it is linked to. */
export function saveReference(db: Db, ref: CapturedReference): Promise<StoredReference> {
  return saveConversation(db, ref);
}

/** The app was removed from this conversation: its reference is deleted. */
export function forgetReference(db: Db, conversationId: string): Promise<boolean> {
  return forgetConversation(db, conversationId);
}

export function findReference(db: Db, conversationId: string) {
  return findConversation(db, conversationId);
}

/** A person's personal (1:1) conversation, if the app is installed for them. */
export function personalReferenceOf(db: Db, personId: string) {
  return personalTeamsConversation(db, personId);
}

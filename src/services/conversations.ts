// Teams installations: storing a conversation reference and linking it to the Person who installed the app
// (by AAD object id, else e-mail) or to the Board whose Teams conversation it is; and the look-ups the Teams
// adapter needs to send to, or answer in, a stored conversation.
import {
  type Board,
  boardById,
  boardByTeamsConversation,
  boardNames,
  type ConversationRef,
  deleteConversationRef,
  findConversationRef,
  latestServiceUrl,
  linkedBoardId,
  linkRefToPerson,
  listConversationRefs,
  unlinkedPersonalRefs,
  upsertConversationRef,
} from "../storage/conversations.js";
import type { Db } from "../storage/db.js";
import { latestBoardDigest } from "../storage/digests.js";
import { findPersonByEmailAsWritten, findPersonByTeamsUserId, teamsUserIdsOf, updatePerson } from "../storage/people.js";
import { type DigestSnapshot, parseSnapshot } from "./digest.js";

export type ConversationKind = "personal" | "channel" | "groupChat";

export interface CapturedReference {
  conversationId: string;
  kind: ConversationKind;
  serviceUrl: string;
  tenantId: string | null;
  /** the installing / chatting user's AAD object id (personal conversations) */
  aadObjectId: string | null;
  /** the user's e-mail / UPN when the roster told us */
  email?: string | null;
  botId: string | null;
}

export interface StoredReference {
  id: string;
  conversationId: string;
  kind: string;
  serviceUrl: string;
  personId: string | null;
  boardId: string | null;
}

/** "19:abc@thread.tacv2;messageid=123" -> "19:abc@thread.tacv2" */
export function baseConversationId(id: string): string {
  return id.split(";")[0] ?? id;
}

/** Is somebody already linked to this Teams user (AAD object id)? */
export async function isLinkedTeamsUser(db: Db, aadObjectId: string): Promise<boolean> {
  return (await findPersonByTeamsUserId(db, aadObjectId)) !== null;
}

/** Upserts the reference and links it; returns what it is linked to. */
export async function saveConversation(db: Db, ref: CapturedReference): Promise<StoredReference> {
  const conversationId = baseConversationId(ref.conversationId);
  let personId: string | null = null;
  let boardId: string | null = null;
  if (ref.kind === "personal") {
    let person = ref.aadObjectId ? await findPersonByTeamsUserId(db, ref.aadObjectId) : null;
    if (!person && ref.email) {
      person = await findPersonByEmailAsWritten(db, ref.email);
      // first contact by e-mail: remember the AAD id so later activities match directly
      if (person && !person.teamsUserId && ref.aadObjectId) person = await updatePerson(db, person.id, { teamsUserId: ref.aadObjectId });
    }
    personId = person?.id ?? null;
  } else {
    const board = await boardByTeamsConversation(db, conversationId);
    boardId = board?.id ?? null;
  }
  const row = await upsertConversationRef(db, conversationId, {
    kind: ref.kind,
    serviceUrl: ref.serviceUrl.replace(/\/+$/, ""),
    tenantId: ref.tenantId,
    aadObjectId: ref.aadObjectId,
    upn: ref.kind === "personal" && ref.email ? ref.email.trim().toLowerCase() : null,
    botId: ref.botId,
    personId,
    boardId,
  });
  return { id: row.id, conversationId, kind: row.kind, serviceUrl: row.serviceUrl, personId, boardId };
}

/** The stored reference for a conversation (a channel thread id finds its channel's reference). */
/**
 * The app was removed from a conversation (uninstalled from a personal chat, or removed from a team): forget
 * its reference, so reminders stop going to a conversation the bot can no longer post in (they fall back to
 * the person's other channel, or the log). Installing again stores it afresh.
 */
export function forgetConversation(db: Db, conversationId: string): Promise<boolean> {
  return deleteConversationRef(db, baseConversationId(conversationId));
}

export function findConversation(db: Db, conversationId: string): Promise<ConversationRef | null> {
  return findConversationRef(db, baseConversationId(conversationId));
}

/** The service URL of the latest stored reference: channels of the same tenant share it. */
export function lastKnownServiceUrl(db: Db): Promise<string | null> {
  return latestServiceUrl(db);
}

/** Teams user ids (AAD object ids) of the people who may act on a card. */
export function teamsUserIdsOfPeople(db: Db, personIds: string[]): Promise<string[]> {
  return personIds.length ? teamsUserIdsOf(db, personIds) : Promise.resolve([]);
}

/**
 * "people who may act" (person ids, or Teams ids already) -> Teams user MRIs for a card's refresh.userIds, as
 * "8:orgid:<Entra object id>". The one decision for a card as sent and a card given back after a click, so an
 * answered card keeps refreshing for everyone who may act on it (deputies too), not only the person who clicked.
 * Microsoft's own samples use the id the bot sees in activity.from.id ("29:…") instead, which ragtime does not
 * store. It only matters in chats and channels of more than 60 members: in smaller ones Teams refreshes the card
 * for everyone whatever userIds says, and refresh gives each person the view they may have.
 */
export async function teamsRefreshUserIds(db: Db, actors: string[], viewerTeamsId?: string | null): Promise<string[]> {
  const people = actors.filter((a) => !/^(29|8):/.test(a));
  const ids = (await teamsUserIdsOfPeople(db, people)).map((aad) => `8:orgid:${aad}`);
  // actors already given as Teams ids are kept as they are
  for (const a of actors) if (/^(29|8):/.test(a)) ids.push(a);
  if (viewerTeamsId) ids.push(/^(29|8):/.test(viewerTeamsId) ? viewerTeamsId : `8:orgid:${viewerTeamsId}`);
  return [...new Set(ids)];
}

/** The board this conversation belongs to: the one linked at install, else the one naming it as its Teams conversation. */
export async function boardOfConversation(db: Db, conversationId: string): Promise<Board | null> {
  const base = baseConversationId(conversationId);
  const boardId = await linkedBoardId(db, base);
  return boardId ? boardById(db, boardId) : boardByTeamsConversation(db, base);
}

/** The board of this conversation and the snapshot of its latest digest (null when none was posted or it is unreadable). */
export async function latestConversationDigest(
  db: Db,
  conversationId: string,
): Promise<{ board: Board; snapshot: DigestSnapshot | null } | null> {
  const board = await boardOfConversation(db, conversationId);
  if (!board) return null;
  const row = await latestBoardDigest(db, board.id);
  return { board, snapshot: row ? parseSnapshot(row.snapshotJson) : null };
}

export interface ConversationListing {
  conversationId: string;
  kind: string;
  /** the linked person's name */
  person: string | null;
  /** the linked board's name (its id if the board is gone) */
  board: string | null;
  serviceUrl: string;
}

/** Stored Teams conversations, oldest first, with who or which board each belongs to (ragtime teams conversations). */
export async function listConversations(db: Db): Promise<ConversationListing[]> {
  const rows = await listConversationRefs(db);
  const boards = await boardNames(db);
  return rows.map((r) => ({
    conversationId: r.conversationId,
    kind: r.kind,
    person: r.person?.name ?? null,
    board: r.boardId ? (boards.get(r.boardId) ?? r.boardId) : null,
    serviceUrl: r.serviceUrl,
  }));
}

export interface WaitingConversation {
  conversationId: string;
  aadObjectId: string | null;
  upn: string | null;
}

export interface InstallCheck {
  /** conversations linked now: who to */
  linked: { conversationId: string; person: string; by: "aad" | "upn" }[];
  /** personal installs still nobody's: map the person with `ragtime people set "<name>" --teams <aad>` or --email <upn> */
  waiting: WaitingConversation[];
}

/**
 * Links personal chats the app was installed in before their person was mapped: by AAD object id (the
 * person's Teams user id), else by UPN / e-mail. A person matched by UPN who has no Teams user id yet gets
 * the chat's AAD object id, as on a first install. `onlyPersonId` limits it to one person (after a mapping).
 */
export async function linkWaitingConversations(db: Db, onlyPersonId?: string): Promise<InstallCheck> {
  const out: InstallCheck = { linked: [], waiting: [] };
  for (const ref of await unlinkedPersonalRefs(db)) {
    let by: "aad" | "upn" = "aad";
    let person = ref.aadObjectId ? await findPersonByTeamsUserId(db, ref.aadObjectId) : null;
    if (!person && ref.upn) {
      person = await findPersonByEmailAsWritten(db, ref.upn);
      by = "upn";
      // a person already mapped to another Teams account is not relinked by e-mail
      if (person?.teamsUserId && ref.aadObjectId && person.teamsUserId !== ref.aadObjectId) person = null;
    }
    if (!person || (onlyPersonId && person.id !== onlyPersonId)) {
      if (!person) out.waiting.push({ conversationId: ref.conversationId, aadObjectId: ref.aadObjectId, upn: ref.upn });
      continue;
    }
    if (!person.teamsUserId && ref.aadObjectId) await updatePerson(db, person.id, { teamsUserId: ref.aadObjectId });
    await linkRefToPerson(db, ref.id, person.id);
    out.linked.push({ conversationId: ref.conversationId, person: person.name, by });
  }
  return out;
}

// Teams conversation references (one row per installation: personal chat, team channel, group chat) and the
// look-ups that link them: the board whose Teams conversation it is (its latest digest is in digests.ts).
import type { Board, ConversationRef } from "../generated/sqlite/client.js";
import type { Db, Tx } from "./db.js";

export type { Board, ConversationRef };

/** What an installation stores besides its conversation id. */
export interface ConversationRefData {
  kind: string;
  serviceUrl: string;
  tenantId: string | null;
  aadObjectId: string | null;
  /** UPN / e-mail from the roster, lower-cased */
  upn?: string | null;
  botId: string | null;
  personId: string | null;
  boardId: string | null;
}

/** The reference stored for exactly this conversation id (callers strip ";messageid=..." first). */
export function findConversationRef(db: Db | Tx, conversationId: string): Promise<ConversationRef | null> {
  return db.conversationRef.findUnique({ where: { conversationId } });
}

/** Creates the reference or replaces its data (same conversation id). */
export function upsertConversationRef(db: Db | Tx, conversationId: string, data: ConversationRefData): Promise<ConversationRef> {
  return db.conversationRef.upsert({ where: { conversationId }, create: { conversationId, ...data }, update: data });
}

/** Deletes the reference for this conversation id; false when none was stored. */
export async function deleteConversationRef(db: Db | Tx, conversationId: string): Promise<boolean> {
  return (await db.conversationRef.deleteMany({ where: { conversationId } })).count > 0;
}

/** The service URL of the most recently stored reference (any conversation), or null when none is stored. */
export async function latestServiceUrl(db: Db | Tx): Promise<string | null> {
  const row = await db.conversationRef.findFirst({ orderBy: { updatedAt: "desc" }, select: { serviceUrl: true } });
  return row?.serviceUrl ?? null;
}

/** The board id a stored reference was linked to at install, or null (no reference, or not linked). */
export async function linkedBoardId(db: Db | Tx, conversationId: string): Promise<string | null> {
  const ref = await db.conversationRef.findUnique({ where: { conversationId }, select: { boardId: true } });
  return ref?.boardId ?? null;
}

export function boardById(db: Db | Tx, id: string): Promise<Board | null> {
  return db.board.findUnique({ where: { id } });
}

/** The board whose Teams conversation (Board.teamsConversationId) this is. */
export function boardByTeamsConversation(db: Db | Tx, conversationId: string): Promise<Board | null> {
  return db.board.findFirst({ where: { teamsConversationId: conversationId } });
}

/** Every stored reference (oldest first) with its person's name. */
export function listConversationRefs(db: Db | Tx) {
  return db.conversationRef.findMany({ include: { person: { select: { name: true } } }, orderBy: { createdAt: "asc" } });
}

/** board id -> board name, for labelling references linked to boards. */
export async function boardNames(db: Db | Tx): Promise<Map<string, string>> {
  return new Map((await db.board.findMany({ select: { id: true, name: true } })).map((b) => [b.id, b.name]));
}

/** Personal conversations not linked to anybody yet (the app was installed before the person was mapped). */
export function unlinkedPersonalRefs(db: Db | Tx) {
  return db.conversationRef.findMany({ where: { kind: "personal", personId: null }, orderBy: { createdAt: "asc" } });
}

/** Links a stored reference to a person. */
export async function linkRefToPerson(db: Db | Tx, id: string, personId: string): Promise<void> {
  await db.conversationRef.update({ where: { id }, data: { personId } });
}

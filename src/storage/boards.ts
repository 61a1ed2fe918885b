// Boards: who receives the digest, where, when, and for which part of a plan.
import type { Db, Tx } from "./db.js";

export interface BoardData {
  name: string;
  planId: string;
  sectionsJson: string | null;
  chairId: string | null;
  slackChannelId: string | null;
  teamsConversationId: string | null;
  schedule: string;
  timeZone: string;
  meetingsJson: string;
}

export function findBoardByName(db: Db | Tx, name: string) {
  return db.board.findUnique({ where: { name }, include: { plan: true, chair: true, members: { include: { person: true } } } });
}

export function getBoard(db: Db | Tx, id: string) {
  return db.board.findUnique({ where: { id }, include: { plan: true, chair: true, members: { include: { person: true } } } });
}

export type BoardWithPlan = NonNullable<Awaited<ReturnType<typeof getBoard>>>;

export function listBoards(db: Db | Tx) {
  return db.board.findMany({ include: { plan: true, chair: true, members: { include: { person: true } } }, orderBy: { name: "asc" } });
}

/** Creates the board or updates it in place (same name), replacing its members. */
export async function upsertBoard(db: Db, data: BoardData, memberIds: string[], now: Date) {
  return db.$transaction(async (tx) => {
    const board = await tx.board.upsert({ where: { name: data.name }, create: { ...data, createdAt: now }, update: data });
    await tx.boardMember.deleteMany({ where: { boardId: board.id } });
    for (const personId of memberIds) await tx.boardMember.create({ data: { boardId: board.id, personId } });
    return board;
  });
}

export function teamsConversation(db: Db | Tx, conversationId: string) {
  return db.conversationRef.findUnique({ where: { conversationId } });
}

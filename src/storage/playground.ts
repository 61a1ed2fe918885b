// The playground's inbox is the outbox: what the log messenger was handed (state "sent", platform "log").
import type { Db } from "./db.js";

export function sentLogMessages(db: Db) {
  return db.outboxMessage.findMany({
    where: { platform: "log", state: "sent" },
    orderBy: [{ sentAt: "asc" }, { createdAt: "asc" }],
    select: { id: true, dedupeKey: true, recipientJson: true, payloadJson: true, sentAt: true },
  });
}

/** ids of the messages still in the outbox (a `ragtime demo reset` in another process deletes the demo's) */
export async function sentLogIds(db: Db): Promise<Set<string>> {
  const rows = await db.outboxMessage.findMany({ where: { platform: "log" }, select: { id: true } });
  return new Set(rows.map((r) => r.id));
}

export interface PlaygroundPerson {
  id: string;
  name: string;
  timeZone: string;
  /** open (not complete) milestones they own */
  owns: number;
  leads: number;
  chairs: number;
  admin: boolean;
}

/** Everyone with a part in a plan (owner, action lead, board chair, plan admin), for "who are you?". */
export async function playgroundPeople(db: Db): Promise<PlaygroundPerson[]> {
  const people = await db.person.findMany({
    where: { OR: [{ owns: { some: {} } }, { leads: { some: {} } }, { chairOf: { some: {} } }, { adminOf: { some: {} } }] },
    select: {
      id: true,
      name: true,
      timeZone: true,
      _count: { select: { owns: { where: { milestone: { status: { not: "complete" } } } }, leads: true, chairOf: true, adminOf: true } },
    },
    orderBy: { name: "asc" },
  });
  return people.map((p) => ({
    id: p.id,
    name: p.name,
    timeZone: p.timeZone,
    owns: p._count.owns,
    leads: p._count.leads,
    chairs: p._count.chairOf,
    admin: p._count.adminOf > 0,
  }));
}

export function playgroundBoards(db: Db) {
  return db.board.findMany({
    select: { id: true, name: true, chairId: true, meetingsJson: true, plan: { select: { key: true, name: true } } },
    orderBy: { name: "asc" },
  });
}

export function personForPlayground(db: Db, id: string) {
  return db.person.findUnique({ where: { id }, select: { id: true, name: true, timeZone: true } });
}

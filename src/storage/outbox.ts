// Outbox repository for the delivery worker: claim with a lease, confirm the lease just before a send,
// record the platform reference, reschedule or dead-letter. Rows are only ever moved on by the worker that
// holds the lease (every update is conditioned on leaseOwner), so a slow or dead worker cannot overwrite
// another's result.
import type { Db, Tx } from "./db.js";
import { dbInfo } from "./db-registry.js";
import { isUniqueViolation } from "./errors.js";

export interface ClaimedMessage {
  id: string;
  dedupeKey: string;
  platform: string;
  channelKey: string;
  recipientJson: string;
  payloadJson: string;
  attempts: number;
  /** JSON SendProgress of an earlier attempt that got part of a multi-part message out, or null */
  progressJson: string | null;
}

/** The provider of a client opened by openDb (pass the root client, not a transaction). */
export function providerOf(db: Db | Tx): "sqlite" | "postgres" {
  return dbInfo(db).provider;
}

/** The PostgreSQL schema the client was opened on (raw SQL must name it; Prisma's own queries already do). */
export function pgSchemaOf(db: Db | Tx): string {
  const s = dbInfo(db).schema ?? "public";
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) throw new Error(`unsupported PostgreSQL schema name: ${s}`);
  return s;
}

export interface ClaimOptions {
  workerId: string;
  platforms: string[];
  now: Date;
  leaseMs: number;
  limit: number;
}

/**
 * Claims due messages (pending, or sending with an expired lease) for this worker. PostgreSQL: one
 * UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED), so concurrent workers get disjoint rows.
 * SQLite: a transaction (SQLite serialises writers; run a single worker per database file).
 */
export async function claimDue(db: Db, o: ClaimOptions): Promise<ClaimedMessage[]> {
  if (o.platforms.length === 0) return [];
  const leaseUntil = new Date(o.now.getTime() + o.leaseMs);
  if (providerOf(db) === "postgres") {
    const t = `"${pgSchemaOf(db)}"."OutboxMessage"`;
    const rows = await db.$queryRawUnsafe<ClaimedMessage[]>(
      `UPDATE ${t} SET "state" = 'sending', "leaseOwner" = $1, "leaseUntil" = $2::timestamp, "attempts" = "attempts" + 1
       WHERE "id" IN (
         SELECT "id" FROM ${t}
         WHERE "platform" = ANY($3::text[]) AND "nextAttemptAt" <= $4::timestamp
           AND ("state" = 'pending' OR ("state" = 'sending' AND "leaseUntil" < $4::timestamp))
         ORDER BY "nextAttemptAt", "createdAt", "id"
         LIMIT $5
         FOR UPDATE SKIP LOCKED)
       RETURNING "id", "dedupeKey", "platform", "channelKey", "recipientJson", "payloadJson", "attempts", "progressJson"`,
      o.workerId,
      isoNoZone(leaseUntil),
      o.platforms,
      isoNoZone(o.now),
      o.limit,
    );
    return rows.sort((a, b) => a.id.localeCompare(b.id)).map((r) => ({ ...r, attempts: Number(r.attempts) }));
  }
  const due = {
    platform: { in: o.platforms },
    nextAttemptAt: { lte: o.now },
    OR: [{ state: "pending" }, { state: "sending", leaseUntil: { lt: o.now } }],
  };
  return db.$transaction(async (tx) => {
    const ids = (
      await tx.outboxMessage.findMany({
        where: due,
        orderBy: [{ nextAttemptAt: "asc" }, { createdAt: "asc" }, { id: "asc" }],
        take: o.limit,
        select: { id: true },
      })
    ).map((r) => r.id);
    if (ids.length === 0) return [];
    await tx.outboxMessage.updateMany({
      where: { id: { in: ids }, ...due },
      data: { state: "sending", leaseOwner: o.workerId, leaseUntil, attempts: { increment: 1 } },
    });
    return tx.outboxMessage.findMany({
      where: { id: { in: ids }, leaseOwner: o.workerId, state: "sending" },
      select: {
        id: true,
        dedupeKey: true,
        platform: true,
        channelKey: true,
        recipientJson: true,
        payloadJson: true,
        attempts: true,
        progressJson: true,
      },
      orderBy: [{ nextAttemptAt: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    });
  });
}

/** Prisma stores PostgreSQL DateTime as timestamp(3) in UTC; pass UTC wall time without a zone suffix. */
function isoNoZone(d: Date): string {
  return d.toISOString().replace("Z", "");
}

/** Re-checks and extends our lease right before sending; false = someone else owns it now (do not send). */
export async function confirmLease(db: Db, id: string, workerId: string, now: Date, leaseMs: number): Promise<boolean> {
  const r = await db.outboxMessage.updateMany({
    where: { id, leaseOwner: workerId, state: "sending", leaseUntil: { gt: now } },
    data: { leaseUntil: new Date(now.getTime() + leaseMs) },
  });
  return r.count === 1;
}

/**
 * Records how far a multi-part send got (conditioned on our lease, like every move); false = the lease is
 * lost and the send must stop.
 */
export async function saveProgress(db: Db, id: string, workerId: string, progressJson: string): Promise<boolean> {
  const r = await db.outboxMessage.updateMany({ where: { id, leaseOwner: workerId, state: "sending" }, data: { progressJson } });
  return r.count === 1;
}

export async function markSent(db: Db, id: string, workerId: string, platformRef: string, now: Date): Promise<boolean> {
  const r = await db.outboxMessage.updateMany({
    where: { id, leaseOwner: workerId, state: "sending" },
    data: { state: "sent", sentAt: now, platformRef, leaseOwner: null, leaseUntil: null, lastError: null },
  });
  return r.count === 1;
}

/** Back to pending for a later attempt. `refund` undoes the claim's attempt count (rate limits are not failures). */
export async function reschedule(
  db: Db,
  id: string,
  workerId: string,
  nextAttemptAt: Date,
  error: string | null,
  refund = false,
): Promise<void> {
  await db.outboxMessage.updateMany({
    where: { id, leaseOwner: workerId, state: "sending" },
    data: {
      state: "pending",
      nextAttemptAt,
      leaseOwner: null,
      leaseUntil: null,
      ...(error !== null ? { lastError: error.slice(0, 1000) } : {}),
      ...(refund ? { attempts: { decrement: 1 } } : {}),
    },
  });
}

export async function markDead(db: Db, id: string, workerId: string, error: string): Promise<void> {
  await db.outboxMessage.updateMany({
    where: { id, leaseOwner: workerId, state: "sending" },
    data: { state: "dead", leaseOwner: null, leaseUntil: null, lastError: error.slice(0, 1000) },
  });
}

/** A claimed row that is no longer wanted (e.g. its reminder's milestones were completed): never sent. */
export async function markWithdrawn(db: Db, id: string, workerId: string, reason: string): Promise<void> {
  await db.outboxMessage.updateMany({
    where: { id, leaseOwner: workerId, state: "sending" },
    data: { state: "withdrawn", leaseOwner: null, leaseUntil: null, lastError: reason.slice(0, 1000) },
  });
}

export async function outboxCounts(db: Db): Promise<Record<string, number>> {
  const rows = await db.outboxMessage.groupBy({ by: ["state"], _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.state, r._count._all]));
}

/** A stored message's card and recipient as enqueued (for refreshing a card or serving its images), or null. */
export function findOutboxMessage(db: Db | Tx, id: string): Promise<{ id: string; payloadJson: string; recipientJson: string } | null> {
  return db.outboxMessage.findUnique({ where: { id }, select: { id: true, payloadJson: true, recipientJson: true } });
}

/** Inserts an outbox row unless its dedupe key exists; returns the row id and whether it was new. */
export async function insertOutboxMessage(
  db: Db | Tx,
  row: {
    dedupeKey: string;
    platform: string;
    channelKey: string;
    recipientJson: string;
    payloadJson: string;
    nextAttemptAt: Date;
    createdAt: Date;
  },
): Promise<{ id: string; created: boolean }> {
  const existing = await db.outboxMessage.findUnique({ where: { dedupeKey: row.dedupeKey }, select: { id: true } });
  if (existing) return { id: existing.id, created: false };
  try {
    const created = await db.outboxMessage.create({ data: row, select: { id: true } });
    return { id: created.id, created: true };
  } catch (e) {
    // a concurrent replica inserted the same key first: the unique constraint is the arbiter
    if (isUniqueViolation(e)) {
      const found = await db.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: row.dedupeKey }, select: { id: true } });
      return { id: found.id, created: false };
    }
    throw e;
  }
}

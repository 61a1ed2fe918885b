// Claims over stored-but-unprocessed inbound interactions (InboundEvent rows acked to Slack whose processing
// never finished), for the retry worker (services/inbound-retry.ts). Claimed like the outbox: PostgreSQL with
// one UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED), so replicas get disjoint rows; SQLite in one
// IMMEDIATE transaction on the driver connection (one writer per file), with busy_timeout 0 so a locked file
// never freezes the event loop (see withSqliteConnection).
//
// A row is claimable when it is unprocessed and either
// - it was never claimed (leaseUntil null) and was received more than `freshMs` ago: until then it belongs to
//   the process that acked it, which is processing it now; at start-up on SQLite (`orphansToo`) nothing else
//   can be processing it, so it is claimable at once;
// - or its lease ran out (the last attempt failed, or its worker died).
// Each claim counts an attempt and leases the row for backoff(attempts): base, 2·base, 4·base ... up to capMs.
import { sqliteDateText, table, targetOf } from "./bulk.js";
import type { Db } from "./db.js";
import { driverOf } from "./db-registry.js";
import { withSqliteConnection } from "./inbound.js";

export interface ClaimedInbound {
  id: string;
  kind: string;
  payloadJson: string;
  receivedAt: Date;
  /** attempts including this one */
  attempts: number;
}

export interface InboundClaim {
  source: string;
  workerId: string;
  now: Date;
  /** rows younger than this that were never claimed are left to the process that acked them */
  freshMs: number;
  /** first lease (and backoff unit); each later attempt doubles it */
  baseMs: number;
  capMs: number;
  limit: number;
  /** SQLite at start-up: unclaimed rows of any age are orphans of the previous run */
  orphansToo?: boolean;
}

const isoNoZone = (d: Date) => d.toISOString().replace("Z", "");

export function backoffMs(attempts: number, baseMs: number, capMs: number): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
}

export async function claimInbound(db: Db, o: InboundClaim): Promise<ClaimedInbound[]> {
  const freshBefore = new Date(o.now.getTime() - o.freshMs);
  const driver = driverOf(db);
  if (driver.kind === "postgres") {
    const t = table(targetOf(db), "InboundEvent");
    const rows = await db.$queryRawUnsafe<ClaimedInbound[]>(
      `UPDATE ${t} SET "claimedBy" = $1, "attempts" = "attempts" + 1,
         "leaseUntil" = $2::timestamp + LEAST($3::float8 * power(2, LEAST("attempts", 30)), $4::float8) * interval '1 millisecond'
       WHERE "id" IN (
         SELECT "id" FROM ${t}
         WHERE "processedAt" IS NULL AND "source" = $5
           AND (("leaseUntil" IS NULL AND "receivedAt" <= $6::timestamp) OR "leaseUntil" <= $2::timestamp)
         ORDER BY "receivedAt", "id"
         LIMIT $7
         FOR UPDATE SKIP LOCKED)
       RETURNING "id", "kind", "payloadJson", "receivedAt", "attempts"`,
      o.workerId,
      isoNoZone(o.now),
      o.baseMs,
      o.capMs,
      o.source,
      isoNoZone(freshBefore),
      o.limit,
    );
    return rows.map((r) => ({ ...r, attempts: Number(r.attempts) })).sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  }
  const now = sqliteDateText(o.now.toISOString());
  const fresh = sqliteDateText(freshBefore.toISOString());
  return withSqliteConnection(db, driver.connection, (c) =>
    c
      .transaction(() => {
        const due = c
          .prepare<unknown[], { id: string; kind: string; payloadJson: string; receivedAt: string; attempts: number }>(
            `SELECT "id", "kind", "payloadJson", "receivedAt", "attempts" FROM "InboundEvent"
             WHERE "processedAt" IS NULL AND "source" = ?
               AND (("leaseUntil" IS NULL AND ("receivedAt" <= ? OR ?)) OR "leaseUntil" <= ?)
             ORDER BY "receivedAt", "id" LIMIT ?`,
          )
          .all(o.source, fresh, o.orphansToo ? 1 : 0, now, o.limit);
        const lease = c.prepare(`UPDATE "InboundEvent" SET "claimedBy" = ?, "attempts" = ?, "leaseUntil" = ? WHERE "id" = ?`);
        return due.map((r) => {
          const attempts = Number(r.attempts) + 1;
          const until = new Date(o.now.getTime() + backoffMs(attempts, o.baseMs, o.capMs));
          lease.run(o.workerId, attempts, sqliteDateText(until.toISOString()), r.id);
          return { id: r.id, kind: r.kind, payloadJson: r.payloadJson, receivedAt: new Date(r.receivedAt), attempts };
        });
      })
      .immediate(),
  );
}

/** Why an attempt did not finish (best effort: the database may still be failing). */
export async function noteInboundFailure(db: Db, id: string, error: string): Promise<void> {
  await db.inboundEvent.updateMany({ where: { id, processedAt: null }, data: { lastError: error.slice(0, 1000) } });
}

export interface InboundBacklog {
  /** acknowledged, unprocessed, received before the cutoff */
  count: number;
  oldestReceivedAt: Date | null;
}

export async function inboundBacklog(db: Db, source: string, receivedBefore: Date): Promise<InboundBacklog> {
  const where = { source, processedAt: null, receivedAt: { lt: receivedBefore } };
  const [count, oldest] = await Promise.all([
    db.inboundEvent.count({ where }),
    db.inboundEvent.findFirst({ where, orderBy: { receivedAt: "asc" }, select: { receivedAt: true } }),
  ]);
  return { count, oldestReceivedAt: oldest?.receivedAt ?? null };
}

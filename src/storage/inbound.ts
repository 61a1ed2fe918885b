// Raw inbound interactions (InboundEvent): stored before processing, deduped by their unique key.
import { randomUUID } from "node:crypto";
import type BetterSqlite3 from "better-sqlite3";
import type { InboundEvent } from "../generated/sqlite/client.js";
import { bulkUpdate, sqliteDateText, table, targetOf } from "./bulk.js";
import type { Db, Tx } from "./db.js";
import { driverOf } from "./db-registry.js";
import type { SqliteConnection } from "./sqlite-adapter.js";

export type { InboundEvent };

export function findInboundByKey(db: Db | Tx, key: string): Promise<InboundEvent | null> {
  return db.inboundEvent.findUnique({ where: { key } });
}

export function createInbound(
  db: Db | Tx,
  data: { key: string; source: string; kind: string; payloadJson: string; receivedAt: Date },
): Promise<InboundEvent> {
  return db.inboundEvent.create({ data });
}

export interface NewInbound {
  key: string;
  source: string;
  kind: string;
  payloadJson: string;
  receivedAt: Date;
}

/** The database stayed locked (another process's write, a long transaction) for longer than a write may wait. */
export class DatabaseBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatabaseBusyError";
  }
}

/**
 * How long a journal write waits for a Prisma transaction on the shared connection, or another process's lock:
 * under the receiver's 3 s ack deadline, so a click is either stored and acked or refused, never refused (500)
 * and then stored after all.
 */
const SQLITE_WAIT_MS = 2500;

/**
 * Stores many raw interactions at once (the group commit of services/inbound-journal.ts), straight through the
 * driver (see driverOf in db.ts for why not Prisma). Rows whose key is already stored are left alone; returns
 * key -> id of the rows inserted now. Each call is its own committed transaction.
 */
export async function insertNewInbound(db: Db, rows: NewInbound[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (rows.length === 0) return ids;
  const driver = driverOf(db);
  if (driver.kind === "postgres") {
    const res = await driver.pool.query<{ id: string; key: string }>(
      `INSERT INTO ${table(targetOf(db), "InboundEvent")} ("id", "key", "source", "kind", "payloadJson", "receivedAt")
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamp(3)[])
       ON CONFLICT ("key") DO NOTHING RETURNING "id", "key"`,
      [
        rows.map(() => randomUUID()),
        rows.map((r) => r.key),
        rows.map((r) => r.source),
        rows.map((r) => r.kind),
        rows.map((r) => r.payloadJson),
        rows.map((r) => r.receivedAt.toISOString()),
      ],
    );
    for (const r of res.rows) ids.set(r.key, r.id);
    return ids;
  }
  return withSqliteConnection(db, driver.connection, (c) => {
    const insert = insertStatement(c);
    // BEGIN IMMEDIATE: takes the write lock first, so another process holding it shows up as SQLITE_BUSY here
    c.transaction(() => {
      for (const r of rows) {
        const got = insert.get(randomUUID(), r.key, r.source, r.kind, r.payloadJson, sqliteDateText(r.receivedAt.toISOString()));
        if (got) ids.set(r.key, got.id);
      }
    }).immediate();
    return ids;
  });
}

/** The journal's INSERT, compiled once per connection (it runs for every batch of clicks). */
const insertStatements = new WeakMap<BetterSqlite3.Database, BetterSqlite3.Statement<unknown[], { id: string }>>();
function insertStatement(c: BetterSqlite3.Database): BetterSqlite3.Statement<unknown[], { id: string }> {
  let stmt = insertStatements.get(c);
  if (!stmt) {
    stmt = c.prepare<unknown[], { id: string }>(
      `INSERT INTO "InboundEvent" ("id", "key", "source", "kind", "payloadJson", "receivedAt") VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT ("key") DO NOTHING RETURNING "id"`,
    );
    insertStatements.set(c, stmt);
  }
  return stmt;
}

/**
 * Runs `use` (synchronously) on the shared SQLite connection at a moment when no Prisma transaction is open
 * on it; otherwise the statement would become part of that transaction (see sqlite-adapter.ts).
 *
 * Another process (a CLI import) may hold the file's write lock for seconds. better-sqlite3 waits for a lock
 * synchronously (busy_timeout), which would freeze every ack meanwhile, so `use` runs with busy_timeout 0 and
 * a busy database is tried again a few milliseconds later, for up to 2.5 s, with the event loop free.
 */
export async function withSqliteConnection<T>(
  db: Db,
  connection: SqliteConnection,
  use: (c: BetterSqlite3.Database) => T,
  waitMs = SQLITE_WAIT_MS,
): Promise<T> {
  if (!connection.current()) await db.$connect();
  const started = performance.now(); // elapsed time (monotonic), not the domain clock
  for (;;) {
    const c = connection.current();
    if (!c) throw new Error("SQLite connection is not open");
    if (!connection.inTransaction()) {
      const busyTimeout = c.pragma("busy_timeout", { simple: true });
      c.pragma("busy_timeout = 0");
      try {
        return use(c);
      } catch (e) {
        if ((e as { code?: string }).code !== "SQLITE_BUSY") throw e;
        if (performance.now() - started > waitMs)
          throw new DatabaseBusyError(`the database file has been locked by another process for over ${waitMs} ms`);
      } finally {
        c.pragma(`busy_timeout = ${Number(busyTimeout)}`);
      }
      await new Promise((r) => setTimeout(r, 5));
      continue;
    }
    if (performance.now() - started > waitMs) throw new DatabaseBusyError(`a database transaction has been open for over ${waitMs} ms`);
    await Promise.race([connection.transactionEnded(), new Promise((r) => setTimeout(r, 50))]);
  }
}

export async function setInboundOutcome(
  db: Db | Tx,
  id: string,
  outcome: { processedAt: Date; resultJson: string | null; error: string | null },
): Promise<void> {
  await db.inboundEvent.update({ where: { id }, data: outcome });
}

/** Interactions stored (and acked) but never processed, e.g. because the process stopped mid-way. */
export function unprocessedInbound(db: Db, source: string, before: Date, take = 500) {
  return db.inboundEvent.findMany({
    where: { source, processedAt: null, receivedAt: { lt: before } },
    orderBy: { receivedAt: "asc" },
    take,
    select: { id: true, kind: true, payloadJson: true, receivedAt: true },
  });
}

/** Deletes unprocessed interactions of these sources received before the cutoff; returns how many. */
export async function deleteUnprocessedInboundBefore(db: Db, sources: string[], cutoff: Date): Promise<number> {
  const r = await db.inboundEvent.deleteMany({ where: { processedAt: null, source: { in: sources }, receivedAt: { lt: cutoff } } });
  return r.count;
}

/** Deletes interactions processed (or expired) that were received before the cutoff; returns how many. */
export async function deleteProcessedInboundBefore(db: Db, cutoff: Date): Promise<number> {
  const r = await db.inboundEvent.deleteMany({ where: { processedAt: { not: null }, receivedAt: { lt: cutoff } } });
  return r.count;
}

/** setInboundOutcome for several rows in one statement (services/inbound-settle.ts). */
export async function setInboundOutcomes(
  db: Db,
  rows: { id: string; processedAt: Date; resultJson: string | null; error: string | null }[],
): Promise<void> {
  if (rows.length === 0) return;
  await bulkUpdate(db, targetOf(db), "InboundEvent", { processedAt: "date", resultJson: "text", error: "text" }, rows);
}

// Which database a client opened by openDb talks to, and the driver connection under it: filled by the
// opener of each provider (db-sqlite.ts, db-postgres.ts), read without loading either provider's client.
import type pg from "pg";
import type { SqliteConnection } from "./sqlite-adapter.js";

/** Which database a client talks to; raw SQL needs it (Prisma's own queries already name the schema). */
export interface DbInfo {
  provider: "sqlite" | "postgres";
  /** PostgreSQL schema from DATABASE_URL's ?schema=, null when none was given (and always for SQLite) */
  schema: string | null;
}

/** filled by openDb for every client it builds, so nobody has to read Prisma's private fields */
const infos = new WeakMap<object, DbInfo>();

/**
 * Provider and schema of a client opened by openDb. Pass the ROOT client: a transaction client (Tx) is a
 * different object, so code running inside a transaction takes what it needs from its caller.
 */
export function dbInfo(db: object): DbInfo {
  const info = infos.get(db);
  if (!info) throw new Error("dbInfo: not a client opened by openDb (inside a transaction, pass the root client's dbInfo instead)");
  return info;
}

/**
 * The driver connection under a client, for the one hot statement that must not go through Prisma: storing a
 * raw Slack/Teams payload before its ack (storage/inbound.ts). Prisma's raw-query path copies every byte
 * through its query compiler (measured: ~85 µs per KB of payload on this machine), which is most of an ack's
 * budget. SQLite: the adapter's own better-sqlite3 connection (null until Prisma connects) — NOT a second
 * connection, which would make Prisma's deferred transactions fail with SQLITE_BUSY_SNAPSHOT. PostgreSQL: the
 * same pg.Pool Prisma uses.
 */
export type Driver = { kind: "sqlite"; connection: SqliteConnection } | { kind: "postgres"; pool: pg.Pool };

const drivers = new WeakMap<object, Driver>();

export function driverOf(db: object): Driver {
  const d = drivers.get(db);
  if (!d) throw new Error("driverOf: not a client opened by openDb");
  return d;
}

/** Records what an opener built (called once per client, by db-sqlite.ts / db-postgres.ts). */
export function registerClient(db: object, info: DbInfo, driver: Driver): void {
  infos.set(db, info);
  drivers.set(db, driver);
}

// The only place that builds a Prisma client. SQLite (better-sqlite3 adapter) unless DATABASE_URL is
// postgresql://, then the pg adapter with the PostgreSQL client generated from the same models. openDb loads
// both providers (tests); openDbLazy (db-open.ts) loads only the one a URL needs (the CLI and the service).
import { openPostgresDb } from "./db-postgres.js";
import { openSqliteDb } from "./db-sqlite.js";
import type { DbHandle, OpenOptions } from "./db-types.js";

export { type DbInfo, type Driver, dbInfo, driverOf } from "./db-registry.js";

export type { Db, DbHandle, OpenOptions, Tx } from "./db-types.js";

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export function openDb(url: string, opts: OpenOptions = {}): DbHandle {
  return isPostgresUrl(url) ? openPostgresDb(url) : openSqliteDb(url, opts);
}

export { sqliteFileWarnings } from "./db-open.js";

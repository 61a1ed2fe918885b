// The only place that builds a Prisma client. SQLite (better-sqlite3 adapter) unless DATABASE_URL is
// postgresql://, then the pg adapter with the PostgreSQL client generated from the same models. openDb loads
// both providers (the server and tests); openDbLazy (db-open.ts) loads only the one a URL needs (the CLI).
import { existsSync, statSync } from "node:fs";
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

/**
 * Why a SQLite database file (or its -wal/-shm) is exposed: readable or writable by group or others. main.ts
 * logs these at start; `chmod 600 <file>` fixes them. Empty for PostgreSQL and for a file that is private.
 */
export function sqliteFileWarnings(url: string): string[] {
  if (isPostgresUrl(url)) return [];
  const file = url.replace(/^file:/, "").split("?")[0] ?? "";
  const out: string[] = [];
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (!existsSync(f)) continue;
    const mode = statSync(f).mode & 0o777;
    if (mode & 0o077) out.push(`${f} is mode ${mode.toString(8).padStart(3, "0")}: readable by others — run chmod 600 ${f}`);
  }
  return out;
}

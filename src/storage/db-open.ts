// openDb that loads only the provider a URL needs, so a SQLite process never imports pg, Prisma's pg adapter or
// the PostgreSQL client (and a PostgreSQL one never the SQLite client): the CLI (a quicker start) and the
// service (3-7 MB less resident on SQLite).
import { existsSync, statSync } from "node:fs";
import type { DbHandle, OpenOptions } from "./db-types.js";

const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url);

export async function openDbLazy(url: string, opts: OpenOptions = {}): Promise<DbHandle> {
  if (isPostgresUrl(url)) return (await import("./db-postgres.js")).openPostgresDb(url);
  return (await import("./db-sqlite.js")).openSqliteDb(url, opts);
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

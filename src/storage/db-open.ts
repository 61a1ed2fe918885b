// openDb for short-lived processes (the CLI): loads only the provider a URL needs, so a SQLite call never
// imports pg, Prisma's pg adapter or the PostgreSQL client (and a PostgreSQL one never the SQLite client).
import type { DbHandle, OpenOptions } from "./db-types.js";

const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url);

export async function openDbLazy(url: string, opts: OpenOptions = {}): Promise<DbHandle> {
  if (isPostgresUrl(url)) return (await import("./db-postgres.js")).openPostgresDb(url);
  return (await import("./db-sqlite.js")).openSqliteDb(url, opts);
}

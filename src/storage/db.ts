// The only place that builds a Prisma client. SQLite (better-sqlite3 adapter) unless DATABASE_URL is
// postgresql://, then the pg adapter with the PostgreSQL client generated from the same models.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "../generated/postgres/client.js";
import { PrismaClient as SqliteClient } from "../generated/sqlite/client.js";

/** Both generated clients come from prisma/models.prisma, so they share one API; we type against SQLite's. */
export type Db = SqliteClient;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export interface DbHandle {
  db: Db;
  provider: "sqlite" | "postgres";
  url: string;
  close(): Promise<void>;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export function openDb(url: string): DbHandle {
  if (isPostgresUrl(url)) {
    const u = new URL(url);
    const schema = u.searchParams.get("schema") ?? undefined;
    u.searchParams.delete("schema");
    const adapter = new PrismaPg({ connectionString: u.toString(), max: 10 }, schema ? { schema } : undefined);
    const db = new PostgresClient({ adapter }) as unknown as Db;
    return { db, provider: "postgres", url, close: () => db.$disconnect() };
  }
  const file = url.replace(/^file:/, "");
  mkdirSync(dirname(resolve(file)), { recursive: true });
  const db = new SqliteClient({ adapter: new PrismaBetterSQLite3({ url }) });
  return { db, provider: "sqlite", url, close: () => db.$disconnect() };
}

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
export function dbInfo(db: Db | Tx): DbInfo {
  const info = infos.get(db);
  if (!info) throw new Error("dbInfo: not a client opened by openDb (inside a transaction, pass the root client's dbInfo instead)");
  return info;
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
    infos.set(db, { provider: "postgres", schema: schema ?? null });
    return { db, provider: "postgres", url, close: () => db.$disconnect() };
  }
  const file = url.replace(/^file:/, "");
  mkdirSync(dirname(resolve(file)), { recursive: true });
  const db = new SqliteClient({ adapter: new PrismaBetterSQLite3({ url }) });
  infos.set(db, { provider: "sqlite", schema: null });
  return { db, provider: "sqlite", url, close: () => db.$disconnect() };
}

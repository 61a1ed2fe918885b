// The only place that builds a Prisma client. SQLite (better-sqlite3 adapter) unless DATABASE_URL is
// postgresql://, then the pg adapter with the PostgreSQL client generated from the same models.
import { closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient as PostgresClient } from "../generated/postgres/client.js";
import { PrismaClient as SqliteClient } from "../generated/sqlite/client.js";
import { type SqliteConnection, sqliteAdapter } from "./sqlite-adapter.js";
import { type Checkpointer, startCheckpointer } from "./sqlite-checkpointer.js";

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

export function driverOf(db: Db): Driver {
  const d = drivers.get(db);
  if (!d) throw new Error("driverOf: not a client opened by openDb");
  return d;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export interface OpenOptions {
  /**
   * SQLite only, for the long-running server: checkpoint the WAL from a worker thread instead of inside
   * whichever commit crosses the size limit (see sqlite-checkpointer.ts). Short CLI runs keep SQLite's own.
   */
  backgroundCheckpoints?: boolean;
  /**
   * SQLite only: how long a statement waits for another process's lock (better-sqlite3 default 5000). The
   * wait is synchronous, so it freezes the event loop (acks, /healthz) for that long. The server uses 250 ms:
   * a locked file then fails fast, and what failed is retried (acknowledged clicks by the inbound retry
   * worker, sends by the outbox, ticks by the next tick). The CLI keeps the default.
   */
  busyTimeoutMs?: number;
}

export function openDb(url: string, opts: OpenOptions = {}): DbHandle {
  if (isPostgresUrl(url)) {
    const u = new URL(url);
    const schema = u.searchParams.get("schema") ?? undefined;
    u.searchParams.delete("schema");
    // our pool, so the inbound journal can share it (driverOf); Prisma ends it on $disconnect
    const pool = new pg.Pool({ connectionString: u.toString(), max: 10 });
    const adapter = new PrismaPg(pool, { ...(schema ? { schema } : {}), disposeExternalPool: true });
    const db = new PostgresClient({ adapter }) as unknown as Db;
    infos.set(db, { provider: "postgres", schema: schema ?? null });
    drivers.set(db, { kind: "postgres", pool });
    return { db, provider: "postgres", url, close: () => db.$disconnect() };
  }
  const file = url.replace(/^file:/, "");
  mkdirSync(dirname(resolve(file)), { recursive: true });
  // plan data can name families: a new file is readable by its owner only (SQLite gives -wal/-shm the same mode)
  if (!file.startsWith(":memory:") && !existsSync(file)) closeSync(openSync(file, "wx", 0o600));
  let checkpointer: Checkpointer | null = null;
  const { factory, connection } = sqliteAdapter(url, (c) => {
    if (c.memory) return;
    // deleted rows (raw payloads past retention) are overwritten with zeros, not left in free pages
    c.pragma("secure_delete = ON");
    if (opts.busyTimeoutMs !== undefined) c.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs))}`);
    // WAL: readers never block the writer (the server and a CLI import can share the file), and a commit
    // appends to one file; the mode is stored in the database file, so this is a no-op after the first time
    c.pragma("journal_mode = WAL");
    if (opts.backgroundCheckpoints && !checkpointer) {
      c.pragma("wal_autocheckpoint = 0");
      checkpointer = startCheckpointer(file, {
        // the connection's own checkpoints take over again if the worker cannot run
        onError: () => connection.current()?.pragma("wal_autocheckpoint = 1000"),
      });
    }
  });
  const db = new SqliteClient({ adapter: factory });
  infos.set(db, { provider: "sqlite", schema: null });
  drivers.set(db, { kind: "sqlite", connection });
  return {
    db,
    provider: "sqlite",
    url,
    async close() {
      await checkpointer?.stop();
      await db.$disconnect();
    },
  };
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

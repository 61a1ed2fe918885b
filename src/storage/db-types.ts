// The database client's types, shared by db.ts and each provider's opener (db-sqlite.ts, db-postgres.ts).
import type { PrismaClient as SqliteClient } from "../generated/sqlite/client.js";

/** Both generated clients come from prisma/models.prisma, so they share one API; we type against SQLite's. */
export type Db = SqliteClient;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export interface DbHandle {
  db: Db;
  provider: "sqlite" | "postgres";
  url: string;
  close(): Promise<void>;
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

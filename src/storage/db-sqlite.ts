// Opens a SQLite database (better-sqlite3 through Prisma's adapter): WAL, secure_delete, a new file private to
// its owner, and the optional background checkpointer. Only this module loads the SQLite client.
import { closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaClient as SqliteClient } from "../generated/sqlite/client.js";
import { registerClient } from "./db-registry.js";
import type { DbHandle, OpenOptions } from "./db-types.js";
import { sqliteAdapter } from "./sqlite-adapter.js";
import { type Checkpointer, startCheckpointer } from "./sqlite-checkpointer.js";

export function openSqliteDb(url: string, opts: OpenOptions = {}): DbHandle {
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
  registerClient(db, { provider: "sqlite", schema: null }, { kind: "sqlite", connection });
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

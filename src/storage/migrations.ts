// Brings a database up to the committed migrations, so `ragtime <command>` works on a fresh machine
// without a separate `npm run db:migrate` (npm start runs the same deploy before starting).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { DbHandle } from "./db.js";

const root = join(import.meta.dirname, "..", "..");

function committedMigrations(provider: "sqlite" | "postgres"): string[] {
  return readdirSync(join(root, "prisma", provider, "migrations"))
    .filter((d) => /^\d+_/.test(d))
    .sort();
}

async function appliedMigrations(h: DbHandle): Promise<Set<string>> {
  try {
    const rows = await h.db.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    return new Set(rows.map((r) => r.migration_name));
  } catch {
    return new Set(); // no _prisma_migrations table: a brand-new database
  }
}

/** Applies pending migrations with `prisma migrate deploy`; returns the names it found pending. */
export async function ensureMigrated(h: DbHandle, log: (msg: string) => void = (m) => console.error(m)): Promise<string[]> {
  const applied = await appliedMigrations(h);
  const pending = committedMigrations(h.provider).filter((m) => !applied.has(m));
  if (pending.length === 0) return [];
  log(`ragtime: applying ${pending.length} database migration(s) to ${h.provider === "sqlite" ? h.url : "PostgreSQL"} …`);
  // let go of the database while the migration runs in another process (a SQLite file in WAL mode that this
  // process holds open makes the migration's own locking fail with SQLITE_BUSY); the client reconnects on use
  await h.db.$disconnect();
  const r = spawnSync(process.execPath, [join(root, "scripts", "prisma.mjs"), "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: h.url },
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (r.status !== 0) throw new Error("database migration failed (see above); run `npm run db:migrate` to retry");
  return pending;
}

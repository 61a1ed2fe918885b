// The database's migration state, checked cheaply on every CLI call: the names recorded in _prisma_migrations
// against the committed migration folders (one query, one directory listing). Migrations are applied once:
// by `npm start`, `npm run db:migrate` or `ragtime db migrate` (and on a brand-new database, the first CLI
// call). A database that is behind is refused with that advice instead of being migrated on every call.

import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../core/errors.js";
import { projectRoot } from "../paths.js";
import type { DbHandle } from "./db.js";
import { dbInfo } from "./db-registry.js";

/** The project root (the folder holding package.json), also when this code runs from a bundle. */
const root = projectRoot();

function committedMigrations(provider: "sqlite" | "postgres"): string[] {
  return readdirSync(join(root, "prisma", provider, "migrations"))
    .filter((d) => /^\d+_/.test(d))
    .sort();
}

/** Applied migration names, or null when the database has no migrations table (brand new). */
async function appliedMigrations(h: DbHandle): Promise<Set<string> | null> {
  // raw SQL is not schema-qualified by Prisma: name the ?schema= of a PostgreSQL URL ourselves
  const schema = h.provider === "postgres" ? dbInfo(h.db).schema : null;
  const table = schema ? `"${schema.replace(/"/g, '""')}"."_prisma_migrations"` : `"_prisma_migrations"`;
  try {
    const rows = await h.db.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM ${table} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    return new Set(rows.map((r) => r.migration_name));
  } catch {
    return null; // no _prisma_migrations table: a brand-new database
  }
}

export interface MigrationState {
  /** committed migrations not applied to this database */
  pending: string[];
  /** no migrations table at all */
  fresh: boolean;
}

export async function migrationState(h: DbHandle): Promise<MigrationState> {
  const applied = await appliedMigrations(h);
  return { pending: committedMigrations(h.provider).filter((m) => !applied?.has(m)), fresh: applied === null };
}

export class MigrationsBehind extends UserError {
  constructor(readonly pending: string[]) {
    super(
      "db.behind",
      `the database is behind: ${pending.length} migration(s) not applied (${pending.join(", ")})`,
      "run `ragtime db migrate` (or `npm run db:migrate`); `npm start` also applies them",
    );
  }
}

export class DatabaseNotMigrated extends UserError {
  constructor() {
    super(
      "db.new",
      "the database in DATABASE_URL has no ragtime tables yet",
      "start the service with `npm start` (it applies the migrations first), or run `ragtime db migrate` once",
    );
  }
}

/**
 * The service's check at start: a database that is new or behind is refused (the service does not migrate:
 * `npm start` does, before it), so a service started another way stops with the fix instead of logging a
 * failing query every second.
 */
export async function requireMigrated(h: DbHandle): Promise<void> {
  const state = await migrationState(h);
  if (state.pending.length === 0) return;
  throw state.fresh ? new DatabaseNotMigrated() : new MigrationsBehind(state.pending);
}

/** Applies pending migrations with `prisma migrate deploy` (another process); returns the names applied. */
export async function applyMigrations(h: DbHandle, log: (msg: string) => void = (m) => console.error(m)): Promise<string[]> {
  const { pending } = await migrationState(h);
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
  if (r.status !== 0) throw new Error("database migration failed (see above); run `ragtime db migrate` to retry");
  return pending;
}

/**
 * The CLI's check before each command: a brand-new database is migrated (once); one that is behind is refused
 * with the command that brings it up to date. Costs one query when all is well.
 */
export async function ensureMigrated(h: DbHandle, log: (msg: string) => void = (m) => console.error(m)): Promise<string[]> {
  const state = await migrationState(h);
  if (state.pending.length === 0) return [];
  if (!state.fresh) throw new MigrationsBehind(state.pending);
  return applyMigrations(h, log);
}

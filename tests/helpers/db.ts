// Real databases for tests: a fresh SQLite file per suite (the committed migrations applied as-is), or a
// fresh PostgreSQL schema when TEST_POSTGRES_URL is set. Never an in-memory stand-in.
import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { type DbHandle, type OpenOptions, openDb } from "../../src/storage/db.js";

const root = join(import.meta.dirname, "..", "..");

interface Migration {
  name: string;
  sql: string;
}

function migrations(provider: "sqlite" | "postgres"): Migration[] {
  const dir = join(root, "prisma", provider, "migrations");
  return readdirSync(dir)
    .filter((d) => /^\d+_/.test(d))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name, "migration.sql"), "utf8") }));
}

// Record applied migrations exactly as `prisma migrate deploy` does, so the CLI's ensureMigrated (and a
// later real deploy) sees the database as up to date.
const MIGRATIONS_TABLE = {
  sqlite: `CREATE TABLE "_prisma_migrations" ("id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME, "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`,
  postgres: `CREATE TABLE "_prisma_migrations" ("id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ, "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`,
};

function migrationRow(m: Migration): [string, string, string] {
  return [randomUUID(), createHash("sha256").update(m.sql).digest("hex"), m.name];
}

export interface TestDb extends DbHandle {
  cleanup(): Promise<void>;
}

export async function createSqliteTestDb(opts: OpenOptions & { dir?: string } = {}): Promise<TestDb> {
  const dir = mkdtempSync(join(opts.dir ?? tmpdir(), "ragtime-test-"));
  const file = join(dir, "test.db");
  const raw = new Database(file);
  raw.pragma("journal_mode = WAL");
  raw.exec(MIGRATIONS_TABLE.sqlite);
  for (const m of migrations("sqlite")) {
    raw.exec(m.sql);
    raw
      .prepare(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES (?, ?, ?, current_timestamp, 1)`,
      )
      .run(...migrationRow(m));
  }
  raw.close();
  const { dir: _dir, ...open } = opts;
  const handle = openDb(`file:${file}`, open);
  return {
    ...handle,
    async cleanup() {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL;

/** A fresh schema in TEST_POSTGRES_URL's database; returns a DATABASE_URL with ?schema= for child processes. */
export async function createPostgresTestDb(opts: { role?: string } = {}): Promise<TestDb> {
  if (!TEST_POSTGRES_URL) throw new Error("TEST_POSTGRES_URL is not set");
  const schema = `t_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  await client.query(`CREATE SCHEMA "${schema}"`);
  await client.query(`SET search_path TO "${schema}"`);
  await client.query(MIGRATIONS_TABLE.postgres);
  for (const m of migrations("postgres")) {
    await client.query(m.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), 1)`,
      migrationRow(m),
    );
  }
  // a role of its own (the fault tests cut its connections off without touching anyone else's)
  if (opts.role)
    await client.query(
      `GRANT ALL ON SCHEMA "${schema}" TO "${opts.role}"; GRANT ALL ON ALL TABLES IN SCHEMA "${schema}" TO "${opts.role}"`,
    );
  await client.end();
  const u = new URL(TEST_POSTGRES_URL);
  if (opts.role) u.username = opts.role;
  u.searchParams.set("schema", schema);
  const handle = openDb(u.toString());
  return {
    ...handle,
    async cleanup() {
      await handle.close();
      const c = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await c.connect();
      await c.query(`DROP SCHEMA "${schema}" CASCADE`);
      await c.end();
    },
  };
}

// Real databases for tests: a fresh SQLite file per suite (the committed migrations applied as-is), or a
// fresh PostgreSQL schema when TEST_POSTGRES_URL is set. Never an in-memory stand-in.
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { type DbHandle, openDb } from "../../src/storage/db.js";

const root = join(import.meta.dirname, "..", "..");

function migrationSql(provider: "sqlite" | "postgres"): string[] {
  const dir = join(root, "prisma", provider, "migrations");
  return readdirSync(dir)
    .filter((d) => /^\d+_/.test(d))
    .sort()
    .map((d) => readFileSync(join(dir, d, "migration.sql"), "utf8"));
}

export interface TestDb extends DbHandle {
  cleanup(): Promise<void>;
}

export async function createSqliteTestDb(): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), "ragtime-test-"));
  const file = join(dir, "test.db");
  const raw = new Database(file);
  raw.pragma("journal_mode = WAL");
  for (const sql of migrationSql("sqlite")) raw.exec(sql);
  raw.close();
  const handle = openDb(`file:${file}`);
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
export async function createPostgresTestDb(): Promise<TestDb> {
  if (!TEST_POSTGRES_URL) throw new Error("TEST_POSTGRES_URL is not set");
  const schema = `t_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  await client.query(`CREATE SCHEMA "${schema}"`);
  await client.query(`SET search_path TO "${schema}"`);
  for (const sql of migrationSql("postgres")) await client.query(sql);
  await client.end();
  const u = new URL(TEST_POSTGRES_URL);
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

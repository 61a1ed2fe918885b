// Migrations are applied once (`ragtime db migrate`, `npm start`), not on every CLI call: a database that is
// behind is refused with that advice, and a PostgreSQL ?schema= database that is up to date is only checked.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { createPostgresTestDb, TEST_POSTGRES_URL } from "../helpers/db.js";
import { runCli } from "./cli.helper.js";

const root = join(import.meta.dirname, "..", "..");

describe("ragtime db migrate", () => {
  it("a database behind the committed migrations is refused with `ragtime db migrate`, which brings it up to date", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ragtime-behind-"));
    try {
      const file = join(dir, "old.db");
      // a database made by an earlier release: only the first migration applied, recorded as prisma does
      const dirs = readdirSync(join(root, "prisma/sqlite/migrations"))
        .filter((d) => /^\d+_/.test(d))
        .sort();
      expect(dirs.length).toBeGreaterThan(1);
      const raw = new Database(file);
      raw.exec(
        `CREATE TABLE "_prisma_migrations" ("id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME, "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`,
      );
      raw.exec(readFileSync(join(root, "prisma/sqlite/migrations", dirs[0]!, "migration.sql"), "utf8"));
      raw
        .prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES ('1', 'x', ?, current_timestamp, 1)`,
        )
        .run(dirs[0]);
      raw.close();
      const url = `file:${file}`;
      const behind = await runCli(["plans", "list"], url);
      expect(behind.code).toBe(2);
      expect(behind.stderr).toContain("the database is behind");
      expect(behind.stderr).toContain(dirs[1]);
      expect(behind.stderr).toContain("ragtime db migrate");
      const status = await runCli(["db", "status"], url);
      expect(status.code).toBe(1);
      const m = await runCli(["db", "migrate"], url);
      expect(m.code, m.stderr).toBe(0);
      expect(m.stdout).toContain(`applied ${dirs.length - 1} migration(s)`);
      const ok = await runCli(["plans", "list"], url);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stderr).toBe("");
      expect((await runCli(["db", "migrate"], url)).stdout).toContain("up to date");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it.skipIf(!TEST_POSTGRES_URL)(
    "PostgreSQL with ?schema=: an up-to-date schema is checked, not migrated again (needs TEST_POSTGRES_URL)",
    async () => {
      const pg = await createPostgresTestDb();
      try {
        const url = new URL(pg.url);
        expect(url.searchParams.get("schema")).toMatch(/^t_/);
        for (let i = 0; i < 2; i++) {
          const r = await runCli(["plans", "list"], url.toString());
          expect(r.code, r.stderr).toBe(0);
          expect(r.stderr).not.toContain("applying");
        }
        expect((await runCli(["db", "status"], url.toString())).stdout).toContain("up to date");
      } finally {
        await pg.cleanup();
      }
    },
    120_000,
  );
});

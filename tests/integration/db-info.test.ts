// openDb remembers each client's provider and PostgreSQL schema (dbInfo), so raw SQL (bulk import, outbox
// claim, planning lock) never reads Prisma's private fields.
import { describe, expect, it } from "vitest";
import { targetOf } from "../../src/storage/bulk.js";
import { dbInfo } from "../../src/storage/db.js";
import { pgSchemaOf, providerOf } from "../../src/storage/outbox.js";
import { createPostgresTestDb, createSqliteTestDb, TEST_POSTGRES_URL } from "../helpers/db.js";

describe("dbInfo", () => {
  it("SQLite: provider sqlite, no schema; a transaction client is refused with a clear message", async () => {
    const t = await createSqliteTestDb();
    try {
      expect(dbInfo(t.db)).toEqual({ provider: "sqlite", schema: null });
      const target = targetOf(t.db);
      expect(target).toMatchObject({ provider: "sqlite", schema: null });
      // the import's bulk statements use the adapter's own connection (bulk.ts): there once Prisma has connected
      await t.db.plan.count();
      expect(typeof target.connection?.()?.prepare).toBe("function");
      expect(providerOf(t.db)).toBe("sqlite");
      await t.db.$transaction(async (tx) => {
        expect(() => dbInfo(tx)).toThrow(/not a client opened by openDb/);
      });
    } finally {
      await t.cleanup();
    }
  });

  it.runIf(TEST_POSTGRES_URL)("PostgreSQL: provider postgres and the ?schema= of DATABASE_URL", async () => {
    const t = await createPostgresTestDb();
    try {
      const schema = new URL(t.url).searchParams.get("schema");
      expect(schema).toMatch(/^t_/);
      expect(dbInfo(t.db)).toEqual({ provider: "postgres", schema });
      expect(targetOf(t.db)).toEqual({ provider: "postgres", schema });
      expect(pgSchemaOf(t.db)).toBe(schema);
      expect(providerOf(t.db)).toBe("postgres");
    } finally {
      await t.cleanup();
    }
  });
});

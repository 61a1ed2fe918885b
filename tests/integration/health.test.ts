// GET /healthz is readiness: a committed write probe (200), 503 with the reason when no commit is possible
// (the fault suite, tests/faults, shows each real fault), and "degraded" while acknowledged work is stale.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { healthReport } from "../../src/health.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";

const NOW = new Date("2026-11-23T10:00:00Z");
const surfaces = { slack: "http" as const, teams: "off" as const, messenger: "slack" };
let tdb: TestDb;
beforeAll(async () => {
  tdb = await createSqliteTestDb();
});
afterAll(async () => tdb?.cleanup());

describe("/healthz", () => {
  it("commits its probe row and says ok", async () => {
    const r = await healthReport(tdb.db, { surfaces }, NOW);
    expect(r).toMatchObject({ ok: true, status: "ok", database: { canCommit: true } });
    expect((await tdb.db.healthProbe.findFirstOrThrow()).at.toISOString()).toBe(NOW.toISOString());
  });

  it("reports acknowledged work left unprocessed past INBOUND_STALE_MINUTES as degraded (still ready)", async () => {
    const oldest = new Date(NOW.getTime() - 10 * 60_000);
    const r = await healthReport(
      tdb.db,
      { surfaces, inbound: { count: 2, oldestReceivedAt: oldest, degraded: true, staleMs: 180_000 } },
      NOW,
    );
    expect(r).toMatchObject({
      ok: true,
      status: "degraded",
      inbound: { unprocessed: 2, oldestReceivedAt: oldest.toISOString(), staleMinutes: 3 },
    });
    expect(r.reason).toMatch(/2 acknowledged interaction\(s\) unprocessed for over 3 min/);
  });

  it("answers 503 with the reason when it cannot commit", async () => {
    await tdb.db.$disconnect();
    const file = tdb.url.replace(/^file:/, "");
    const Database = (await import("better-sqlite3")).default;
    const other = new Database(file);
    other.exec("BEGIN EXCLUSIVE");
    try {
      const r = await healthReport(tdb.db, { surfaces }, NOW);
      expect(r).toMatchObject({ ok: false, status: "unavailable", database: { canCommit: false } });
      expect(r.reason).toMatch(/cannot commit: .*locked/);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
  });
});

// Fault: PostgreSQL cuts the service off: every connection of the service's role is killed with
// pg_terminate_backend, and (for the length of the fault) the role may not log in again, so the pool's
// reconnects fail too. Only this suite's own role is touched: other suites on the same server are not.
// runFaultCase (rig.ts) asserts: every acked click recorded exactly once after the fault, no reminder lost or
// sent twice, /healthz 503 "cannot commit" during it.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresTestDb, TEST_POSTGRES_URL, type TestDb } from "../helpers/db.js";
import { type Rig, runFaultCase, startRig } from "./rig.js";

const SKIP = TEST_POSTGRES_URL ? "" : " (skipped: set TEST_POSTGRES_URL)";
const role = `rt_fault_${randomUUID().replace(/-/g, "").slice(0, 10)}`;
let tdb: TestDb;
let rig: Rig;

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  if (!TEST_POSTGRES_URL) return;
  await admin(`CREATE ROLE "${role}" LOGIN`);
  tdb = await createPostgresTestDb({ role });
  rig = await startRig(tdb.db);
});
afterAll(async () => {
  if (!TEST_POSTGRES_URL) return;
  await rig?.close();
  await tdb?.cleanup();
  await admin(`DROP OWNED BY "${role}"; DROP ROLE IF EXISTS "${role}"`);
});

describe("fault: PostgreSQL terminates the service's connections", () => {
  it.skipIf(!TEST_POSTGRES_URL)(
    `records every acknowledged click exactly once after the connections come back; no reminder lost or sent twice; /healthz says it cannot commit${SKIP}`,
    async () => {
      const f = await runFaultCase(rig, {
        name: "PostgreSQL: pg_terminate_backend of every service connection, logins refused for the fault",
        health: /cannot commit/,
        async start() {
          await admin(`ALTER ROLE "${role}" NOLOGIN`);
          await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '${role}'`);
        },
        async clear() {
          await new Promise((r) => setTimeout(r, 3000)); // the fault lasts a few seconds beyond the first failure
          await admin(`ALTER ROLE "${role}" LOGIN`);
          return performance.now();
        },
      });
      expect(f.recorded).toBe(f.clicksAcked);
      expect(f.clicksAcked).toBeGreaterThanOrEqual(5);
      expect(f.duplicated).toBe(0);
      expect(f.remindersSent).toBe(f.reminders);
      expect(f.remindersDuplicated).toBe(0);
    },
    120_000,
  );
});

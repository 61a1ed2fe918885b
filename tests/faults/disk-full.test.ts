// Fault: the disk is full (a real, size-limited ext4 file system, loop-mounted; small-fs.ts) while
// acknowledged clicks are being recorded and reminders are going out. runFaultCase (rig.ts) asserts: every
// acked click recorded exactly once after space is freed, no reminder lost or sent twice, /healthz 503 with
// "full" during it.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { type Rig, runFaultCase, startRig } from "./rig.js";
import { type SmallFs, smallFs } from "./small-fs.js";

const fs = smallFs();
const skip = "skip" in fs ? fs.skip : null;
let tdb: TestDb;
let rig: Rig;

beforeAll(async () => {
  if (skip) return;
  tdb = await createSqliteTestDb({ dir: (fs as SmallFs).dir, busyTimeoutMs: 250 });
  rig = await startRig(tdb.db);
});
afterAll(async () => {
  await rig?.close();
  await tdb?.cleanup();
  if (!skip) (fs as SmallFs).cleanup();
});

describe("fault: disk full", () => {
  it.skipIf(skip !== null)(
    `records every acknowledged click exactly once after space is freed; no reminder lost or sent twice; /healthz says full${skip ? ` (skipped: ${skip})` : ""}`,
    async () => {
      const small = fs as SmallFs;
      const file = tdb.url.replace(/^file:/, "");
      const f = await runFaultCase(rig, {
        name: "disk full (48 MB ext4, loop-mounted, filled)",
        health: /full/i,
        async start() {
          // an empty WAL first, so the next commit needs new blocks (else it reuses the WAL's old space)
          const c = new Database(file);
          c.pragma("wal_checkpoint(TRUNCATE)");
          c.close();
          small.fill();
        },
        async clear() {
          await new Promise((r) => setTimeout(r, 4000)); // outlasts INBOUND_STALE_MINUTES (3 s in the rig)
          small.unfill();
          return performance.now();
        },
      });
      expect(f.recorded).toBe(f.clicksAcked);
      expect(f.clicksAcked).toBeGreaterThanOrEqual(5);
      expect(f.duplicated).toBe(0);
      expect(f.remindersSent).toBe(f.reminders);
      expect(f.remindersDuplicated).toBe(0);
      expect(f.sawDegraded).toBe(true); // the stale backlog was reported while it lasted
    },
    120_000,
  );
});

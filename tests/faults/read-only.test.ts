// Fault: the SQLite database file and its WAL are made read-only (chattr +i on a loop-mounted ext4, small-fs.ts:
// immutable even for root, whom chmod does not stop) while acknowledged clicks are being recorded and reminders
// are going out. runFaultCase (rig.ts) asserts: every acked click recorded exactly once after the files are
// writable again, no reminder lost or sent twice, /healthz 503 "cannot commit" during it.
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

describe("fault: database file read-only", () => {
  it.skipIf(skip !== null)(
    `records every acknowledged click exactly once after the file is writable again; no reminder lost or sent twice; /healthz says it cannot commit${skip ? ` (skipped: ${skip})` : ""}`,
    async () => {
      const small = fs as SmallFs;
      const file = tdb.url.replace(/^file:/, "");
      const f = await runFaultCase(rig, {
        name: "SQLite file and its WAL made read-only (chattr +i)",
        health: /cannot commit/,
        async start() {
          small.immutable([file, `${file}-wal`], true);
        },
        async clear() {
          await new Promise((r) => setTimeout(r, 4000)); // outlasts INBOUND_STALE_MINUTES (3 s in the rig)
          small.immutable([file, `${file}-wal`], false);
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

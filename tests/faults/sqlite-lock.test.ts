// Fault: the SQLite file is locked by ANOTHER PROCESS holding an exclusive lock (BEGIN EXCLUSIVE) while
// acknowledged clicks are being recorded and reminders are going out (runFaultCase in rig.ts says what is
// asserted): every acked click recorded exactly once after the lock goes, no reminder lost or sent twice,
// /healthz 503 "locked" during it.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { type Rig, runFaultCase, startRig } from "./rig.js";

const root = join(import.meta.dirname, "..", "..");
let tdb: TestDb;
let rig: Rig;

beforeAll(async () => {
  // as main.ts opens it: a lock fails a statement after 250 ms instead of freezing the event loop
  tdb = await createSqliteTestDb({ busyTimeoutMs: 250 });
  rig = await startRig(tdb.db);
});
afterAll(async () => {
  await rig?.close();
  await tdb?.cleanup();
});

describe("fault: SQLite locked by another process during processing", () => {
  it("records every acknowledged click exactly once after the lock goes; no reminder lost or sent twice; /healthz says locked", async () => {
    let released: Promise<number> = Promise.resolve(0);
    const f = await runFaultCase(rig, {
      name: "SQLite: another process holds an exclusive lock for 12 s",
      health: /locked/,
      start: () =>
        new Promise<void>((resolve, reject) => {
          const file = tdb.url.replace(/^file:/, "");
          const script = `const D = require("better-sqlite3"); const d = new D(${JSON.stringify(file)}); d.exec("BEGIN EXCLUSIVE");
            console.log("locked"); setTimeout(() => { d.exec("ROLLBACK"); d.close(); process.exit(0); }, 12000);`;
          const child = spawn(process.execPath, ["-e", script], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
          released = new Promise<number>((r) => child.once("exit", () => r(performance.now())));
          child.stdout.on("data", (d: Buffer) => String(d).includes("locked") && resolve());
          child.once("error", reject);
        }),
      clear: () => released,
    });
    expect(f.recorded).toBe(f.clicksAcked);
    expect(f.clicksAcked).toBeGreaterThanOrEqual(5);
    expect(f.duplicated).toBe(0);
    expect(f.remindersSent).toBe(f.reminders);
    expect(f.remindersDuplicated).toBe(0);
    expect(f.sawDegraded).toBe(true); // the stale backlog was reported while it lasted
  }, 120_000);
});

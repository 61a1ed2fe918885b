// WAL checkpoints on a worker thread (storage/sqlite-checkpointer.ts): the server's connection stops
// checkpointing inside commits, and the worker copies the WAL into the database file in the background.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.js";
import { createInboundJournal } from "../../src/services/inbound-journal.js";
import { driverOf } from "../../src/storage/db.js";
import { startCheckpointer } from "../../src/storage/sqlite-checkpointer.js";
import { createSqliteTestDb } from "../helpers/db.js";

const AT = fixedClock(new Date("2026-01-05T09:00:00Z"));

const fileOf = (url: string) => url.replace(/^file:/, "");

async function fill(db: Parameters<typeof createInboundJournal>[0], n: number) {
  const j = createInboundJournal(db, { clock: AT });
  const big = "x".repeat(16_000);
  await Promise.all(Array.from({ length: n }, (_, i) => j.append({ key: `fill-${i}`, source: "slack", kind: "x", payload: big })));
}

const pragma = (db: Parameters<typeof driverOf>[0], p: string) => {
  const d = driverOf(db);
  if (d.kind !== "sqlite") throw new Error("not SQLite");
  return d.connection.current()?.pragma(p, { simple: true });
};

describe("background WAL checkpoints (SQLite)", () => {
  it("the server's connection leaves checkpoints to the worker, which copies the WAL into the database file", async () => {
    const t = await createSqliteTestDb({ backgroundCheckpoints: true });
    try {
      await t.db.inboundEvent.count();
      expect(pragma(t.db, "journal_mode")).toBe("wal");
      expect(Number(pragma(t.db, "wal_autocheckpoint"))).toBe(0);
      const file = fileOf(t.url);
      const before = statSync(file).size;
      await fill(t.db, 200); // ~3 MB of payloads: far past the 1,000-page auto-checkpoint size
      expect(statSync(`${file}-wal`).size).toBeGreaterThan(3_000_000);
      // nobody else checkpoints now: the database file grows only when the worker has run
      const deadline = Date.now() + 10_000;
      while (statSync(file).size < before + 3_000_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(statSync(file).size).toBeGreaterThan(before + 3_000_000);
      expect(await t.db.inboundEvent.count({ where: { key: { startsWith: "fill-" } } })).toBe(200);
    } finally {
      await t.cleanup();
    }
  });

  it("without the option (CLI runs), SQLite's own auto-checkpoint stays on", async () => {
    const t = await createSqliteTestDb();
    try {
      await t.db.inboundEvent.count();
      expect(pragma(t.db, "journal_mode")).toBe("wal");
      expect(Number(pragma(t.db, "wal_autocheckpoint"))).toBe(1000);
    } finally {
      await t.cleanup();
    }
  });

  it("closing waits for the worker's last checkpoint: a process with nothing else to do exits cleanly", async () => {
    const t = await createSqliteTestDb();
    try {
      await t.close();
      const r = spawnSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "checkpointer-exit.process.ts"), t.url], {
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(r.stderr).not.toMatch(/Error/);
      expect(r.stdout.trim()).toBe("closed");
      expect(r.status).toBe(0);
      // the last connection closed after the final checkpoint: nothing is left in a WAL
      expect(!existsSync(`${fileOf(t.url)}-wal`) || statSync(`${fileOf(t.url)}-wal`).size === 0).toBe(true);
    } finally {
      await t.cleanup();
    }
  });

  it("the worker runs only while there is a megabyte to copy: started by it, stopped when idle, never for small commits", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ragtime-ckpt-"));
    const file = join(dir, "t.db");
    const c = new Database(file);
    c.pragma("journal_mode = WAL");
    c.pragma("wal_autocheckpoint = 0");
    c.exec("CREATE TABLE t (v TEXT)");
    const threads = () => Number(/Threads:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1]);
    const until = async (what: () => boolean, ms = 10_000) => {
      for (const end = Date.now() + ms; !what() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
      return what();
    };
    const write = (n: number) => {
      const ins = c.prepare("INSERT INTO t VALUES (?)");
      c.transaction(() => {
        for (let i = 0; i < n; i++) ins.run("y".repeat(4000));
      })();
    };
    const ck = startCheckpointer(file, { intervalMs: 25, idleIntervals: 8 });
    try {
      // small commits (a /healthz probe's, a click's): no thread for them
      for (let i = 0; i < 20; i++) {
        write(2);
        await new Promise((r) => setTimeout(r, 30));
      }
      expect(ck.running()).toBe(false);
      expect(ck.starts()).toBe(0);
      write(500); // ~2 MB in the WAL, none of it in the database file yet
      const before = statSync(file).size;
      expect(await until(() => ck.running())).toBe(true);
      const withWorker = threads();
      expect(await until(() => statSync(file).size > before + 1_500_000)).toBe(true);
      // no change for 8 intervals: the thread is gone
      expect(await until(() => !ck.running())).toBe(true);
      expect(await until(() => threads() < withWorker)).toBe(true);
      expect(ck.starts()).toBe(1);
      // nothing written, or little: it stays stopped
      write(2);
      await new Promise((r) => setTimeout(r, 400));
      expect(ck.running()).toBe(false);
      expect(ck.starts()).toBe(1);
      const size = statSync(file).size;
      // the WAL starts again from its beginning: it grows past its old size once more than that is waiting
      write(1000);
      expect(await until(() => ck.running())).toBe(true);
      expect(await until(() => statSync(file).size > size + 3_000_000)).toBe(true);
      expect(ck.starts()).toBe(2);
    } finally {
      await ck.stop();
      expect(ck.running()).toBe(false);
      c.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// The group-committing inbound journal (services/inbound-journal.ts) on a real SQLite file and PostgreSQL:
// one statement per event-loop turn, freshness by key, no joining a Prisma transaction, one bad row refused
// alone, and payloads stored byte for byte.

import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.js";
import { createInboundJournal } from "../../src/services/inbound-journal.js";
import { driverOf } from "../../src/storage/db.js";
import { createPostgresTestDb, createSqliteTestDb, TEST_POSTGRES_URL, type TestDb } from "../helpers/db.js";

const AT = fixedClock(new Date("2026-01-05T09:00:00Z"));

let t: TestDb;
const providers: [string, () => Promise<TestDb>, boolean][] = [
  ["SQLite", createSqliteTestDb, true],
  [TEST_POSTGRES_URL ? "PostgreSQL" : "PostgreSQL (skipped: TEST_POSTGRES_URL not set)", createPostgresTestDb, Boolean(TEST_POSTGRES_URL)],
];

const input = (key: string, payload: unknown = { key }) => ({ key, source: "slack", kind: "block_actions:status", payload });

for (const [provider, create, enabled] of providers) {
  describe.skipIf(!enabled)(`inbound journal (${provider})`, () => {
    beforeAll(async () => {
      t = await create();
    });
    afterAll(async () => t?.cleanup());

    it("writes everything appended in one event-loop turn in one statement, and each row is readable by Prisma", async () => {
      const j = createInboundJournal(t.db, { clock: AT });
      const receipts = await Promise.all(Array.from({ length: 40 }, (_, i) => j.append(input(`batch-${i}`, { n: i }))));
      expect(j.stats.batches).toBe(1);
      expect(j.stats.rows).toBe(40);
      expect(receipts.every((r) => r.fresh && r.id)).toBe(true);
      expect(new Set(receipts.map((r) => r.id)).size).toBe(40);
      const row = await t.db.inboundEvent.findUniqueOrThrow({ where: { id: receipts[7]?.id as string } });
      expect(row).toMatchObject({ key: "batch-7", source: "slack", kind: "block_actions:status", processedAt: null });
      expect(JSON.parse(row.payloadJson)).toEqual({ n: 7 });
      // receivedAt is written in the format Prisma reads and filters on
      expect(row.receivedAt.toISOString()).toBe(AT.now().toISOString());
      expect(
        await t.db.inboundEvent.count({
          where: { key: { startsWith: "batch-" }, receivedAt: { lt: new Date(AT.now().getTime() + 1000) } },
        }),
      ).toBe(40);
    });

    it("a key seen before — in the same batch or an earlier one — is not fresh and is stored once", async () => {
      const j = createInboundJournal(t.db, { clock: AT });
      const [a, b, c] = await Promise.all([j.append(input("dup-1")), j.append(input("dup-1")), j.append(input("dup-2"))]);
      expect(a).toMatchObject({ fresh: true });
      expect(b).toEqual({ id: null, fresh: false });
      expect(c).toMatchObject({ fresh: true });
      const later = await j.append(input("dup-1", { retry: 1 }));
      expect(later).toEqual({ id: null, fresh: false });
      const rows = await t.db.inboundEvent.findMany({ where: { key: "dup-1" } });
      expect(rows).toHaveLength(1);
      expect(JSON.parse(rows[0]?.payloadJson ?? "null")).toEqual({ key: "dup-1" });
    });

    it("stores a string payload exactly as received (Slack's own JSON text)", async () => {
      const j = createInboundJournal(t.db, { clock: AT });
      const text = '{"type":"block_actions","text":"O\'Neill — “quoted” \\u00e9 ✓"}';
      const r = await j.append(input("raw-text", text));
      expect((await t.db.inboundEvent.findUniqueOrThrow({ where: { id: r.id as string } })).payloadJson).toBe(text);
    });

    it("one row that cannot be stored is refused on its own; the rest of its batch is stored", async () => {
      const j = createInboundJournal(t.db, { clock: AT });
      const results = await Promise.allSettled([
        j.append(input("mixed-1")),
        j.append({ key: "mixed-bad", source: "slack", kind: null as unknown as string, payload: {} }),
        j.append(input("mixed-2")),
      ]);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
      expect(await t.db.inboundEvent.count({ where: { key: { in: ["mixed-1", "mixed-2", "mixed-bad"] } } })).toBe(2);
    });

    it("an empty key is refused", async () => {
      await expect(createInboundJournal(t.db, { clock: AT }).append(input(""))).rejects.toThrow(/key/);
    });

    it("a row is committed on its own even while a Prisma transaction is open, and survives that transaction's rollback", async () => {
      const j = createInboundJournal(t.db, { clock: AT });
      let release: () => void = () => {};
      const held = new Promise<void>((r) => {
        release = r;
      });
      let appended = false;
      const tx = t.db
        .$transaction(
          async (tx) => {
            await tx.inboundEvent.create({ data: { key: "in-tx", source: "slack", kind: "x", payloadJson: "{}" } });
            const pending = j.append(input("beside-tx")).then((r) => {
              appended = true;
              return r;
            });
            await held;
            await new Promise((r) => setTimeout(r, 20));
            // SQLite: the journal waits for this transaction (one connection); PostgreSQL: its own connection
            if (provider === "SQLite") expect(appended).toBe(false);
            throw Object.assign(new Error("roll back"), { pending });
          },
          { timeout: 10_000 },
        )
        .catch((e: { pending: Promise<unknown> }) => e.pending);
      release();
      const receipt = (await tx) as { fresh: boolean; id: string };
      expect(receipt.fresh).toBe(true);
      expect(await t.db.inboundEvent.count({ where: { key: "in-tx" } })).toBe(0);
      expect(await t.db.inboundEvent.count({ where: { key: "beside-tx" } })).toBe(1);
    });

    it("drain() resolves once nothing is waiting to be written", async () => {
      const j = createInboundJournal(t.db, { clock: AT });
      const p = j.append(input("drain-1"));
      await j.drain();
      expect(await t.db.inboundEvent.count({ where: { key: "drain-1" } })).toBe(1);
      await expect(p).resolves.toMatchObject({ fresh: true });
      await j.drain();
    });
  });
}

describe("inbound journal while another process holds the SQLite write lock", () => {
  it("waits with the event loop free, then stores; the connection's own busy timeout is left as it was", async () => {
    const t2 = await createSqliteTestDb();
    const other = new Database(t2.url.replace(/^file:/, ""));
    try {
      await t2.db.inboundEvent.count();
      const d = driverOf(t2.db);
      const busyBefore = d.kind === "sqlite" ? d.connection.current()?.pragma("busy_timeout", { simple: true }) : null;
      other.prepare("BEGIN IMMEDIATE").run(); // a CLI import in another process, say
      let stored = false;
      const p = createInboundJournal(t2.db, { clock: AT })
        .append(input("while-locked"))
        .then((r) => {
          stored = true;
          return r;
        });
      // timers still fire while the journal waits: the event loop is not blocked by the lock
      const ticks = await new Promise<number>((resolve) => {
        let n = 0;
        const iv = setInterval(() => {
          n += 1;
          if (n === 5) {
            clearInterval(iv);
            resolve(n);
          }
        }, 10);
      });
      expect(ticks).toBe(5);
      expect(stored).toBe(false);
      other.prepare("COMMIT").run();
      await expect(p).resolves.toMatchObject({ fresh: true });
      expect(await t2.db.inboundEvent.count({ where: { key: "while-locked" } })).toBe(1);
      if (d.kind === "sqlite") expect(d.connection.current()?.pragma("busy_timeout", { simple: true })).toBe(busyBefore);
    } finally {
      other.close();
      await t2.cleanup();
    }
  });
});

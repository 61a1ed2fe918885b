import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markInboundProcessed, pruneInbound, receiveInbound } from "../../src/services/inbound.js";
import { createPostgresTestDb, createSqliteTestDb, TEST_POSTGRES_URL, type TestDb } from "../helpers/db.js";

const AT = new Date("2026-11-21T09:00:00Z"); // a day before the retention test's "now"

let t: TestDb;
const providers: [string, () => Promise<TestDb>, boolean][] = [
  ["SQLite", createSqliteTestDb, true],
  [TEST_POSTGRES_URL ? "PostgreSQL" : "PostgreSQL (skipped: TEST_POSTGRES_URL not set)", createPostgresTestDb, Boolean(TEST_POSTGRES_URL)],
];

for (const [provider, create, enabled] of providers) {
  describe.skipIf(!enabled)(provider, () => {
    beforeAll(async () => {
      t = await create();
    });
    afterAll(async () => t?.cleanup());

    describe("receiveInbound / markInboundProcessed", () => {
      it("stores the raw payload before processing; a retry with the same key is not fresh", async () => {
        const payload = { type: "block_actions", actions: [{ action_id: "rt|status|m1|amber" }], user: { id: "U1" } };
        const first = await receiveInbound(t.db, {
          key: "slack:T1:U1:1234.5",
          source: "slack",
          kind: "block_actions",
          payload,
          receivedAt: AT,
        });
        expect(first).toMatchObject({ fresh: true, processed: false, result: null, error: null });
        const row = await t.db.inboundEvent.findUniqueOrThrow({ where: { id: first.id } });
        expect(JSON.parse(row.payloadJson)).toEqual(payload);
        expect(row.processedAt).toBeNull();

        const retry = await receiveInbound(t.db, {
          key: "slack:T1:U1:1234.5",
          source: "slack",
          kind: "block_actions",
          payload: { changed: true },
          receivedAt: AT,
        });
        expect(retry).toMatchObject({ id: first.id, fresh: false, processed: false });
        expect(await t.db.inboundEvent.count()).toBe(1);
        // the stored payload is the first one
        expect(JSON.parse((await t.db.inboundEvent.findUniqueOrThrow({ where: { id: first.id } })).payloadJson)).toEqual(payload);
      });

      it("records the result and hands it back to later duplicates", async () => {
        const r = await receiveInbound(t.db, {
          key: "teams:act-1",
          source: "teams",
          kind: "invoke",
          payload: "raw text body",
          receivedAt: AT,
        });
        await markInboundProcessed(t.db, r.id, { ok: true, statusUpdateId: "su1" }, new Date("2018-01-15T10:00:00Z"));
        const row = await t.db.inboundEvent.findUniqueOrThrow({ where: { id: r.id } });
        expect(row.payloadJson).toBe("raw text body");
        expect(row.processedAt?.toISOString()).toBe("2018-01-15T10:00:00.000Z");
        const dup = await receiveInbound(t.db, { key: "teams:act-1", source: "teams", kind: "invoke", payload: {}, receivedAt: AT });
        expect(dup).toMatchObject({ fresh: false, processed: true, result: { ok: true, statusUpdateId: "su1" }, error: null });
      });

      it("records an error from an Error or { error }", async () => {
        const a = await receiveInbound(t.db, { key: "k-err-1", source: "slack", kind: "view_submission", payload: {}, receivedAt: AT });
        await markInboundProcessed(t.db, a.id, new Error("database locked"), AT);
        const b = await receiveInbound(t.db, { key: "k-err-2", source: "slack", kind: "view_submission", payload: {}, receivedAt: AT });
        await markInboundProcessed(t.db, b.id, { error: "forbidden" }, AT);
        expect((await t.db.inboundEvent.findUniqueOrThrow({ where: { id: a.id } })).error).toBe("database locked");
        const rb = await t.db.inboundEvent.findUniqueOrThrow({ where: { id: b.id } });
        expect(rb).toMatchObject({ error: "forbidden", resultJson: null });
      });

      it("concurrent deliveries: exactly one is fresh", async () => {
        const rs = await Promise.all(
          [1, 2, 3, 4].map(() => receiveInbound(t.db, { key: "k-race", source: "slack", kind: "x", payload: {}, receivedAt: AT })),
        );
        expect(rs.filter((r) => r.fresh)).toHaveLength(1);
        expect(new Set(rs.map((r) => r.id)).size).toBe(1);
      });

      it("refuses an empty key", async () => {
        await expect(receiveInbound(t.db, { key: "", source: "slack", kind: "x", payload: {}, receivedAt: AT })).rejects.toThrow(/key/);
      });
    });

    describe("pruneInbound (retention)", () => {
      it("deletes processed payloads older than the retention period; keeps recent ones and any still to be replayed", async () => {
        const now = new Date("2026-11-22T03:00:00Z");
        const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
        const add = async (key: string, receivedAt: Date, processed: boolean, source = "slack") => {
          const r = await receiveInbound(t.db, { key, source, kind: "x", payload: { key }, receivedAt });
          if (processed) await markInboundProcessed(t.db, r.id, { done: true }, receivedAt);
        };
        await add("ret-old-done", daysAgo(31), true);
        await add("ret-old-pending", daysAgo(45), false);
        await add("ret-recent-done", daysAgo(29), true);
        // a Teams invoke is acked by its reply: one left unanswered (the person got an error) goes with age
        await add("ret-teams-old-unanswered", daysAgo(31), false, "teams");
        await add("ret-teams-recent-unanswered", daysAgo(2), false, "teams");
        expect(await pruneInbound(t.db, now, 30)).toBe(2);
        const left = await t.db.inboundEvent.findMany({ where: { key: { startsWith: "ret-" } }, orderBy: { key: "asc" } });
        expect(left.map((r) => r.key)).toEqual(["ret-old-pending", "ret-recent-done", "ret-teams-recent-unanswered"]);
        expect(await pruneInbound(t.db, now, 30)).toBe(0);
      });
    });
  });
}

// Two replicas start together on one PostgreSQL with acknowledged work left over from before (30 questions and
// 10 clicks stored, never processed): each is processed by exactly one of them (claimed with FOR UPDATE SKIP
// LOCKED, storage/inbound-claims.ts). Before this, both replayed everything at start: 30 of 30 questions were
// answered twice. Two real Bolt apps, each with its own connection pool and its own fake Slack Web API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiveInbound } from "../../src/services/inbound.js";
import { openDb } from "../../src/storage/db.js";
import { createPostgresTestDb, TEST_POSTGRES_URL, type TestDb } from "../helpers/db.js";
import { type SlackHarness, startSlackHarness } from "../integration/slack-harness.js";
import { seededClick, seedSlackPlan } from "../integration/slack-seed.js";
import { START } from "./rig.js";

const SKIP = TEST_POSTGRES_URL ? "" : " (skipped: set TEST_POSTGRES_URL)";
let tdb: TestDb;
const QUESTIONS = 30;
const CLICKS = 10;

beforeAll(async () => {
  if (TEST_POSTGRES_URL) tdb = await createPostgresTestDb();
});
afterAll(async () => tdb?.cleanup());

describe("two replicas started together", () => {
  it.skipIf(!TEST_POSTGRES_URL)(
    `process each stored interaction exactly once between them${SKIP}`,
    async () => {
      const seed = await seedSlackPlan(tdb.db);
      const before = new Date(START.getTime() - 60_000); // acked a minute before both started
      for (let i = 0; i < QUESTIONS; i++) {
        const body = {
          type: "event_callback",
          event_id: `Ev${i}`,
          event: {
            type: "app_mention",
            user: "U0KARA",
            text: "<@UBOT0001> help",
            channel: "C0BOARD",
            ts: `1795000100.${String(i).padStart(6, "0")}`,
          },
        };
        await receiveInbound(tdb.db, {
          key: `slack:event:Ev${i}`,
          source: "slack",
          kind: "app_mention",
          payload: body,
          receivedAt: before,
        });
      }
      for (let i = 0; i < CLICKS; i++) {
        const p = seededClick(seed, i, "r", 1795003000);
        await receiveInbound(tdb.db, {
          key: `slack:replica:${i}`,
          source: "slack",
          kind: "block_actions:status",
          payload: p,
          receivedAt: before,
        });
      }
      const t0 = performance.now();
      const now = () => new Date(START.getTime() + (performance.now() - t0));
      const second = openDb(tdb.url); // the other replica's own pool
      let a: SlackHarness | undefined;
      let b: SlackHarness | undefined;
      try {
        [a, b] = await Promise.all([
          startSlackHarness(tdb.db, { now, leaseSeconds: 30 }),
          startSlackHarness(second.db, { now, leaseSeconds: 30 }),
        ]);
        await Promise.all([a.surface.idle(), b.surface.idle()]);
        const answers = [...a.fake.callsOf("chat.postMessage"), ...b.fake.callsOf("chat.postMessage")].filter(
          (c) => c.args.channel === "C0BOARD",
        );
        const threads = answers.map((c) => String(c.args.thread_ts));
        expect(new Set(threads).size).toBe(QUESTIONS);
        expect(threads).toHaveLength(QUESTIONS); // none answered twice
        expect(await tdb.db.statusUpdate.count({ where: { source: "slack" } })).toBe(CLICKS);
        expect(await tdb.db.inboundEvent.count({ where: { processedAt: null } })).toBe(0);
        const byA = a.fake.callsOf("chat.postMessage").length;
        console.log(
          `FAULT two replicas started together: ${QUESTIONS} questions answered once each (replica A ${byA}, B ${QUESTIONS - byA}), ${CLICKS} clicks recorded once`,
        );
      } finally {
        await a?.close();
        await b?.close();
        await second.close();
      }
    },
    120_000,
  );
});

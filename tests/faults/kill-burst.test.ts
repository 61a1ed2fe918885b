// kill -9 of the service in the middle of a burst of 200 clicks (the real `src/main.ts`, Slack in HTTP mode,
// against the fake Slack Web API), then a restart: every click that was acknowledged (HTTP 200) is recorded
// exactly once; the ones cut off got no 200 (Slack shows the person an error), and none is recorded twice.
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeSlackApi, signSlackRequest } from "../fakes/slack-api.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { freePort } from "../helpers/net.js";
import { startSlackService } from "../helpers/slack-service.js";
import { SIGNING_SECRET } from "../integration/slack-harness.js";
import { type Seeded, seededClick, seededReminderMessage, seedSlackPlan } from "../integration/slack-seed.js";

const N = 200;
let tdb: TestDb;
let seed: Seeded;
const fake = new FakeSlackApi();
let port = 0;

const startService = () => startSlackService({ port, databaseUrl: tdb.url, slackApiUrl: fake.apiUrl });

beforeAll(async () => {
  await fake.start();
  port = await freePort();
  tdb = await createSqliteTestDb();
  seed = await seedSlackPlan(tdb.db);
  // the reminder DM the clicks come from (chat.update replaces it in place)
  const { message } = seededReminderMessage(seed);
  fake.messages.push({ channel: "D0KARA", ts: message.ts, text: message.text, blocks: message.blocks, user: "UBOT0001" });
  await tdb.db.$disconnect();
});
afterAll(async () => {
  await fake.stop();
  await tdb.close();
  rmSync(dirname(tdb.url.replace(/^file:/, "")), { recursive: true, force: true });
});

describe("kill -9 during a burst of clicks", () => {
  it(`every acknowledged click of ${N} is recorded exactly once after a restart`, async () => {
    const first = await startService();
    const statuses: number[] = [];
    let killedAt = 0;
    const sendOne = async (i: number) => {
      const body = new URLSearchParams({ payload: JSON.stringify(seededClick(seed, i, "k", 1795004000)) }).toString();
      try {
        const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", ...signSlackRequest(SIGNING_SECRET, body) },
          body,
        });
        statuses[i] = res.status;
        // kill -9 once half the burst has been acknowledged
        if (statuses.filter((s) => s === 200).length === N / 2 && !killedAt && first.child.pid) {
          killedAt = performance.now();
          process.kill(-first.child.pid, "SIGKILL");
        }
      } catch {
        statuses[i] = 0; // connection cut by the kill: not acknowledged
      }
    };
    // 10 at a time, so the kill lands in the middle of the burst
    let next = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < N) await sendOne(next++);
      }),
    );
    expect(killedAt).toBeGreaterThan(0);
    const acked = statuses.filter((s) => s === 200).length;

    const second = await startService();
    try {
      const started = performance.now();
      for (;;) {
        const n = await tdb.db.statusUpdate.count({ where: { source: "slack" } });
        if (n >= acked && (await tdb.db.inboundEvent.count({ where: { processedAt: null } })) === 0) break;
        if (performance.now() - started > 60_000) throw new Error(`only ${n} of ${acked} acked clicks recorded`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const recoverMs = performance.now() - killedAt;
      const updates = await tdb.db.statusUpdate.findMany({ where: { source: "slack" }, select: { idempotencyKey: true } });
      const keys = new Set(updates.map((u) => u.idempotencyKey));
      expect(updates.length).toBe(keys.size);
      // every acked click is there; a click whose store committed just before the kill may be too, unacked
      expect(keys.size).toBeGreaterThanOrEqual(acked);
      expect(keys.size).toBeLessThanOrEqual(statuses.filter((s) => s !== 500).length);
      console.log(
        `FAULT kill -9 during a burst of ${N} clicks: acked ${acked}, recorded ${keys.size} (${keys.size - acked} stored but cut off before their 200), duplicated ${updates.length - keys.size}; all recorded ${Math.round(recoverMs)} ms after the kill (restart included)`,
      );
    } finally {
      if (second.child.pid) process.kill(-second.child.pid, "SIGTERM");
    }
  }, 180_000);
});

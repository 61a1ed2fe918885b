// kill -9 of the service in the middle of a burst of 200 clicks (the real `src/main.ts`, Slack in HTTP mode,
// against the fake Slack Web API), then a restart: every click that was acknowledged (HTTP 200) is recorded
// exactly once; the ones cut off got no 200 (Slack shows the person an error), and none is recorded twice.
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeSlackApi, signSlackRequest } from "../fakes/slack-api.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { freePort } from "../helpers/net.js";
import { BOT_TOKEN, SIGNING_SECRET } from "../integration/slack-harness.js";
import { type Seeded, seededClick, seededReminderMessage, seedSlackPlan } from "../integration/slack-seed.js";

const root = join(import.meta.dirname, "..", "..");
const N = 200;
let tdb: TestDb;
let seed: Seeded;
const fake = new FakeSlackApi();
let port = 0;

function startService(): Promise<{ child: ChildProcess; output: () => string }> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    DATABASE_URL: tdb.url,
    LOG_LEVEL: "info",
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    REMINDER_TICK: "0 0 1 1 *",
    DIGEST_TICK: "0 0 1 1 *",
    // under `npm run test:future` the service shares this process's faked clock (its Slack signatures are checked against it)
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k === "LD_PRELOAD" || k.startsWith("FAKETIME"))),
  };
  const child = spawn(process.execPath, [join(root, "node_modules", "tsx", "dist", "cli.mjs"), "src/main.ts"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (out += d));
  return new Promise((resolve, reject) => {
    const t = setInterval(() => {
      if (/slack: ready/.test(out)) {
        clearInterval(t);
        resolve({ child, output: () => out });
      }
      if (child.exitCode !== null) {
        clearInterval(t);
        reject(new Error(`the service exited: ${out}`));
      }
    }, 100);
  });
}

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

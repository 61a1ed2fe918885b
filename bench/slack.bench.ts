// Interaction ack latency: 1,000 signed block_actions (status clicks) at concurrency 50 against the running
// Bolt app (HTTP receiver on a local port, real SQLite opened as main.ts opens it, fake Slack Web API). Ack
// time is what Slack's 3-second limit applies to; it includes storing the raw click (the intake stores
// before it acks). The work after the ack (record, chat.update) is timed separately: from the burst's end to
// the last card updated. Beside it, the ceiling: a bare Bolt app on the same receiver and server that acks
// and does nothing else, under the same load in the same minute; and the app's event-loop delay during the
// burst (perf_hooks.monitorEventLoopDelay), since the after-ack work now runs while clicks still arrive.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { App, LogLevel } from "@slack/bolt";
import { SlackHttpReceiver } from "../src/adapters/slack/http-receiver.js";
import { createPostgresTestDb, createSqliteTestDb, TEST_POSTGRES_URL, type TestDb } from "../tests/helpers/db.js";
import { SIGNING_SECRET, startSlackHarness } from "../tests/integration/slack-harness.js";
import { seededClick, seededReminderMessage, seedSlackPlan } from "../tests/integration/slack-seed.js";
import { figure, fmtMs, peakRssMb, percentile } from "./util.js";

export const title = "Slack: interaction ack latency (1,000 signed block_actions, concurrency 50)";

const N = 1000;
const CONCURRENCY = 50;

/** Sends the bodies from a separate process (like Slack, the client does not share the app's event loop). */
function runLoad(
  url: string,
  bodies: string[],
  n: number,
  concurrency: number,
): Promise<{ latencies: number[]; statuses: Record<string, number>; elapsedMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(import.meta.dirname, "slack-load.mjs"), url, SIGNING_SECRET, String(n), String(concurrency)],
      {
        stdio: ["pipe", "pipe", "inherit"],
      },
    );
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString("utf8");
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load generator exited ${code}`))));
    child.stdin.end(JSON.stringify(bodies));
  });
}

const silent = {
  debug() {},
  info() {},
  warn() {},
  error: (...m: unknown[]) => console.error("bare Bolt:", ...m),
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};

/** The ceiling: Bolt with the same receiver (http-receiver.ts) on a plain node server, acking every click and nothing else. */
async function bareBolt(bodies: string[]): Promise<number[]> {
  const receiver = new SlackHttpReceiver({ signingSecret: SIGNING_SECRET, logger: silent });
  const app = new App({
    // no auth.test (nowhere to send it): the ids it would give
    authorize: async () => ({ botToken: "xoxb-bare", botId: "BBOT0001", botUserId: "UBOT0001" }),
    receiver,
    logger: silent,
    convoStore: false,
    deferInitialization: true,
  });
  app.action(/.*/, async ({ ack }) => {
    await ack();
  });
  await app.init();
  const server = createServer((req, res) => receiver.requestListener(req, res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    await runLoad(url, bodies.slice(0, 300), 300, CONCURRENCY); // warm up (JIT, sockets)
    const load = await runLoad(url, bodies, N, CONCURRENCY);
    if (load.statuses["200"] !== N) throw new Error(`bare Bolt: unexpected statuses ${JSON.stringify(load.statuses)}`);
    return load.latencies.sort((a, b) => a - b);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

export async function run(): Promise<void> {
  // SQLite as main.ts opens it (WAL checkpoints on a worker thread); PostgreSQL too when TEST_POSTGRES_URL is set
  await runOn("SQLite", await createSqliteTestDb({ backgroundCheckpoints: true }));
  if (TEST_POSTGRES_URL) await runOn("PostgreSQL", await createPostgresTestDb());
}

async function runOn(database: string, tdb: TestDb): Promise<void> {
  console.log(`--- ${database}`);
  const seed = await seedSlackPlan(tdb.db);
  const h = await startSlackHarness(tdb.db, { now: () => new Date("2026-11-23T10:00:00Z") });
  try {
    const { message } = seededReminderMessage(seed);
    // the reminder DM as the bot posted it, so each click's chat.update finds it
    h.fake.messages.push({ channel: "D0KARA", ts: message.ts, text: message.text, blocks: message.blocks, user: "UBOT0001" });

    // warm up (JIT, connection pool, Prisma)
    for (let i = 0; i < 20; i++) await h.interact(seededClick(seed, i, "w", 1795000002));
    await h.surface.idle();

    const SEQ = 100;
    // each click is a distinct rendering (block id), so every one records a real StatusUpdate
    const bodies = Array.from({ length: N + SEQ }, (_, i) =>
      new URLSearchParams({ payload: JSON.stringify(seededClick(seed, i, "r", 1795001000)) }).toString(),
    );
    // one at a time first: the cost of one ack with nothing queued in front of it
    const seq = await runLoad(`${h.url}/slack/events`, bodies.slice(N), SEQ, 1);
    await h.surface.idle();
    const seqLat = [...seq.latencies].sort((a, b) => a - b);
    // the ceiling, in the same minute (the machine is shared)
    const bare = await bareBolt(bodies.slice(0, N));
    const updatesBefore = h.fake.callsOf("chat.update").length;
    const loop = monitorEventLoopDelay({ resolution: 5 });
    const started = performance.now();
    loop.enable();
    const load = await runLoad(`${h.url}/slack/events`, bodies.slice(0, N), N, CONCURRENCY);
    loop.disable();
    const ackedAll = performance.now() - started;
    await h.surface.idle();
    const doneAll = performance.now() - started;
    const latencies = load.latencies;
    if (load.statuses["200"] !== N) throw new Error(`unexpected statuses ${JSON.stringify(load.statuses)}`);
    latencies.sort((a, b) => a - b);
    const recorded = await tdb.db.statusUpdate.count({ where: { source: "slack" } });
    const p99 = percentile(latencies, 99);
    const bareP99 = percentile(bare, 99);
    figure("ack latency, one at a time (100) p50 / p99", `${fmtMs(percentile(seqLat, 50))} / ${fmtMs(percentile(seqLat, 99))}`);
    figure("ack latency p50", fmtMs(percentile(latencies, 50)));
    figure("ack latency p99", fmtMs(p99), "< 50 ms");
    figure("ack latency max", fmtMs(latencies[latencies.length - 1] ?? Number.NaN));
    figure("bare Bolt app (acks only), same load: p50 / p99", `${fmtMs(percentile(bare, 50))} / ${fmtMs(bareP99)}`);
    figure("ceiling ratio: ack p99 / bare Bolt p99", `${(p99 / bareP99).toFixed(2)}x`, "<= 1.5x");
    figure("event-loop delay during the burst p99 / max", `${fmtMs(loop.percentile(99) / 1e6)} / ${fmtMs(loop.max / 1e6)}`);
    figure("acks per second", `${Math.round((N / ackedAll) * 1000)}/s`);
    figure("after the ack: burst end -> last card updated", fmtMs(doneAll - ackedAll), "< 3000 ms");
    figure("status updates recorded", `${recorded - 20 - SEQ} of ${N}`);
    const j = h.surface.journalStats;
    figure("clicks stored before their ack (all runs)", `${j.rows} in ${j.batches} group commits (largest ${j.largestBatch})`);
    const a = h.surface.actStats;
    figure("clicks decided after their ack (all runs)", `${a.submissions} in ${a.batches} batches (largest ${a.largestBatch})`);
    figure(
      "chat.update calls (updates to the one message superseded while waiting are not sent)",
      String(h.fake.callsOf("chat.update").length - updatesBefore),
    );
    figure("peak RSS", `${peakRssMb().toFixed(0)} MB`);
    figure("machine load average (1 min) / CPUs", `${loadavg()[0]?.toFixed(1)} / ${cpus().length}`);
  } finally {
    await h.close();
    await tdb.cleanup();
  }
}

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
const ROUNDS = 3;

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
async function startBareBolt(): Promise<{ url: string; close(): Promise<void> }> {
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
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const list = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(", ");

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
    // (and its own action_ts: the intake's key holds it, so no burst repeats another's clicks)
    let nextTs = 1795001000;
    const bodiesOf = (tag: string, n: number) => {
      nextTs += 100;
      const ts = nextTs;
      return Array.from({ length: n }, (_, i) =>
        new URLSearchParams({ payload: JSON.stringify(seededClick(seed, i, tag, ts)) }).toString(),
      );
    };
    // a burst to warm up, as the bare app gets (JIT of the batch path, sockets)
    await runLoad(`${h.url}/slack/events`, bodiesOf("wr", 300), 300, CONCURRENCY);
    await h.surface.idle();
    // one at a time first: the cost of one ack with nothing queued in front of it
    const seq = await runLoad(`${h.url}/slack/events`, bodiesOf("s", SEQ), SEQ, 1);
    await h.surface.idle();
    const seqLat = [...seq.latencies].sort((a, b) => a - b);

    // ROUNDS bursts, each right after a burst on the bare Bolt app (the ceiling, in the same minute: the
    // machine is shared, and one burst's tail moves with whatever else runs)
    const bare = await startBareBolt();
    await runLoad(bare.url, bodiesOf("w", 300), 300, CONCURRENCY); // warm up (JIT, sockets)
    const rounds: {
      p50: number;
      p99: number;
      bareP50: number;
      bareP99: number;
      loopP99: number;
      loopMax: number;
      afterMs: number;
      perS: number;
    }[] = [];
    const updatesBefore = h.fake.callsOf("chat.update").length;
    for (let r = 0; r < ROUNDS; r++) {
      const bodies = bodiesOf(`r${r}-`, N);
      const b = await runLoad(bare.url, bodies, N, CONCURRENCY);
      if (b.statuses["200"] !== N) throw new Error(`bare Bolt: unexpected statuses ${JSON.stringify(b.statuses)}`);
      const bareLat = b.latencies.sort((x, y) => x - y);
      const loop = monitorEventLoopDelay({ resolution: 5 });
      const started = performance.now();
      loop.enable();
      const load = await runLoad(`${h.url}/slack/events`, bodies, N, CONCURRENCY);
      loop.disable();
      const ackedAll = performance.now() - started;
      await h.surface.idle();
      const doneAll = performance.now() - started;
      if (load.statuses["200"] !== N) throw new Error(`unexpected statuses ${JSON.stringify(load.statuses)}`);
      const lat = load.latencies.sort((x, y) => x - y);
      rounds.push({
        p50: percentile(lat, 50),
        p99: percentile(lat, 99),
        bareP50: percentile(bareLat, 50),
        bareP99: percentile(bareLat, 99),
        loopP99: loop.percentile(99) / 1e6,
        loopMax: loop.max / 1e6,
        afterMs: doneAll - ackedAll,
        perS: (N / ackedAll) * 1000,
      });
    }
    await bare.close();
    const recorded = await tdb.db.statusUpdate.count({ where: { source: "slack" } });
    const col = (k: keyof (typeof rounds)[0]) => rounds.map((x) => x[k]);
    const p99 = median(col("p99"));
    const bareP99 = median(col("bareP99"));
    figure("ack latency, one at a time (100) p50 / p99", `${fmtMs(percentile(seqLat, 50))} / ${fmtMs(percentile(seqLat, 99))}`);
    figure(`ack latency p50 (${ROUNDS} bursts), ms`, list(col("p50")));
    figure(`ack latency p99 (${ROUNDS} bursts), ms`, list(col("p99")), "< 50 ms");
    figure("bare Bolt app (acks only), same load: p50, ms", list(col("bareP50")));
    figure("bare Bolt app (acks only), same load: p99, ms", list(col("bareP99")));
    figure("ceiling ratio per burst: ack p99 / bare Bolt p99", rounds.map((x) => `${(x.p99 / x.bareP99).toFixed(2)}x`).join(", "));
    figure("ceiling ratio: median ack p99 / median bare p99", `${(p99 / bareP99).toFixed(2)}x`, "<= 1.5x");
    figure(
      "event-loop delay during each burst p99 (max), ms",
      rounds.map((x) => `${x.loopP99.toFixed(0)} (${x.loopMax.toFixed(0)})`).join(", "),
    );
    figure("acks per second", rounds.map((x) => `${Math.round(x.perS)}/s`).join(", "));
    figure("after the ack: burst end -> last card updated, ms", list(col("afterMs")), "< 3000 ms");
    figure("status updates recorded", `${recorded - 20 - 300 - SEQ} of ${N * ROUNDS}`);
    const j = h.surface.journalStats;
    figure("clicks stored before their ack (all runs)", `${j.rows} in ${j.batches} group commits (largest ${j.largestBatch})`);
    const a = h.surface.actStats;
    figure("clicks decided after their ack (all runs)", `${a.submissions} in ${a.batches} batches (largest ${a.largestBatch})`);
    figure(
      "chat.update calls in the bursts (updates to the one message superseded while waiting are not sent)",
      String(h.fake.callsOf("chat.update").length - updatesBefore),
    );
    figure("peak RSS", `${peakRssMb().toFixed(0)} MB`);
    figure("machine load average (1 min) / CPUs", `${loadavg()[0]?.toFixed(1)} / ${cpus().length}`);
  } finally {
    await h.close();
    await tdb.cleanup();
  }
}

// Idle memory of the running service: `npm start` (migrations, then src/main.ts) on a SQLite file holding a
// live 5,000-milestone plan, once in local mode with the playground off and once with Slack on (HTTP mode,
// against a fake Slack Web API, as tests/integration/slack-main.test.ts runs it). When /healthz answers 200 the
// service's RSS is read from /proc/<pid>/status (no tick has run: they are set to 1 January). Then, in a second
// start of each, its first reminder and digest tick (the plan's catch-up: the heaviest tick, 72 reminders) runs
// 8 s after start: the peak during it, and the RSS 55 s after it, when a service on the default cadence (a tick
// a minute) is about to run the next one. The ticks are one-shot crons at that second (TZ=UTC), not every few
// seconds: a service ticking every 5 s is never idle. Goal: < 150 MB (MB = 10^6 bytes).
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os, { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { systemClock } from "../src/clock.js";
import { importPlan } from "../src/services/importPlan.js";
import { setPlanLive } from "../src/storage/plans.js";
import { FakeSlackApi } from "../tests/fakes/slack-api.js";
import { createSqliteTestDb } from "../tests/helpers/db.js";
import { freePort } from "../tests/helpers/net.js";
import { servicePid } from "../tests/helpers/proc.js";
import { BOT_TOKEN, SIGNING_SECRET } from "../tests/integration/slack-harness.js";
import { generate } from "./import.bench.js";
import { figure } from "./util.js";

export const title = "idle: the service's RSS after start with a 5,000-milestone plan";

const root = join(import.meta.dirname, "..");
const MILESTONES = Number(process.env.BENCH_IDLE_MILESTONES ?? 5_000);

function status(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of readFileSync(`/proc/${pid}/status`, "utf8").split("\n")) {
    const m = /^(Vm\w+|Rss\w+):\s+(\d+) kB/.exec(line);
    if (m) out[m[1] as string] = (Number(m[2]) * 1024) / 1e6;
  }
  return out;
}

const mb = (n: number | undefined) => `${(n ?? Number.NaN).toFixed(0)} MB`;

/** A copy of the prepared database for one run (each service starts from the same state). */
function copyDb(url: string, name: string): string {
  const file = url.replace(/^file:/, "");
  const copy = join(dirname(file), `${name}.db`);
  copyFileSync(file, copy);
  for (const ext of ["-wal", "-shm"]) if (existsSync(file + ext)) copyFileSync(file + ext, copy + ext);
  return `file:${copy}`;
}

/** a cron (seconds field first, node-cron) that fires once a day, at this instant (UTC) */
function oneShotCron(at: Date): string {
  return `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} * * *`;
}

const TICK_AFTER_MS = 8_000;
const SETTLE_MS = 55_000;

async function measure(label: string, dbUrl: string, env: NodeJS.ProcessEnv, ticks: boolean): Promise<void> {
  const port = await freePort();
  let output = "";
  const tickAt = new Date(Date.now() + TICK_AFTER_MS);
  // without ticks: none before the end of the run (1 January)
  const tick = ticks ? oneShotCron(tickAt) : "0 0 1 1 *";
  const child: ChildProcess = spawn("npm", ["start", "--silent"], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TZ: "UTC",
      PORT: String(port),
      DATABASE_URL: dbUrl,
      LOG_LEVEL: "warn",
      REMINDER_TICK: tick,
      DIGEST_TICK: tick,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  try {
    const t0 = performance.now();
    let ready = false;
    for (let i = 0; i < 480 && !ready; i++) {
      await new Promise((r) => setTimeout(r, 250));
      ready = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.status === 200,
        () => false,
      );
    }
    if (!ready) throw new Error(`${label}: the service did not get ready:\n${output.slice(-2000)}`);
    const readyMs = performance.now() - t0;
    const pid = servicePid(child.pid as number);
    if (!pid) throw new Error(`${label}: no src/main.ts process under npm start`);
    const atReady = status(pid);
    const parts = (s: Record<string, number>) =>
      `heap and other anonymous memory ${mb(s.RssAnon)}, code and files ${mb((s.RssFile ?? 0) + (s.RssShmem ?? 0))}`;
    if (!ticks) {
      // V8's memory reducer gives back the start's garbage within seconds of the service going quiet
      await new Promise((r) => setTimeout(r, 15_000));
      const later = status(pid);
      figure(
        `${label}: RSS when /healthz is ready`,
        `${mb(atReady.VmRSS)} (ready ${(readyMs / 1000).toFixed(1)} s after npm start)`,
        "< 150 MB",
      );
      figure(`${label}: 15 s later, no tick yet`, `${mb(later.VmRSS)} (peak ${mb(later.VmHWM)}; ${parts(later)})`, "< 150 MB");
      return;
    }
    const before = status(pid);
    const wait = tickAt.getTime() - Date.now();
    if (wait < 0) throw new Error(`${label}: the service was ready after its tick time; raise TICK_AFTER_MS`);
    await new Promise((r) => setTimeout(r, wait + SETTLE_MS));
    const settled = status(pid);
    figure(`${label}: before its first tick`, mb(before.VmRSS), "< 150 MB");
    figure(`${label}: peak during its first ticks (catch-up)`, mb(settled.VmHWM));
    figure(`${label}: ${SETTLE_MS / 1000} s after its first ticks`, `${mb(settled.VmRSS)} (${parts(settled)})`, "< 150 MB");
  } finally {
    if (child.pid) process.kill(-child.pid, "SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "ragtime-idle-"));
  const fake = new FakeSlackApi();
  try {
    const file = join(dir, "plan.csv");
    writeFileSync(file, generate(MILESTONES));
    const h = await createSqliteTestDb({ dir });
    // the service runs on the real clock: the plan goes live now, so its first ticks have reminders to plan
    const now = systemClock.now();
    const r = await importPlan(h.db, { file, planKey: "idle", now, records: false });
    await setPlanLive(h.db, "idle", now);
    await h.close();
    figure("plan", `${r.plan.milestones} milestones, ${r.plan.actions} actions, ${r.counts?.people.created} people (live)`);
    await fake.start();
    const slack = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl };
    await measure("local, PLAYGROUND=off", copyDb(h.url, "local"), { PLAYGROUND: "off" }, false);
    await measure("Slack on (HTTP, fake Web API)", copyDb(h.url, "slack"), slack, false);
    await measure("local, PLAYGROUND=off", copyDb(h.url, "local-ticks"), { PLAYGROUND: "off" }, true);
    await measure("Slack on (HTTP, fake Web API)", copyDb(h.url, "slack-ticks"), slack, true);
    figure("load average (1 min) at the end", os.loadavg()[0]?.toFixed(1) ?? "?");
  } finally {
    await fake.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

// Idle memory of the running service: `npm start` (migrations, then src/main.ts) on a SQLite file holding a
// live 5,000-milestone plan, once in local mode with the playground off and once with Slack on (HTTP mode,
// against a fake Slack Web API, as tests/integration/slack-main.test.ts runs it). When /healthz answers 200 the
// service's RSS is read from /proc/<pid>/status (no tick has run: they are set to 1 January), then, in a second
// start of each, after its first reminder and digest ticks (every 5 s there). Goal: < 150 MB (MB = 10^6 bytes).
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os, { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { systemClock } from "../src/clock.js";
import { importPlan } from "../src/services/importPlan.js";
import { setPlanLive } from "../src/storage/plans.js";
import { FakeSlackApi } from "../tests/fakes/slack-api.js";
import { createSqliteTestDb } from "../tests/helpers/db.js";
import { freePort } from "../tests/helpers/net.js";
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

function children(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((t) =>
      readFileSync(`/proc/${pid}/task/${t}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/** The process running the service under `npm start` (npm -> sh -> node bin/ragtime-server.mjs; or tsx src/main.ts). */
function servicePid(root: number): number | null {
  const all: number[] = [];
  const walk = (p: number) => {
    for (const c of children(p)) {
      all.push(c);
      walk(c);
    }
  };
  walk(root);
  const main = all.filter((p) => {
    try {
      const cmd = readFileSync(`/proc/${p}/cmdline`, "utf8");
      return cmd.includes("bin/ragtime-server.mjs") || cmd.includes("src/main.ts");
    } catch {
      return false;
    }
  });
  // the deepest one is the service (tsx's CLI runs the program in a child node process)
  return main.find((p) => !main.some((q) => children(p).includes(q))) ?? null;
}

/** A copy of the prepared database for one run (each service starts from the same state). */
function copyDb(url: string, name: string): string {
  const file = url.replace(/^file:/, "");
  const copy = join(dirname(file), `${name}.db`);
  copyFileSync(file, copy);
  for (const ext of ["-wal", "-shm"]) if (existsSync(file + ext)) copyFileSync(file + ext, copy + ext);
  return `file:${copy}`;
}

async function measure(label: string, dbUrl: string, env: NodeJS.ProcessEnv, ticks: boolean): Promise<void> {
  const port = await freePort();
  let output = "";
  const child: ChildProcess = spawn("npm", ["start", "--silent"], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      DATABASE_URL: dbUrl,
      LOG_LEVEL: "warn",
      // without ticks: none before the end of the run (1 January); with: every 5 s, so the first comes at once
      REMINDER_TICK: ticks ? "*/5 * * * * *" : "0 0 1 1 *",
      DIGEST_TICK: ticks ? "*/5 * * * * *" : "0 0 1 1 *",
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
    await new Promise((r) => setTimeout(r, 12_000));
    const settled = status(pid);
    if (!ticks)
      figure(
        `${label}: RSS when /healthz is ready`,
        `${mb(atReady.VmRSS)} (ready ${(readyMs / 1000).toFixed(1)} s after npm start)`,
        "< 150 MB",
      );
    const parts = `heap and other anonymous memory ${mb(settled.RssAnon)}, code and files ${mb((settled.RssFile ?? 0) + (settled.RssShmem ?? 0))}`;
    figure(
      `${label}: ${ticks ? "after its first reminder ticks" : "5 s later, no tick yet"}`,
      `${mb(settled.VmRSS)} (peak ${mb(settled.VmHWM)}; ${parts})`,
      "< 150 MB",
    );
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

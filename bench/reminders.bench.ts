// Reminder engine + delivery figures:
//  - time for the pure planner to plan 10,000 due reminders (goal < 1 s), and a full tick (load + plan +
//    write Reminder/Outbox rows) on a real SQLite file;
//  - delivery throughput against a local fake platform that enforces a rate limit with 429 + Retry-After,
//    as a ratio of the allowed rate (goal >= 0.9), with lost and duplicated counts (goal 0 and 0).

import { planReminders } from "../src/core/reminders/planner.js";
import { DEFAULT_POLICY } from "../src/core/reminders/policy.js";
import type { PlannerInput, PlannerMilestone, PlannerPerson } from "../src/core/reminders/types.js";
import { scaleOf } from "../src/core/status.js";
import { startOutboxWorker } from "../src/delivery/worker.js";
import { createLogger } from "../src/logger.js";
import { runReminderTick } from "../src/services/reminders.js";
import { startFakePlatform } from "../tests/fakes/chat-platform.js";
import { HttpTestMessenger } from "../tests/fakes/http-messenger.js";
import { createSqliteTestDb } from "../tests/helpers/db.js";
import { seedBulkPlan } from "../tests/integration/reminders.seed.js";
import { figure, fmtMs, percentile } from "./util.js";

export const title = "reminders: planning and rate-limited delivery";

const NOW = new Date("2017-09-14T10:00:00Z");

function syntheticInput(n: number): PlannerInput {
  const people = new Map<string, PlannerPerson>();
  const milestones: PlannerMilestone[] = [];
  const dues = ["2017-09-14", "2017-08-31", "2017-09-01", "2017-09-28", "2017-08-17"]; // due, chasers, upcoming
  for (let i = 0; i < n; i++) {
    const id = `p${i}`;
    people.set(id, {
      id,
      name: `Owner ${i}`,
      timeZone: "Europe/London",
      nation: i % 7 === 0 ? "SCT" : "ENG",
      deputyId: null,
      awayUntil: null,
    });
    milestones.push({
      id: `m${i}`,
      actionId: `a${i}`,
      ref: `${Math.floor(i / 10)}.${i % 10}`,
      sectionLabel: "Priority 1",
      sectionNumber: "1",
      actionTitle: `Action ${i}`,
      title: `Milestone ${i}`,
      due: dues[i % dues.length] as string,
      dueRaw: null,
      status: "on_track",
      statusLabel: "Green",
      paused: false,
      snoozedUntil: null,
      ownerIds: [id],
      leadIds: [],
      lastUpdateAt: null,
    });
  }
  return {
    plans: [
      {
        id: "plan",
        key: "bench",
        name: "Bench plan",
        scale: scaleOf("rag"),
        policy: DEFAULT_POLICY,
        status: "live",
        liveFrom: null,
        milestones,
        boards: [],
      },
    ],
    people,
    history: [],
    now: NOW,
  };
}

async function planning(): Promise<void> {
  planReminders(syntheticInput(200)); // warm-up (holiday tables, JIT)
  const times: number[] = [];
  let planned = 0;
  for (let i = 0; i < 5; i++) {
    const input = syntheticInput(10_000);
    const t0 = performance.now();
    planned = planReminders(input).length;
    times.push(performance.now() - t0);
  }
  const sorted = [...times].sort((a, b) => a - b);
  figure("plan 10,000 due reminders (pure planner, median of 5)", `${fmtMs(percentile(sorted, 50))} (${planned} planned)`, "< 1 s");
  figure("  first run (cold) / slowest", `${fmtMs(times[0] as number)} / ${fmtMs(sorted[sorted.length - 1] as number)}`);

  const db = await createSqliteTestDb();
  try {
    await seedBulkPlan(db.db, "bench", 10_000, "2017-09-14");
    const t1 = performance.now();
    const r = await runReminderTick(db.db, NOW, { enabled: { slack: true, teams: false } });
    figure("tick: load + plan + write 10,000 (SQLite)", `${fmtMs(performance.now() - t1)} (${r.written.length} written)`);
    const t2 = performance.now();
    const again = await runReminderTick(db.db, NOW, { enabled: { slack: true, teams: false } });
    figure("idle tick over the same 10,000 (nothing new)", `${fmtMs(performance.now() - t2)} (${again.written.length} written)`);
  } finally {
    await db.cleanup();
  }
}

async function delivery(): Promise<void> {
  const N = 300;
  const RATE = 20; // messages per second allowed by the fake platform
  const db = await createSqliteTestDb();
  const fake = await startFakePlatform({ limit: { count: RATE, windowMs: 1000 } });
  try {
    await seedBulkPlan(db.db, "thr", N, "2017-09-14");
    await runReminderTick(db.db, NOW, { enabled: { slack: true, teams: false } });
    const worker = startOutboxWorker({
      db: db.db,
      messengers: { slack: new HttpTestMessenger("slack", fake.url) },
      limits: { rules: [{ match: "slack:dm", count: RATE, intervalMs: 1000 }] },
      log: createLogger("silent"),
      poll: false,
      now: () => NOW,
    });
    const t0 = performance.now();
    let sent = 0;
    while (sent < N) {
      const r = await worker.drainOnce();
      sent += r.sent;
      if (r.sent === 0) await new Promise((res) => setTimeout(res, 50));
    }
    const seconds = (performance.now() - t0) / 1000;
    await worker.stop();
    const keys = (await db.db.outboxMessage.findMany({ select: { dedupeKey: true } })).map((k) => k.dedupeKey);
    const counts = fake.counts();
    const lost = keys.filter((k) => !counts.has(k)).length;
    const duplicated = [...counts.values()].reduce((s, c) => s + c - 1, 0);
    const rate = N / seconds;
    figure(`delivery: ${N} messages, platform allows ${RATE}/s`, `${rate.toFixed(1)} msg/s in ${seconds.toFixed(1)} s`);
    figure("delivery throughput / allowed rate", (rate / RATE).toFixed(3), ">= 0.9");
    figure("429 responses received (Retry-After honoured)", String(fake.rejected429));
    figure("lost", String(lost), "0");
    figure("duplicated", String(duplicated), "0");
  } finally {
    await fake.close();
    await db.cleanup();
  }
}

export async function run(): Promise<void> {
  await planning();
  await delivery();
}

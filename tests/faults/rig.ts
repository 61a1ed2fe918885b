// The fault rig: the real Bolt app (slack-harness.ts) on a real database, the real outbox worker delivering
// reminders to the fake Slack Web API, and the service's own /healthz report. A case acknowledges clicks,
// plans reminders, puts a REAL fault in place (a lock held by another process, an immutable file, a full file
// system, PostgreSQL connections cut off), lets processing hit it, clears it and measures what happened.
//
// The only thing held back on purpose is *when* processing starts: the clicks' recording waits on a gate until
// the fault is in place, so it is certain that the fault hits work that was already acknowledged.
import { createOutboxClient, SlackMessenger } from "../../src/adapters/slack/messenger.js";
import { defaultServices } from "../../src/adapters/slack/services.js";
import { systemClock } from "../../src/clock.js";
import { defaultLimits } from "../../src/delivery/rate-limit.js";
import { startOutboxWorker } from "../../src/delivery/worker.js";
import { type HealthReport, healthReport } from "../../src/health.js";
import { createLogger } from "../../src/logger.js";
import { runReminderTick } from "../../src/services/reminders.js";
import type { Db } from "../../src/storage/db.js";
import { seedBulkPlan } from "../integration/reminders.seed.js";
import { BOT_TOKEN, type SlackHarness, startSlackHarness } from "../integration/slack-harness.js";
import { type Seeded, seededClick, seededReminderMessage, seedSlackPlan } from "../integration/slack-seed.js";

/** Monday 23 Nov 2026, 10:00 London: the seeded milestones are due today, so a tick plans "due" reminders. */
export const START = new Date("2026-11-23T10:00:00Z");
const ENABLED = { slack: true, teams: false };

export interface Figures {
  case: string;
  clicksAcked: number;
  clicksRefused: number;
  recorded: number;
  duplicated: number;
  reminders: number;
  remindersSent: number;
  remindersDuplicated: number;
  recoverMs: number;
  healthDuring: string;
  /** the retry worker reported the acknowledged backlog as stale (degraded) while the fault lasted */
  sawDegraded: boolean;
}

export interface Rig {
  db: Db;
  h: SlackHarness;
  seed: Seeded;
  now(): Date;
  /** sends clicks n..n+count-1; returns their HTTP statuses */
  click(from: number, count: number): Promise<number[]>;
  /** opens the gate: the clicks' recording starts (and meets whatever fault is in place) */
  release(): void;
  /** recording attempts that failed, and their errors */
  failures: unknown[];
  health(): Promise<HealthReport>;
  planReminders(): Promise<number>;
  waitFor(what: string, cond: () => Promise<boolean>, ms?: number): Promise<void>;
  /** acked clicks recorded (one StatusUpdate each) and duplicated; reminders sent and sent twice */
  count(
    acked: number,
  ): Promise<{ recorded: number; duplicated: number; reminders: number; sent: number; sentTwice: number; twice: string[] }>;
  close(): Promise<void>;
}

export async function startRig(db: Db, opts: { leaseSeconds?: number; reminders?: number } = {}): Promise<Rig> {
  // a clock that runs (the retry worker compares receivedAt with it), starting on the seeded due day
  const t0 = performance.now();
  const now = () => new Date(START.getTime() + (performance.now() - t0));
  const seed = await seedSlackPlan(db);
  await seedBulkPlan(db, "r", opts.reminders ?? 30, "2026-11-23");

  let release: () => void = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const failures: unknown[] = [];
  const real = defaultServices({ enabled: ENABLED, clock: systemClock });
  const h = await startSlackHarness(db, {
    now,
    leaseSeconds: opts.leaseSeconds ?? 1,
    // 3 s: acknowledged work still unprocessed after that is reported (error log, /healthz degraded)
    staleMinutes: 0.05,
    retryPollMs: 200,
    services: {
      // a processing attempt that met a database fault is left for the retry worker ("retry")
      markInboundProcessed: async (d, id, outcome) => {
        const r = await real.markInboundProcessed(d, id, outcome);
        if (r === "retry") failures.push(outcome);
        return r;
      },
      // the interaction service (services/act.ts) records the click: held until the fault is in place
      act: async (d, submission, actor, surface, at) => {
        await gate;
        return real.act(d, submission, actor, surface, at);
      },
    },
  });
  // the reminder DM the clicks come from, as the bot posted it (chat.update replaces it in place)
  const { message } = seededReminderMessage(seed);
  h.fake.messages.push({ channel: "D0KARA", ts: message.ts, text: message.text, blocks: message.blocks, user: "UBOT0001" });
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? "silent");
  // 5 DMs a second: the reminders are still going out while the fault is in place
  const worker = startOutboxWorker({
    db,
    messengers: { slack: new SlackMessenger(createOutboxClient(BOT_TOKEN, h.fake.apiUrl)) },
    limits: defaultLimits({ slackDmPerMinute: 300 }),
    log,
    pollMs: 100,
    leaseMs: 60_000,
    backoffBaseMs: 200,
    backoffMaxMs: 2000,
    now,
  });

  const waitFor: Rig["waitFor"] = async (what, cond, ms = 90_000) => {
    const started = performance.now();
    for (;;) {
      try {
        if (await cond()) return;
      } catch {
        // the database may still be failing
      }
      if (performance.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  return {
    db,
    h,
    seed,
    now,
    failures,
    release: () => release(),
    async click(from, count) {
      const out = await Promise.all(
        Array.from({ length: count }, (_, i) => h.interact(seededClick(seed, from + i, "f", 1795002000)).then((r) => r.status)),
      );
      return out;
    },
    health: () =>
      healthReport(db, { surfaces: { slack: "http", teams: "off", messenger: "slack" }, inbound: h.surface.inboundStatus() }, now()),
    async planReminders() {
      return (await runReminderTick(db, now(), { enabled: ENABLED })).written.length;
    },
    waitFor,
    async count(acked) {
      const updates = await db.statusUpdate.findMany({ where: { source: "slack" }, select: { idempotencyKey: true } });
      const keys = new Set(updates.map((u) => u.idempotencyKey));
      const rows = await db.outboxMessage.findMany({ select: { id: true, state: true, recipientJson: true } });
      const posts = h.fake.callsOf("chat.postMessage");
      const perChannel = new Map<string, number>();
      for (const p of posts) perChannel.set(String(p.args.channel), (perChannel.get(String(p.args.channel)) ?? 0) + 1);
      const recipients = rows.map((r) => String((JSON.parse(r.recipientJson) as { slackUserId?: string }).slackUserId));
      return {
        recorded: Math.min(keys.size, acked),
        duplicated: updates.length - keys.size + Math.max(0, keys.size - acked),
        reminders: rows.length,
        sent: rows.filter((r) => r.state === "sent").length,
        sentTwice: recipients.filter((c) => (perChannel.get(c) ?? 0) > 1).length,
        twice: [...perChannel].filter(([, n]) => n > 1).map(([c]) => c),
      };
    },
    async close() {
      release();
      await worker.stop();
      await h.close();
    },
  };
}

/** Prints a case's figures in one line (collected into the README table "Faults and what ragtime does"). */
export function report(f: Figures): void {
  console.log(
    `FAULT ${f.case}: clicks acked ${f.clicksAcked}, refused ${f.clicksRefused}, recorded ${f.recorded}, duplicated ${f.duplicated}; ` +
      `reminders ${f.reminders}, sent ${f.remindersSent}, sent twice ${f.remindersDuplicated}; recovered in ${Math.round(f.recoverMs)} ms; ` +
      `/healthz during: ${f.healthDuring}`,
  );
}

export interface Fault {
  name: string;
  /** puts the fault in place; resolves once it is */
  start(): Promise<void>;
  /** clears it; resolves with performance.now() at the moment it was cleared */
  clear(): Promise<number>;
  /** what /healthz must say while it is in place */
  health: RegExp;
}

/**
 * One case: reminders planned and going out, 5 clicks acked, the fault put in place, recording released into
 * it, 3 more clicks during it (each acked or refused, never acked and lost), a planner tick during it, the fault
 * cleared. Then: every acked click recorded exactly once, every reminder sent exactly once, nothing planned
 * twice, no acknowledged row left unprocessed, /healthz truthful during and after.
 */
export async function runFaultCase(rig: Rig, fault: Fault): Promise<Figures> {
  const reminders = await rig.planReminders();
  if (reminders < 20) throw new Error(`expected the seeded reminders to be planned, got ${reminders}`);
  const first = await rig.click(1, 5);
  if (first.some((s) => s !== 200)) throw new Error(`clicks before the fault: ${first.join(",")}`);
  await fault.start();
  const during = await rig.health();
  if (during.ok || !fault.health.test(during.reason ?? "")) throw new Error(`/healthz during the fault: ${JSON.stringify(during)}`);
  rig.release();
  await rig.waitFor("a recording attempt to meet the fault", async () => rig.failures.length > 0, 30_000);
  const second = await rig.click(100, 3);
  if (second.some((s) => s !== 200 && s !== 500)) throw new Error(`clicks during the fault: ${second.join(",")}`);
  const acked = [...first, ...second].filter((s) => s === 200).length;
  await rig.planReminders().catch(() => 0); // a tick during the fault fails (or plans nothing new)
  // the fault outlasts INBOUND_STALE_MINUTES (3 s here): the backlog is reported, where it can still be counted
  let sawDegraded = false;
  const watch = setInterval(() => {
    if (rig.h.surface.inboundStatus().degraded) sawDegraded = true;
  }, 100);
  const clearedAt = await fault.clear().finally(() => clearInterval(watch));
  await rig.waitFor("every acked click recorded and every reminder sent", async () => {
    const c = await rig.count(acked);
    return c.recorded === acked && c.sent === c.reminders;
  });
  const recoverMs = performance.now() - clearedAt;
  const after = await rig.health();
  if (after.status !== "ok") throw new Error(`/healthz after the fault: ${JSON.stringify(after)}`);
  const again = await rig.planReminders();
  const c = await rig.count(acked);
  const unprocessed = await rig.db.inboundEvent.count({ where: { processedAt: null } });
  const figures: Figures = {
    case: fault.name,
    clicksAcked: acked,
    clicksRefused: 8 - acked,
    recorded: c.recorded,
    duplicated: c.duplicated,
    reminders: c.reminders,
    remindersSent: c.sent,
    remindersDuplicated: c.sentTwice + again,
    recoverMs,
    healthDuring: `${during.status}: ${during.reason}`,
    sawDegraded,
  };
  report(figures);
  if (c.twice.length)
    console.log(
      "sent twice to",
      c.twice,
      JSON.stringify(
        rig.h.fake.calls
          .filter((x) => c.twice.includes(String(x.args.channel)))
          .map((x) => [x.method, x.args.channel, String(x.args.text).slice(0, 60)]),
      ),
    );
  if (unprocessed !== 0) throw new Error(`${unprocessed} acknowledged interactions left unprocessed`);
  return figures;
}

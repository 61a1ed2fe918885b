// The outbox worker on a real SQLite database: retries with backoff, Retry-After, dead letters, leases,
// and never sending an acknowledged message twice. The messenger is the network edge, so it is a fake here.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { messageCard } from "../../src/core/cards/reminder.js";
import { LogMessenger } from "../../src/delivery/log-messenger.js";
import { type Messenger, type OutgoingMessage, PermanentSendError, RateLimitedError } from "../../src/delivery/messenger.js";
import { enqueueMessage } from "../../src/delivery/outbox.js";
import { defaultLimits, RateLimiter } from "../../src/delivery/rate-limit.js";
import { startOutboxWorker } from "../../src/delivery/worker.js";
import { createLogger } from "../../src/logger.js";
import { claimDue } from "../../src/storage/outbox.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";

const log = createLogger("silent");
let t: TestDb;
beforeAll(async () => {
  t = await createSqliteTestDb();
});
afterAll(async () => {
  await t.cleanup();
});
beforeEach(async () => {
  await t.db.outboxMessage.deleteMany();
});

class ScriptedMessenger implements Messenger {
  readonly platform = "slack" as const;
  calls: string[] = [];
  constructor(private readonly script: (m: OutgoingMessage, n: number) => void) {}
  async send(m: OutgoingMessage) {
    this.calls.push(m.dedupeKey);
    this.script(m, this.calls.length);
    return { platformRef: `C1:${this.calls.length}` };
  }
}

async function enqueue(key: string, at = new Date("2017-09-14T10:00:00Z")) {
  return enqueueMessage(t.db, {
    dedupeKey: key,
    platform: "slack",
    channelKey: "slack:dm",
    recipient: { personName: "Alice", slackUserId: "UALICE" },
    card: messageCard("reminder", `Card ${key}`, ["line"]),
    notBefore: at,
  });
}

const row = (key: string) => t.db.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: key } });

describe("outbox worker", () => {
  it("retries a failing send with backoff, then records the platform reference once", async () => {
    await enqueue("k1");
    let clock = new Date("2017-09-14T10:00:00Z");
    const m = new ScriptedMessenger((_m, n) => {
      if (n <= 2) throw new Error("socket hang up");
    });
    const w = startOutboxWorker({
      db: t.db,
      messengers: { slack: m },
      limits: { rules: [] },
      log,
      poll: false,
      now: () => clock,
      backoffBaseMs: 1000,
    });
    expect(await w.drainOnce()).toMatchObject({ sent: 0, retried: 1 });
    const r1 = await row("k1");
    expect(r1.state).toBe("pending");
    expect(r1.lastError).toBe("socket hang up");
    const wait1 = r1.nextAttemptAt.getTime() - clock.getTime();
    expect(wait1).toBeGreaterThanOrEqual(800);
    expect(wait1).toBeLessThanOrEqual(1200);
    expect((await w.drainOnce()).sent).toBe(0); // not due yet
    clock = new Date(r1.nextAttemptAt.getTime());
    expect(await w.drainOnce()).toMatchObject({ retried: 1 });
    const r2 = await row("k1");
    expect(r2.nextAttemptAt.getTime() - clock.getTime()).toBeGreaterThanOrEqual(1600); // doubled
    clock = new Date(r2.nextAttemptAt.getTime());
    expect(await w.drainOnce()).toMatchObject({ sent: 1 });
    const r3 = await row("k1");
    expect(r3).toMatchObject({ state: "sent", attempts: 3, platformRef: "C1:3", lastError: null, leaseOwner: null });
    clock = new Date(clock.getTime() + 3600_000);
    expect((await w.drainOnce()).sent).toBe(0); // never sent twice
    expect(m.calls).toEqual(["k1", "k1", "k1"]);
    await w.stop();
  });

  it("honours a long Retry-After by rescheduling without counting an attempt", async () => {
    await enqueue("k2");
    const clock = new Date("2017-09-14T10:00:00Z");
    const m = new ScriptedMessenger(() => {
      throw new RateLimitedError(120_000);
    });
    const w = startOutboxWorker({ db: t.db, messengers: { slack: m }, limits: { rules: [] }, log, poll: false, now: () => clock });
    expect(await w.drainOnce()).toMatchObject({ rateLimited: 1, retried: 1 });
    const r = await row("k2");
    expect(r.state).toBe("pending");
    expect(r.attempts).toBe(0);
    expect(r.nextAttemptAt.toISOString()).toBe("2017-09-14T10:02:00.000Z");
  });

  it("waits out a short Retry-After in-lane and then sends", async () => {
    await enqueue("k3");
    const m = new ScriptedMessenger((_m, n) => {
      if (n === 1) throw new RateLimitedError(50);
    });
    const w = startOutboxWorker({
      db: t.db,
      messengers: { slack: m },
      limits: { rules: [] },
      log,
      poll: false,
      now: () => new Date("2017-09-14T10:00:00Z"),
    });
    expect(await w.drainOnce()).toMatchObject({ rateLimited: 1, sent: 1 });
    expect((await row("k3")).attempts).toBe(1);
  });

  it("dead-letters permanent errors and exhausted retries", async () => {
    await enqueue("k4");
    await enqueue("k5");
    const m = new ScriptedMessenger((msg) => {
      if (msg.dedupeKey === "k4") throw new PermanentSendError("user_not_found");
      throw new Error("boom");
    });
    const clock = new Date("2017-09-14T10:00:00Z");
    const w = startOutboxWorker({
      db: t.db,
      messengers: { slack: m },
      limits: { rules: [] },
      log,
      poll: false,
      now: () => clock,
      maxAttempts: 1,
    });
    expect(await w.drainOnce()).toMatchObject({ dead: 2 });
    expect(await row("k4")).toMatchObject({ state: "dead", lastError: "user_not_found" });
    expect(await row("k5")).toMatchObject({ state: "dead", lastError: "boom" });
  });

  it("does not send a row whose lease another worker took over", async () => {
    await enqueue("k6");
    const t0 = new Date("2017-09-14T10:00:00Z");
    const claimedByA = await claimDue(t.db, { workerId: "A", platforms: ["slack"], now: t0, leaseMs: 1000, limit: 10 });
    expect(claimedByA.map((c) => c.dedupeKey)).toEqual(["k6"]);
    // A stalls; its lease expires; B claims and sends
    const mB = new ScriptedMessenger(() => undefined);
    const b = startOutboxWorker({
      db: t.db,
      messengers: { slack: mB },
      limits: { rules: [] },
      log,
      poll: false,
      workerId: "B",
      now: () => new Date(t0.getTime() + 5000),
    });
    expect((await b.drainOnce()).sent).toBe(1);
    // nothing left for anyone
    expect(
      await claimDue(t.db, { workerId: "A", platforms: ["slack"], now: new Date(t0.getTime() + 99_000), leaseMs: 1000, limit: 10 }),
    ).toEqual([]);
    expect(mB.calls).toEqual(["k6"]);
    expect((await row("k6")).attempts).toBe(2);
  });

  it("only claims platforms it has a messenger for; the log messenger prints the card text", async () => {
    await enqueueMessage(t.db, {
      dedupeKey: "k7",
      platform: "log",
      channelKey: "log",
      recipient: { personName: "Nora Nochat" },
      card: messageCard("reminder", "Due today: Seed plan", ["Hello Nora"]),
      notBefore: new Date("2017-09-14T10:00:00Z"),
    });
    await enqueue("k8");
    const printed: string[] = [];
    const w = startOutboxWorker({
      db: t.db,
      messengers: { log: new LogMessenger(log, (s) => printed.push(s)) },
      log,
      poll: false,
      now: () => new Date("2017-09-14T10:00:00Z"),
    });
    expect((await w.drainOnce()).sent).toBe(1);
    expect(printed.join("\n")).toContain("to Nora Nochat");
    expect(printed.join("\n")).toContain("Due today: Seed plan\nHello Nora");
    expect((await row("k8")).state).toBe("pending");
    expect((await row("k7")).platformRef).toMatch(/^log:/);
  });
});

describe("rate limiter", () => {
  it("spaces sends per bucket at the configured rate and pauses a bucket on 429", () => {
    let now = 0;
    const rl = new RateLimiter(defaultLimits(), () => now);
    expect([rl.reserve("slack:C1"), rl.reserve("slack:C1"), rl.reserve("slack:C1")]).toEqual([0, 1000, 2000]); // 1/s per channel
    expect(rl.reserve("slack:C2")).toBe(0); // another channel is its own bucket
    expect([rl.reserve("slack:dm"), rl.reserve("slack:dm")]).toEqual([0, 1200]); // 50/min for DMs
    expect(rl.reserve("teams:conv-1")).toBe(0);
    expect(Math.round(rl.reserve("teams:conv-1"))).toBe(143); // 7/s per conversation
    expect(rl.reserve("log")).toBe(0);
    expect(rl.reserve("log")).toBe(0); // unlimited
    now = 10_000;
    rl.pause("slack:C2", 5000);
    expect(rl.reserve("slack:C2")).toBe(5000);
    expect(rl.reserve("log")).toBe(0);
  });
  it("allows a configured burst", () => {
    let now = 0;
    const rl = new RateLimiter({ rules: [{ match: "x", count: 10, intervalMs: 1000, burst: 3 }] }, () => now);
    expect([rl.reserve("x"), rl.reserve("x"), rl.reserve("x"), rl.reserve("x")]).toEqual([0, 0, 0, 100]);
    now = 1000;
    expect(rl.reserve("x")).toBe(0);
  });
});

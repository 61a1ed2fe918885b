// A reminder queued in the outbox is withdrawn, not sent, when every milestone in it was completed, paused or
// snoozed while it waited (services/reminder-withdrawal.ts through the real outbox worker); one item still
// open and it goes out as planned.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Messenger, OutgoingMessage } from "../../src/delivery/messenger.js";
import { startOutboxWorker } from "../../src/delivery/worker.js";
import { createLogger } from "../../src/logger.js";
import { setPaused } from "../../src/services/pause.js";
import { recordUpdate } from "../../src/services/recordUpdate.js";
import { reminderWithdrawReason } from "../../src/services/reminder-withdrawal.js";
import { runReminderTick } from "../../src/services/reminders.js";
import { snooze } from "../../src/services/snooze.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { seedPeople, seedPlan } from "./reminders.seed.js";

const NOW = new Date("2017-08-31T10:00:00Z"); // a Thursday, 11:00 in London
let t: TestDb;
let people: Record<string, string>;
const sent: OutgoingMessage[] = [];
const messenger: Messenger = {
  platform: "slack",
  async send(m) {
    sent.push(m);
    return { platformRef: `D:${sent.length}` };
  },
};

beforeAll(async () => {
  t = await createSqliteTestDb();
  people = await seedPeople(t.db, [
    { name: "Alice Owner", slackUserId: "UALICE" },
    { name: "Ben Owner", slackUserId: "UBEN" },
    { name: "Cara Owner", slackUserId: "UCARA" },
    { name: "Dev Owner", slackUserId: "UDEV" },
  ]);
});
afterAll(async () => t?.cleanup());

/** The owner marks the milestone complete in Slack. */
async function complete(milestoneId: string, owner: string, idempotencyKey: string) {
  const r = await recordUpdate(
    t.db,
    { milestoneId, actorPersonId: people[owner] as string, source: "slack", idempotencyKey, now: NOW, optionId: "complete" },
    { admins: null },
  );
  expect(r.ok).toBe(true);
}

async function queueAndDeliver(change: (ms: Record<string, string>) => Promise<void>, milestones: Parameters<typeof seedPlan>[2]) {
  const ms = await seedPlan(t.db, people, milestones);
  const tick = await runReminderTick(t.db, NOW, { enabled: { slack: true, teams: false }, planKey: milestones.key });
  expect(tick.written.length).toBeGreaterThan(0);
  await change(ms);
  const worker = startOutboxWorker({
    db: t.db,
    messengers: { slack: messenger },
    log: createLogger("silent"),
    poll: false,
    now: () => NOW,
    withdrawReason: (m, now) => reminderWithdrawReason(t.db, m.id, now),
  });
  const result = await worker.drainOnce();
  await worker.stop();
  const rows = await t.db.outboxMessage.findMany({ where: { dedupeKey: { in: tick.written } } });
  return { result, rows };
}

describe("reminders that are no longer needed", () => {
  it("completed while queued: withdrawn with the reason, never sent", async () => {
    const before = sent.length;
    const { result, rows } = await queueAndDeliver(
      async (ms) => {
        await complete(ms["1.1"] as string, "Alice Owner", "wd-complete");
      },
      { key: "wd1", milestones: [{ ref: "1.1", title: "Audit completed", due: "2017-08-31", owners: ["Alice Owner"] }] },
    );
    expect(result.withdrawn).toBe(1);
    expect(result.sent).toBe(0);
    expect(sent.length).toBe(before);
    expect(rows.map((r) => r.state)).toEqual(["withdrawn"]);
    expect(rows[0]?.lastError).toMatch(/nothing in this due reminder is open any more \(1 completed\)/);
  });

  it("paused or snoozed while queued: withdrawn too", async () => {
    const paused = await queueAndDeliver(
      async () => {
        await setPaused(t.db, "wd2", "2.1", true);
      },
      { key: "wd2", milestones: [{ ref: "2.1", title: "Policy", due: "2017-08-31", owners: ["Ben Owner"] }] },
    );
    expect(paused.rows.map((r) => r.state)).toEqual(["withdrawn"]);
    expect(paused.rows[0]?.lastError).toMatch(/1 paused/);

    const snoozed = await queueAndDeliver(
      async (ms) => {
        await snooze(t.db, ms["3.1"] as string, people["Cara Owner"] as string, "tomorrow", NOW);
      },
      { key: "wd3", milestones: [{ ref: "3.1", title: "Training", due: "2017-08-31", owners: ["Cara Owner"] }] },
    );
    expect(snoozed.rows.map((r) => r.state)).toEqual(["withdrawn"]);
    expect(snoozed.rows[0]?.lastError).toMatch(/1 snoozed/);
  });

  it("one item of several still open: sent as planned", async () => {
    const before = sent.length;
    const { result, rows } = await queueAndDeliver(
      async (ms) => {
        await complete(ms["4.1"] as string, "Dev Owner", "wd-partial");
      },
      {
        key: "wd4",
        milestones: [
          { ref: "4.1", title: "Audit", due: "2017-08-31", owners: ["Dev Owner"] },
          { ref: "4.2", title: "Review", due: "2017-08-31", owners: ["Dev Owner"] },
        ],
      },
    );
    expect(result).toMatchObject({ sent: 1, withdrawn: 0 });
    expect(rows.map((r) => r.state)).toEqual(["sent"]);
    expect(sent.length).toBe(before + 1);
  });

  it("a message that is not a reminder (a digest, an answer) is never withdrawn", async () => {
    expect(await reminderWithdrawReason(t.db, "not-a-reminder-outbox-id", NOW)).toBeNull();
  });
});

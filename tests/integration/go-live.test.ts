// Going live: an imported plan is a draft and sends nothing; going live mid-plan sends ONE catch-up per person
// listing what was already overdue (not a chaser per milestone) and no escalation until chasers sent since
// go-live have gone unanswered. Thurrock imported as a council would, in the middle of its plan.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { goLive, previewGoLive } from "../../src/services/golive.js";
import { importPlan } from "../../src/services/importPlan.js";
import { runReminderTick } from "../../src/services/reminders.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { runCli } from "./cli.helper.js";

const FIX = join(import.meta.dirname, "../../../shared/fixtures/plans");
const none = { slack: false, teams: false };
const HOUR = 3_600_000;

/** Every reminder tick over [from, from + hours), hourly, written to the database as the server does. */
async function ticks(t: TestDb, from: string, hours: number) {
  const out = [];
  for (let i = 0; i < hours; i++)
    out.push(...(await runReminderTick(t.db, new Date(Date.parse(from) + i * HOUR), { enabled: none })).planned);
  return out;
}

describe("plan go-live (Thurrock, imported mid-plan)", () => {
  let t: TestDb;
  // Monday 22 January 2018: many Thurrock milestones were due in 2017
  const LIVE = "2018-01-22T00:00:00Z";

  beforeAll(async () => {
    t = await createSqliteTestDb();
    await importPlan(t.db, {
      file: join(FIX, "thurrock-development-plan.csv"),
      planKey: "thurrock",
      now: new Date("2018-01-15T09:00:00Z"),
    });
  }, 60_000);
  afterAll(() => t.cleanup());

  it("an imported plan is a draft: a whole working day of ticks sends nothing", async () => {
    expect((await t.db.plan.findUniqueOrThrow({ where: { key: "thurrock" } })).status).toBe("draft");
    expect(await ticks(t, "2018-01-19T00:00:00Z", 24)).toEqual([]);
    expect(await t.db.reminder.count()).toBe(0);
  });

  it("the first day after going live: one catch-up per person with exactly their overdue items, no escalation", async () => {
    const preview = await previewGoLive(t.db, "thurrock", new Date(LIVE));
    expect(await t.db.reminder.count()).toBe(0); // a preview writes nothing
    const live = await goLive(t.db, "thurrock", new Date(LIVE));
    expect(live.plan.status).toBe("live");

    const day = await ticks(t, LIVE, 24);
    const catchups = day.filter((r) => r.kind === "catchup");
    expect(day.filter((r) => r.kind === "escalation")).toEqual([]);
    expect(day.filter((r) => r.kind === "overdue")).toEqual([]);
    // one per person
    const recipients = catchups.map((r) => r.recipientId);
    expect(new Set(recipients).size).toBe(recipients.length);
    expect(catchups.length).toBeGreaterThan(5);

    // each lists exactly that person's open milestones due before the go-live day
    const milestones = await t.db.milestone.findMany({ include: { owners: true } });
    const expected = new Map<string, string[]>();
    for (const m of milestones) {
      if (!m.due || m.due.toISOString() >= LIVE || m.status === "complete") continue;
      for (const o of m.owners) expected.set(o.personId, [...(expected.get(o.personId) ?? []), m.id].sort());
    }
    expect(new Map(catchups.map((r) => [r.recipientId, [...r.milestoneIds].sort()]))).toEqual(expected);
    expect(catchups[0]?.view.liveFrom).toBe("2018-01-22");

    // the preview, computed by the same planner, said exactly this
    const summary = preview.byKind.find((k) => k.kind === "catchup");
    expect(summary).toEqual({
      kind: "catchup",
      people: expected.size,
      messages: catchups.length,
      items: [...expected.values()].flat().length,
    });
    expect(preview.sentence).toContain(`${expected.size} owners get a catch-up of ${summary?.items} overdue items`);
    expect(preview.sentence).toContain("no escalations");
    expect(preview.messages.length).toBe(day.length);

    // the next day: nothing more for those items
    expect((await ticks(t, "2018-01-23T00:00:00Z", 24)).filter((r) => r.kind === "catchup" || r.kind === "escalation")).toEqual([]);
  }, 120_000);

  it("chasers for items caught up count from go-live: the first escalation needs two unanswered chasers after it", async () => {
    // 5 working days after go-live: the first chaser, no escalation
    const week1 = await ticks(t, "2018-01-29T09:00:00Z", 1);
    expect(week1.some((r) => r.kind === "overdue")).toBe(true);
    expect(week1.filter((r) => r.kind === "escalation")).toEqual([]);
    // 10: the second chaser, still no escalation (one unanswered before it)
    const week2 = await ticks(t, "2018-02-05T09:00:00Z", 1);
    expect(week2.some((r) => r.kind === "overdue")).toBe(true);
    expect(week2.filter((r) => r.kind === "escalation")).toEqual([]);
    // 15: two chasers unanswered -> the action leads hear
    const week3 = await ticks(t, "2018-02-12T09:00:00Z", 1);
    expect(week3.filter((r) => r.kind === "escalation").length).toBeGreaterThan(0);
  }, 60_000);

  it("CLI: go-live --preview prints the first day and changes nothing; an unknown plan exits 2 with the closest keys", async () => {
    const u = await createSqliteTestDb();
    try {
      await importPlan(u.db, {
        file: join(FIX, "thurrock-development-plan.csv"),
        planKey: "thurrock",
        now: new Date("2018-01-15T09:00:00Z"),
      });
      const p = await runCli(["plan", "go-live", "thurrock", "--from", "2018-01-22", "--preview"], u.url);
      expect(p.code, p.stderr).toBe(0);
      expect(p.stdout).toMatch(/on go-live: \d+ owners get a catch-up of \d+ overdue items; .*no escalations/);
      expect((await u.db.plan.findUniqueOrThrow({ where: { key: "thurrock" } })).status).toBe("draft");
      const bad = await runCli(["plan", "go-live", "thurock"], u.url);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('no plan with key "thurock". Did you mean thurrock?');
      const badDay = await runCli(["plan", "go-live", "thurrock", "--from", "2024-02-31"], u.url);
      expect(badDay.code).toBe(2);
      expect(badDay.stderr).toContain("there is no day 2024-02-31");
      const ok = await runCli(["plan", "go-live", "thurrock", "--from", "2018-01-22"], u.url);
      expect(ok.code, ok.stderr).toBe(0);
      const row = await u.db.plan.findUniqueOrThrow({ where: { key: "thurrock" } });
      expect(row.status).toBe("live");
      expect(row.liveFrom?.toISOString()).toBe("2018-01-22T00:00:00.000Z"); // midnight in London (GMT in January)
    } finally {
      await u.cleanup();
    }
  }, 120_000);
});

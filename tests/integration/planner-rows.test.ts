// The reminder tick's reads straight from SQLite (storage/planner-rows.ts) give the planner exactly what the
// same reads through Prisma give, over a live council plan with the states that change what the planner does:
// updates from people (and imports, which do not count), a paused action, a snoozed and an unowned milestone,
// someone away, a Teams conversation (the newest wins), boards, and reminders already planned.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { goLive } from "../../src/services/golive.js";
import { importPlan } from "../../src/services/importPlan.js";
import { runReminderTick } from "../../src/services/reminders.js";
import { loadPlannerData } from "../../src/storage/planner-data.js";
import { plannerRowsSource } from "../../src/storage/planner-rows.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";

const FIX = join(import.meta.dirname, "../../../shared/fixtures/plans");
const LIVE = new Date("2018-01-22T00:00:00Z");
const NOW = new Date("2018-02-05T10:00:00Z");

describe("planner rows read straight from SQLite", () => {
  let t: TestDb;

  beforeAll(async () => {
    t = await createSqliteTestDb();
    await importPlan(t.db, {
      file: join(FIX, "thurrock-development-plan.csv"),
      planKey: "thurrock",
      now: new Date("2018-01-15T09:00:00Z"),
    });
    await importPlan(t.db, { file: join(FIX, "devon-improvement-plan.csv"), planKey: "devon", now: new Date("2018-01-15T09:00:00Z") });
    await goLive(t.db, "thurrock", LIVE);
    for (let h = 0; h < 30; h++)
      await runReminderTick(t.db, new Date(LIVE.getTime() + h * 3_600_000), { enabled: { slack: true, teams: true } });

    const plan = await t.db.plan.findUniqueOrThrow({ where: { key: "thurrock" } });
    const ms = await t.db.milestone.findMany({ where: { action: { planId: plan.id } }, orderBy: { id: "asc" }, take: 6 });
    const people = await t.db.person.findMany({ orderBy: { id: "asc" }, take: 3 });
    const [m0, m1, m2, m3, m4] = ms as [(typeof ms)[0], (typeof ms)[0], (typeof ms)[0], (typeof ms)[0], (typeof ms)[0]];
    const [p0, p1, p2] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
    await t.db.statusUpdate.create({
      data: { milestoneId: m0.id, source: "slack", status: "green", createdAt: new Date("2018-01-30T10:00:00Z") },
    });
    await t.db.statusUpdate.create({
      data: { milestoneId: m0.id, source: "teams", status: "amber", createdAt: new Date("2018-02-01T10:00:00Z") },
    });
    await t.db.statusUpdate.create({
      data: { milestoneId: m1.id, source: "import", status: "red", createdAt: new Date("2018-02-02T10:00:00Z") },
    });
    await t.db.milestone.update({ where: { id: m2.id }, data: { snoozedUntil: new Date("2018-02-09T09:00:00Z"), paused: true } });
    await t.db.milestone.update({ where: { id: m3.id }, data: { unownedSince: new Date("2018-02-01T09:00:00Z") } });
    await t.db.action.update({ where: { id: m4.actionId }, data: { paused: true } });
    await t.db.person.update({ where: { id: p0.id }, data: { awayUntil: new Date("2018-02-12T00:00:00Z"), deputyId: p1.id } });
    await t.db.board.create({
      data: { planId: plan.id, name: "Improvement board", chairId: p2.id, sectionsJson: '["1","2"]', meetingsJson: '["2018-02-20"]' },
    });
    await t.db.board.create({ data: { planId: plan.id, name: "Another board" } });
    await t.db.conversationRef.create({
      data: {
        conversationId: "a:old",
        kind: "personal",
        serviceUrl: "https://old.example/",
        personId: p1.id,
        updatedAt: new Date("2018-01-01T00:00:00Z"),
      },
    });
    await t.db.conversationRef.create({
      data: { conversationId: "a:new", kind: "personal", serviceUrl: "https://new.example/", personId: p1.id },
    });
    await t.db.conversationRef.create({
      data: { conversationId: "19:channel", kind: "channel", serviceUrl: "https://x.example/", personId: p2.id },
    });
  }, 120_000);
  afterAll(() => t.cleanup());

  it("reads straight from SQLite when no transaction is open, through Prisma inside one", async () => {
    expect(plannerRowsSource(t.db)).toBe("sqlite-direct");
    await t.db.$transaction(async (tx) => {
      expect(plannerRowsSource(tx)).toBe("prisma");
      // a read made by someone else while the transaction is open goes through Prisma too (it waits for it)
      expect(plannerRowsSource(t.db)).toBe("prisma");
    });
  });

  for (const planKey of [undefined, "thurrock", "devon"])
    it(`the planner's input is the same either way (${planKey ?? "every plan"})`, async () => {
      const direct = await loadPlannerData(t.db, { now: NOW, planKey });
      const viaPrisma = await t.db.$transaction((tx) => loadPlannerData(tx, { now: NOW, planKey }), { timeout: 60_000 });
      expect(direct.input.plans.length).toBe(planKey ? 1 : 2);
      expect(direct.input.history.length).toBe(planKey === "devon" ? 0 : viaPrisma.input.history.length);
      if (planKey !== "devon") expect(direct.input.history.length).toBeGreaterThan(5);
      const thurrock = direct.input.plans.find((p) => p.key === "thurrock");
      if (thurrock) {
        expect(thurrock.boards.map((b) => b.name)).toEqual(["Another board", "Improvement board"]);
        expect(thurrock.milestones.some((m) => m.lastUpdateAt?.toISOString() === "2018-02-01T10:00:00.000Z")).toBe(true);
        expect(thurrock.milestones.filter((m) => m.unowned)).toHaveLength(1);
        expect(thurrock.milestones.filter((m) => m.snoozedUntil)).toHaveLength(1);
      }
      expect([...direct.routing.values()].filter((r) => r.teamsConversation)).toEqual([
        expect.objectContaining({ teamsConversation: { conversationId: "a:new", serviceUrl: "https://new.example/" } }),
      ]);
      expect(direct.input).toEqual(viaPrisma.input);
      expect([...direct.input.people.entries()]).toEqual([...viaPrisma.input.people.entries()]);
      expect([...direct.routing.entries()]).toEqual([...viaPrisma.routing.entries()]);
    });
});

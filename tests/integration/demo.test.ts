// The demo plan on a real SQLite file: imported from the shipped copy of Thurrock's export with its dates moved
// to "today" (a fixed instant here), marked as demo data, with a board, and removable without touching
// anybody's real data. Also `ragtime demo` through the real CLI.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_FILE, DEMO_PLAN_KEY, importDemoIfEmpty, removeDemo, resetDemo } from "../../src/services/demo.js";
import { setPerson } from "../../src/services/people.js";
import { runReminderTick } from "../../src/services/reminders.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { runCli } from "./cli.helper.js";

const NOW = new Date("2026-12-03T10:00:00Z");
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

describe("demo plan", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createSqliteTestDb();
  });
  afterAll(async () => t.cleanup());

  it("ships an unedited copy of the shared Thurrock fixture", () => {
    const shared = join(import.meta.dirname, "../../../shared/fixtures/plans/thurrock-development-plan.csv");
    let original: Buffer | null = null;
    try {
      original = readFileSync(shared);
    } catch {
      // a clone without shared/ beside it: the copy still has to be the real export's shape
    }
    const copy = readFileSync(DEMO_FILE);
    if (original) expect(copy.equals(original)).toBe(true);
    expect(copy.toString("utf8").split("\n")[0]).toMatch(/^Section,Priority,Outcome,Action/);
  });

  it("is imported into an empty database with items overdue, due this week and upcoming, weekdays kept", async () => {
    const s = await importDemoIfEmpty(t.db, NOW);
    expect(s?.planName).toMatch(/^DEMO — /);
    expect(s?.milestones).toBe(100);
    const plan = await t.db.plan.findUniqueOrThrow({ where: { key: DEMO_PLAN_KEY }, include: { boards: { include: { chair: true } } } });
    const ms = await t.db.milestone.findMany({ where: { action: { planId: plan.id } } });
    const open = ms.filter((m) => m.status !== "complete" && m.due);
    const today = day(NOW) as string;
    const inDays = (m: (typeof ms)[number]) => ((m.due as Date).getTime() - Date.parse(`${today}T00:00:00Z`)) / 86_400_000;
    expect(open.filter((m) => inDays(m) < 0).length).toBeGreaterThan(0);
    expect(open.filter((m) => inDays(m) >= 0 && inDays(m) <= 7).length).toBeGreaterThan(0);
    expect(open.filter((m) => inDays(m) > 7).length).toBeGreaterThan(0);
    // "Apr-17" (30 Apr 2017, a Sunday) stays a Sunday; the raw text says what the plan wrote
    const shifted = ms.find((m) => m.dueRaw?.endsWith('the plan said "Apr-17")'));
    expect(shifted?.due?.getUTCDay()).toBe(0);
    expect(shifted?.dueRaw).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4} \(demo; the plan said "Apr-17"\)$/);
    const [board] = plan.boards;
    expect(board?.name).toMatch(/DEMO/);
    expect(board?.chair?.name).toBe("Demo Chair");
    const meetings = JSON.parse(board?.meetingsJson ?? "[]") as string[];
    expect(meetings.length).toBe(3);
    expect(meetings.every((m) => m > today)).toBe(true);
    // everyone on the demo plan has a playground account, so the digest does not list them as unmapped
    expect(await t.db.person.count({ where: { slackUserId: null } })).toBe(0);
    expect(await importDemoIfEmpty(t.db, NOW)).toBeNull();
  });

  it("gives the reminder tick something to send at once", async () => {
    const r = await runReminderTick(t.db, NOW, { enabled: { slack: false, teams: false } });
    // the demo is live from its import: what was already overdue comes as one catch-up per person, not chasers
    expect(r.written.some((k) => k.includes(":catchup:"))).toBe(true);
    expect(r.written.some((k) => k.includes(":overdue:"))).toBe(false);
    expect(r.written.some((k) => k.includes(":upcoming:"))).toBe(true);
  });

  it("is removed with its people, reminders and messages; a person mapped to a real account is kept", async () => {
    await setPerson(t.db, "Janet Simon", { email: "janet.simon@example.gov.uk" });
    const r = await removeDemo(t.db);
    expect(r?.messages).toBeGreaterThan(0);
    expect(await t.db.plan.count()).toBe(0);
    expect(await t.db.board.count()).toBe(0);
    expect(await t.db.reminder.count()).toBe(0);
    expect(await t.db.outboxMessage.count()).toBe(0);
    expect((await t.db.person.findMany()).map((p) => p.name)).toEqual(["Janet Simon"]);
    expect(await removeDemo(t.db)).toBeNull();
    const again = await resetDemo(t.db, NOW);
    expect(again.removed).toBeNull();
    expect(await t.db.plan.count()).toBe(1);
  });

  it("`ragtime demo remove` and `ragtime demo reset` work from the CLI", async () => {
    const url = t.url;
    const removed = await runCli(["demo", "remove"], url);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(/removed the demo plan/);
    const reset = await runCli(["demo", "reset"], url);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(/there is no demo plan[\s\S]*imported the demo plan "demo"/);
    expect(await t.db.plan.count()).toBe(1);
  });
});

// The `ragtime reminders | snooze | pause | resume` commands (the real CLI program, in-process) against a seeded SQLite file.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, openDb } from "../../src/storage/db.js";
import { runCli } from "./cli.helper.js";
import { seedPeople, seedPlan } from "./reminders.seed.js";

let t: DbHandle;
let dir: string;

function ragtime(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return runCli(args, `file:${join(dir, "cli.db")}`, {
    LOG_LEVEL: "warn",
    SLACK_BOT_TOKEN: "",
    SLACK_SIGNING_SECRET: "",
    SLACK_APP_TOKEN: "",
    TEAMS_APP_ID: "",
  });
}

beforeAll(async () => {
  // a brand-new file: the CLI applies the committed migrations itself on first use
  dir = mkdtempSync(join(tmpdir(), "ragtime-reminders-cli-"));
  const first = await ragtime("reminders", "--dry-run", "--as-of", "2017-09-14T10:00:00Z");
  if (first.code !== 0) throw new Error(`ragtime could not migrate a fresh database: ${first.stderr}`);
  t = openDb(`file:${join(dir, "cli.db")}`);
  const people = await seedPeople(t.db, [{ name: "Alice Owner", slackUserId: "UALICE" }, { name: "Nora Nochat" }]);
  await seedPlan(t.db, people, {
    key: "cli",
    name: "CLI Improvement Plan",
    milestones: [
      { ref: "1.1", title: "Audit completed", due: "2017-09-14", owners: ["Alice Owner"] },
      { ref: "1.2", title: "Training delivered", due: "2017-09-07", owners: ["Nora Nochat"] },
    ],
  });
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("ragtime reminders CLI", () => {
  it("--dry-run --json prints exactly what would be sent (no platform configured: via none)", async () => {
    const r = await ragtime("reminders", "--as-of", "2017-09-14T10:00:00Z", "--plan", "cli", "--dry-run", "--json");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(json.map((j) => Object.keys(j))).toEqual([
      ["kind", "to", "via", "items", "dedupeKey"],
      ["kind", "to", "via", "items", "dedupeKey"],
    ]);
    expect(json.map(({ dedupeKey, ...rest }) => rest)).toEqual([
      {
        kind: "due",
        to: "Alice Owner",
        via: "none",
        items: [{ ref: "1.1", milestone: "Audit completed", due: "2017-09-14", daysOverdue: 0 }],
      },
      {
        kind: "overdue", // 14 Sep is the 5th working day after 7 Sep: first chaser
        to: "Nora Nochat",
        via: "none",
        items: [{ ref: "1.2", milestone: "Training delivered", due: "2017-09-07", daysOverdue: 7 }],
      },
    ]);
    expect(r.stderr).toContain("no chat account (log only): Alice Owner, Nora Nochat");
    expect(await t.db.reminder.count()).toBe(0);
  }, 300_000);

  it("--send runs one tick: queues and prints the cards through the log messenger; a second run sends nothing", async () => {
    const r = await ragtime("reminders", "--send", "--as-of", "2017-09-14T10:00:00Z");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Due today: CLI Improvement Plan");
    expect(r.stdout).toContain("1.1 — Audit completed");
    expect(r.stdout).toContain("queued 2 new reminder(s) of 2 due; sent 2");
    expect(await t.db.outboxMessage.count({ where: { state: "sent", platform: "log" } })).toBe(2);
    const again = await ragtime("reminders", "--send", "--as-of", "2017-09-14T11:00:00Z");
    expect(again.stdout).toContain("queued 0 new reminder(s) of 0 due; sent 0");
  }, 300_000);

  it("snooze, pause and resume by plan key and ref; bad input names the problem", async () => {
    const s = await ragtime("snooze", "cli", "1.1", "3days", "--as-of", "2017-09-14T10:00:00Z");
    expect(s.code).toBe(0);
    expect(s.stdout).toContain("snoozed 1.1 — Audit completed until 2017-09-19T08:00:00.000Z");
    expect((await ragtime("snooze", "cli", "9.9", "tomorrow")).stderr).toContain('plan "cli" has no action with ref "9.9"');
    expect((await ragtime("snooze", "cli", "1.1", "someday")).stderr).toContain(
      'snooze choice "someday" is not one of tomorrow, 3days, next_week',
    );
    expect((await ragtime("pause", "nope", "1.1")).stderr).toContain('no plan with key "nope"');
    const p = await ragtime("pause", "cli", "1.2");
    expect(p.stdout).toContain("paused 1.2 — Action 1.2 (1 milestone)");
    expect((await t.db.action.findFirstOrThrow({ where: { ref: "1.2" } })).paused).toBe(true);
    expect((await ragtime("resume", "cli", "1.2")).stdout).toContain("resumed 1.2");
    expect((await ragtime("reminders", "--as-of", "yesterday", "--dry-run")).stderr).toContain('--as-of "yesterday" is not a date-time');
  }, 300_000);

  it("snooze --person counts in a named non-owner's calendar; unknown people and plans are usage errors", async () => {
    const s = await ragtime("snooze", "cli", "1.1", "tomorrow", "--person", "Nora Nochat", "--as-of", "2017-09-14T10:00:00Z");
    expect(s.code).toBe(0);
    expect(s.stdout).toContain("snoozed 1.1 — Audit completed until 2017-09-15T08:00:00.000Z");
    const m = await t.db.milestone.findFirstOrThrow({ where: { title: "Audit completed" } });
    expect(m.snoozedUntil?.toISOString()).toBe("2017-09-15T08:00:00.000Z");
    const nobody = await ragtime("snooze", "cli", "1.1", "tomorrow", "--person", "Nobody Here");
    expect(nobody.code).not.toBe(0);
    expect(nobody.stderr).toContain('--person "Nobody Here": no such person');
    const plan = await ragtime("reminders", "--dry-run", "--plan", "nope");
    expect(plan.code).not.toBe(0);
    expect(plan.stderr).toContain('no plan with key "nope"');
  }, 300_000);
});

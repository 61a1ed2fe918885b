import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Card } from "../../src/core/cards/model.js";
import { buildDigest } from "../../src/services/digest.js";
import { notMine } from "../../src/services/notMine.js";
import { setPaused } from "../../src/services/pause.js";
import { runReminderTick } from "../../src/services/reminders.js";
import { detailFormView } from "../../src/services/views.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { type Seed, seed } from "./access.seed.js";

let t: TestDb;
let s: Seed;
const now = new Date("2018-01-15T10:00:00Z");
const enabled = { slack: true, teams: true };

beforeAll(async () => {
  t = await createSqliteTestDb();
  s = await seed(t.db);
});
afterAll(async () => t?.cleanup());

describe("notMine", () => {
  it("makes the promise true: the item goes to its action lead as unowned and nobody is chased for it until it is reassigned", async () => {
    // 2018-02-12: milestone 1 (due 31 Jan) is overdue, so Kara would be chased
    const overdue = new Date("2018-02-12T10:00:00Z");
    const chased = async () =>
      (await runReminderTick(t.db, overdue, { enabled, dryRun: true })).planned.filter((r) => r.milestoneIds.includes(s.milestoneId));
    expect((await chased()).length).toBeGreaterThan(0);
    const r = await notMine(t.db, s.milestoneId, s.people.kara, now, { enabled, admins: "" });
    expect(r.notified.map((n) => n.name)).toEqual(["Lena Lead"]);
    expect(r.card.fallback).toContain("Nobody will be reminded about it until it is reassigned");
    const m = await t.db.milestone.findUniqueOrThrow({ where: { id: s.milestoneId } });
    expect(m.unownedSince?.toISOString()).toBe(now.toISOString());
    expect(m.unownedById).toBe(s.people.kara);
    // no chaser, no escalation, no cycle reminder for it, for anyone
    expect(await chased()).toEqual([]);
    // the board's digest shows it as unowned, with its lead (tests/integration/unowned-digest.test.ts: the whole path)
    const board = await t.db.board.create({ data: { name: "Dev board", planId: s.planId } });
    const digest = await buildDigest(t.db, board.id, overdue);
    expect(digest.unowned?.map((u) => [u.milestoneId, u.disownedBy, u.with, u.since])).toEqual([
      [s.milestoneId, "Kara Haskayne", ["Lena Lead"], "2018-01-15"],
    ]);
    // `ragtime resume` (the admin confirms the owners) takes it back: chased again, and no longer unowned
    await setPaused(t.db, "dev", "1.1", false);
    expect((await chased()).length).toBeGreaterThan(0);
    expect((await buildDigest(t.db, board.id, overdue)).unowned).toEqual([]);
    await t.db.board.delete({ where: { id: board.id } });
    await t.db.milestone.update({ where: { id: s.milestoneId }, data: { unownedSince: null, unownedById: null } });
    await t.db.outboxMessage.deleteMany({});
    await t.db.actionLead.deleteMany({});
  });

  it("with no action lead, asks the plan admin (by Slack DM); a repeat click sends nothing new", async () => {
    const r = await notMine(t.db, s.milestoneId, s.people.kara, now, { enabled, admins: "gina@council.gov.uk" });
    expect(r.ok).toBe(true);
    expect(r.created).toBe(1);
    expect(r.notified).toEqual([{ personId: s.people.pat, name: "Pat Admin", platform: "slack" }]);
    const rows = await t.db.outboxMessage.findMany();
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.platform).toBe("slack");
    expect(JSON.parse(row.recipientJson)).toMatchObject({ personId: s.people.pat, slackUserId: "UPAT0001" });
    const card = JSON.parse(row.payloadJson) as Card;
    expect(card.purpose).toBe("not_mine");
    expect(card.fallback).toContain("Kara Haskayne says this item in Development Plan 2017-19 is not theirs");
    expect(card.fallback).toContain("1.1 — Senior management structure established (1. Workforce)");
    expect(card.fallback).toContain("Owners in the plan: Kara Haskayne");
    expect(r.card.fallback).toContain("Pat Admin");

    const again = await notMine(t.db, s.milestoneId, s.people.kara, now, { enabled, admins: "" });
    expect(again.created).toBe(0);
    expect(again.outboxIds).toEqual(r.outboxIds);
    expect(await t.db.outboxMessage.count()).toBe(1);
    // another person on the same milestone is a separate request
    const dave = await notMine(t.db, s.milestoneId, s.people.dave, now, { enabled, admins: "" });
    expect(dave.created).toBe(1);
  });

  it("with no plan admin, goes to the global admins (matched by e-mail / name, Teams by installed conversation)", async () => {
    await t.db.conversationRef.create({
      data: { conversationId: "a:gina", kind: "personal", serviceUrl: "https://smba.example/uk/", personId: s.people.gina },
    });
    const r = await notMine(t.db, s.numericMilestoneId, s.people.olive, now, {
      enabled,
      admins: "gina@council.gov.uk, Bob  Board, UEXTRA123",
    });
    expect(r.notified).toEqual([
      { personId: s.people.gina, name: "Gina Global", platform: "teams" },
      { personId: s.people.bob, name: "Bob Board", platform: "log" },
      { personId: null, name: "UEXTRA123", platform: "slack" },
    ]);
    const rows = await t.db.outboxMessage.findMany({ where: { id: { in: r.outboxIds } } });
    const gina = rows.find((x) => x.platform === "teams")!;
    expect(gina.channelKey).toBe("teams:a:gina");
    expect(JSON.parse(gina.recipientJson)).toMatchObject({ teamsConversationId: "a:gina", teamsServiceUrl: "https://smba.example/uk/" });
  });

  it("says so when nobody can be asked", async () => {
    await t.db.planAdmin.deleteMany({});
    const r = await notMine(t.db, s.milestone2Id, s.people.kara, now, { enabled, admins: "" });
    expect(r.ok).toBe(false);
    expect(r.outboxIds).toEqual([]);
    expect(r.card.fallback).toContain("No plan administrator");
  });
});

describe("detailFormView", () => {
  it("pre-fills the current status (plan's option id), progress and impact; typed values win", async () => {
    const v = await detailFormView(t.db, s.numericMilestoneId);
    expect(v).toMatchObject({ planName: "Thurrock Plan", ref: "2.1", milestoneTitle: "MASH thresholds consistent", due: null });
    expect(v?.scale.id).toBe("numeric5");
    expect(v?.current).toMatchObject({ status: "2", narrative: "Audit booked" });
    const typed = await detailFormView(t.db, s.numericMilestoneId, { narrative: "New text" }, { revised_due: "Enter a date" });
    expect(typed?.current).toMatchObject({ status: "2", narrative: "New text" });
    expect(typed?.errors).toEqual({ revised_due: "Enter a date" });
    const dated = await detailFormView(t.db, s.milestoneId);
    expect(dated?.due).toBe("2018-01-31");
    expect(await detailFormView(t.db, "missing")).toBeNull();
  });
});

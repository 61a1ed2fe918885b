// Exact reminder sets on seed plans with a fixed clock: bank holidays, the October DST change, a
// Scotland-only holiday, out-of-office + deputy, snooze, escalation after two chasers, board cycles.
// Ticks run for real (Reminder + OutboxMessage rows written), so each day sees the days before it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCalendarDays } from "../../src/core/calendar.js";
import { setPaused } from "../../src/services/pause.js";
import { runReminderTick, toJson } from "../../src/services/reminders.js";
import { snooze } from "../../src/services/snooze.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { seedPeople, seedPlan } from "./reminders.seed.js";

const enabled = { slack: true, teams: false };
let t: TestDb;
let people: Record<string, string>;

beforeAll(async () => {
  t = await createSqliteTestDb();
  people = await seedPeople(t.db, [
    { name: "Alice Owner", slackUserId: "UALICE" },
    { name: "Bruce Scot", nation: "SCT", slackUserId: "UBRUCE" },
    { name: "Dan Deputy", slackUserId: "UDAN" },
    { name: "Olive Away", slackUserId: "UOLIVE", awayUntil: "2017-09-30T00:00:00Z", deputy: "Dan Deputy" },
    { name: "Paul Away", slackUserId: "UPAUL", awayUntil: "2017-09-30T00:00:00Z" },
    { name: "Lena Lead", slackUserId: "ULENA" },
    { name: "Carl Chair", slackUserId: "UCARL" },
    { name: "Nora Nochat" },
  ]);
});
afterAll(async () => {
  await t.cleanup();
});

async function tick(planKey: string, iso: string): Promise<string[]> {
  const r = await runReminderTick(t.db, new Date(iso), { enabled, planKey });
  return r.planned.map((p) => {
    const j = toJson(p);
    return `${j.kind} ${j.to}: ${j.items.map((i) => i.ref).join(",")}`;
  });
}

/** Runs a real tick at 10:00 UTC on every day in [from, to]; returns the days that produced reminders. */
async function simulate(planKey: string, from: string, to: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) {
    const got = await tick(planKey, `${d}T10:00:00Z`);
    if (got.length) out[d] = got;
  }
  return out;
}

describe("reminder schedule (fixed clock, real ticks)", () => {
  it("moves reminders around the August bank holiday, batches per owner, skips paused and complete", async () => {
    await seedPlan(t.db, people, {
      key: "bh",
      milestones: [
        { ref: "1.1", title: "Audit completed", due: "2017-08-31", owners: ["Alice Owner"] },
        { ref: "1.2", title: "Policy signed off", due: "2017-08-28", owners: ["Alice Owner"] }, // the bank holiday itself
        { ref: "1.3", title: "Training delivered", due: "2017-08-31", owners: ["Alice Owner"] },
        { ref: "1.4", title: "Paused work", due: "2017-08-31", owners: ["Alice Owner"], pausedAction: true },
        { ref: "1.5", title: "Finished work", due: "2017-08-31", owners: ["Alice Owner"], status: "complete" },
      ],
    });
    expect(await simulate("bh", "2017-08-10", "2017-09-08")).toEqual({
      "2017-08-14": ["upcoming Alice Owner: 1.2"], // 10 working days before Mon 28 Aug (holiday not counted)
      "2017-08-16": ["upcoming Alice Owner: 1.1,1.3"],
      "2017-08-23": ["upcoming Alice Owner: 1.2"],
      "2017-08-25": ["due Alice Owner: 1.2", "upcoming Alice Owner: 1.1,1.3"], // due on a holiday -> Fri before
      "2017-08-31": ["due Alice Owner: 1.1,1.3"],
      "2017-09-04": ["overdue Alice Owner: 1.2"],
      "2017-09-07": ["overdue Alice Owner: 1.1,1.3"],
    });
  });

  it("keeps the 09:00-17:00 London window across the October DST change and catches up a missed chaser", async () => {
    await seedPlan(t.db, people, { key: "dst", milestones: [{ ref: "2.1", title: "Review", due: "2017-10-30", owners: ["Alice Owner"] }] });
    expect(await tick("dst", "2017-10-25T07:59:00Z")).toEqual([]); // 08:59 BST
    expect(await tick("dst", "2017-10-25T08:00:00Z")).toEqual(["upcoming Alice Owner: 2.1"]); // 09:00 BST
    expect(await tick("dst", "2017-10-30T08:30:00Z")).toEqual([]); // 08:30 GMT: clocks went back on the 29th
    expect(await tick("dst", "2017-10-30T09:00:00Z")).toEqual(["due Alice Owner: 2.1"]); // 09:00 GMT
    expect(await tick("dst", "2017-10-30T16:59:00Z")).toEqual([]); // already sent
    expect(await tick("dst", "2017-11-06T17:00:00Z")).toEqual([]); // chaser day, window closed
    expect(await tick("dst", "2017-11-07T09:30:00Z")).toEqual(["overdue Alice Owner: 2.1"]); // caught up next morning
    expect(await tick("dst", "2017-11-07T09:31:00Z")).toEqual([]);
  });

  it("gives a Scottish owner St Andrew's Day off and counts working days in each owner's nation", async () => {
    await seedPlan(t.db, people, {
      key: "sct",
      milestones: [
        { ref: "3.1", title: "Scottish return", due: "2017-11-30", owners: ["Bruce Scot"] },
        { ref: "3.2", title: "English return", due: "2017-11-30", owners: ["Alice Owner"] },
        { ref: "3.3", title: "Scottish report", due: "2017-12-07", owners: ["Bruce Scot"] },
        { ref: "3.4", title: "English report", due: "2017-12-07", owners: ["Alice Owner"] },
      ],
    });
    expect(await simulate("sct", "2017-11-16", "2017-12-01")).toEqual({
      "2017-11-16": ["upcoming Alice Owner: 3.2", "upcoming Bruce Scot: 3.1"],
      "2017-11-22": ["upcoming Bruce Scot: 3.3"], // 10 SCT working days before 7 Dec skip 30 Nov
      "2017-11-23": ["upcoming Alice Owner: 3.4"],
      "2017-11-27": ["upcoming Alice Owner: 3.2", "upcoming Bruce Scot: 3.1"],
      "2017-11-29": ["due Bruce Scot: 3.1"], // due on his bank holiday -> the working day before
      "2017-11-30": ["due Alice Owner: 3.2"],
    });
  });

  it("sends to the deputy (or the action lead) of an out-of-office owner, on behalf of them; no chat account -> none", async () => {
    await seedPlan(t.db, people, {
      key: "ooo",
      milestones: [
        { ref: "4.1", title: "Deputy covers", due: "2017-09-14", owners: ["Olive Away"] },
        { ref: "4.2", title: "No chat account", due: "2017-09-14", owners: ["Nora Nochat"] },
        { ref: "4.3", title: "Lead covers", due: "2017-09-14", owners: ["Paul Away"], leads: ["Lena Lead"] },
      ],
    });
    const dry = await runReminderTick(t.db, new Date("2017-09-14T10:00:00Z"), { enabled, planKey: "ooo", dryRun: true });
    const json = dry.planned.map(toJson);
    expect(json.map(({ dedupeKey, ...rest }) => rest)).toEqual([
      {
        kind: "due",
        to: "Dan Deputy",
        via: "slack",
        items: [{ ref: "4.1", milestone: "Deputy covers", due: "2017-09-14", daysOverdue: 0 }],
      },
      { kind: "due", to: "Lena Lead", via: "slack", items: [{ ref: "4.3", milestone: "Lead covers", due: "2017-09-14", daysOverdue: 0 }] },
      {
        kind: "due",
        to: "Nora Nochat",
        via: "none",
        items: [{ ref: "4.2", milestone: "No chat account", due: "2017-09-14", daysOverdue: 0 }],
      },
    ]);
    for (const j of json) expect(j.dedupeKey).toMatch(/^rem:ooo:due:/);
    expect(dry.unmapped).toEqual(["Nora Nochat"]);
    expect(await t.db.reminder.count({ where: { planId: dry.planned[0]?.planId } })).toBe(0); // dry run writes nothing

    const real = await runReminderTick(t.db, new Date("2017-09-14T10:00:00Z"), { enabled, planKey: "ooo" });
    expect(real.planned.map((p) => p.dedupeKey)).toEqual(json.map((j) => j.dedupeKey)); // same state, same keys
    const rem = await t.db.reminder.findUniqueOrThrow({ where: { dedupeKey: json[0]?.dedupeKey } });
    expect(rem.recipientId).toBe(people["Dan Deputy"]);
    expect(rem.onBehalfOfId).toBe(people["Olive Away"]);
    const out = await t.db.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: rem.dedupeKey } });
    expect(out.platform).toBe("slack");
    expect(JSON.parse(out.recipientJson).slackUserId).toBe("UDAN");
    expect(out.payloadJson).toContain("on behalf of Olive Away");
    // the deputy and the away owner may both record on it (Teams: refresh.userIds); nobody else
    const sorted = (names: string[]) => names.map((n) => people[n]).sort();
    expect(JSON.parse(out.payloadJson).actors).toEqual(sorted(["Dan Deputy", "Olive Away"]));
    const lena = await t.db.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: json[1]?.dedupeKey } });
    expect(JSON.parse(lena.payloadJson).actors).toEqual(sorted(["Lena Lead", "Paul Away"]));
    const nora = await t.db.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: json[2]?.dedupeKey } });
    expect(nora.platform).toBe("log");
    // after Olive is back (1 Oct), the next chaser goes to her
    expect(await tick("ooo", "2017-10-02T10:00:00Z")).toContain("overdue Olive Away: 4.1");
  });

  it("a snoozed item waits and its reminder comes back when the snooze ends", async () => {
    const ids = await seedPlan(t.db, people, {
      key: "snz",
      milestones: [
        { ref: "5.1", title: "Snoozed", due: "2017-09-14", owners: ["Alice Owner"] },
        { ref: "5.2", title: "Not snoozed", due: "2017-09-15", owners: ["Alice Owner"] },
      ],
    });
    // 5.2's "3 working days before" (12 Sep) is still current: caught up in the same tick
    expect(await tick("snz", "2017-09-14T10:00:00Z")).toEqual(["due Alice Owner: 5.1", "upcoming Alice Owner: 5.2"]);
    const { until } = await snooze(
      t.db,
      ids["5.1"] as string,
      people["Alice Owner"] as string,
      "tomorrow",
      new Date("2017-09-14T10:05:00Z"),
    );
    expect(until.toISOString()).toBe("2017-09-15T08:00:00.000Z"); // 09:00 BST next working day
    expect(await tick("snz", "2017-09-14T14:00:00Z")).toEqual([]);
    expect(await tick("snz", "2017-09-15T07:59:00Z")).toEqual([]);
    expect(await tick("snz", "2017-09-15T08:00:00Z")).toEqual(["due Alice Owner: 5.1,5.2"]);
    expect(await tick("snz", "2017-09-15T12:00:00Z")).toEqual([]);
  });

  it("escalates to the action lead after 2 unanswered chasers and to the board chair after 3; an update resets the count", async () => {
    const ids = await seedPlan(t.db, people, {
      key: "esc",
      milestones: [
        { ref: "6.1", title: "Never answered", due: "2017-06-01", owners: ["Alice Owner"], leads: ["Lena Lead"] },
        { ref: "6.2", title: "Answered", due: "2017-06-01", owners: ["Alice Owner"], leads: ["Lena Lead"] },
      ],
      board: { name: "Escalation Board", chair: "Carl Chair" },
    });
    const before = await simulate("esc", "2017-06-01", "2017-06-19");
    await t.db.statusUpdate.create({
      data: {
        milestoneId: ids["6.2"] as string,
        byId: people["Alice Owner"],
        source: "slack",
        status: "at_risk",
        createdAt: new Date("2017-06-20T09:00:00Z"),
      },
    });
    const after = await simulate("esc", "2017-06-20", "2017-06-30");
    expect({ ...before, ...after }).toEqual({
      "2017-06-01": ["due Alice Owner: 6.1,6.2"],
      "2017-06-08": ["overdue Alice Owner: 6.1,6.2"],
      "2017-06-15": ["overdue Alice Owner: 6.1,6.2"],
      "2017-06-22": ["overdue Alice Owner: 6.1,6.2", "escalation Lena Lead: 6.1"],
      "2017-06-29": ["overdue Alice Owner: 6.1,6.2", "escalation Carl Chair: 6.1"],
    });
    const esc = await t.db.outboxMessage.findFirstOrThrow({ where: { dedupeKey: { startsWith: "rem:esc:escalation:" } } });
    expect(esc.payloadJson).toContain("reminders to Alice Owner");
    // owner, lead and the escalation's recipient (lead, then chair) may record on it
    const actorsOf = async (to: string) =>
      JSON.parse(
        (await t.db.outboxMessage.findFirstOrThrow({ where: { dedupeKey: { startsWith: `rem:esc:escalation:${people[to]}:` } } }))
          .payloadJson,
      ).actors;
    expect(await actorsOf("Lena Lead")).toEqual([people["Alice Owner"], people["Lena Lead"]].sort());
    expect(await actorsOf("Carl Chair")).toEqual([people["Alice Owner"], people["Carl Chair"], people["Lena Lead"]].sort());
  });

  it("cycle: N working days before a board meeting, one message per owner with all open items in scope", async () => {
    await seedPlan(t.db, people, {
      key: "cyc",
      milestones: [
        { ref: "7.1", title: "In scope", due: "2017-12-29", owners: ["Alice Owner"], section: "1" },
        { ref: "7.2", title: "Undated", due: null, dueRaw: "As required", owners: ["Alice Owner"], section: "1" },
        { ref: "7.3", title: "Out of scope", due: "2017-12-29", owners: ["Alice Owner"], section: "2" },
        { ref: "7.4", title: "Done", due: "2017-12-29", owners: ["Alice Owner"], section: "1", status: "complete" },
        { ref: "7.5", title: "Bruce item", due: "2018-03-29", owners: ["Bruce Scot"], section: "1" },
      ],
      board: { name: "Cycle Board", chair: "Carl Chair", sections: ["1"], meetings: ["2017-10-19"] },
    });
    expect(await simulate("cyc", "2017-10-05", "2017-10-20")).toEqual({
      "2017-10-10": ["cycle Alice Owner: 7.1,7.2", "cycle Bruce Scot: 7.5"], // 7 working days before Thu 19 Oct
    });
  });

  it("pause stops everything for an action; resume brings it back", async () => {
    await seedPlan(t.db, people, {
      key: "pz",
      milestones: [{ ref: "8.1", title: "Pausable", due: "2017-09-14", owners: ["Alice Owner"] }],
    });
    await setPaused(t.db, "pz", "8.1", true);
    expect(await tick("pz", "2017-09-14T10:00:00Z")).toEqual([]);
    await setPaused(t.db, "pz", "8.1", false);
    expect(await tick("pz", "2017-09-14T10:01:00Z")).toEqual(["due Alice Owner: 8.1"]);
  });
  it("after downtime: a still-relevant reminder is sent on the next tick; one the milestone moved past is dropped", async () => {
    const ids = await seedPlan(t.db, people, {
      key: "down",
      milestones: [
        { ref: "9.1", title: "Moved on", due: "2017-09-14", owners: ["Alice Owner"] },
        { ref: "9.2", title: "Still current", due: "2017-09-19", owners: ["Alice Owner"] },
        { ref: "9.3", title: "Completed while we were down", due: "2017-09-14", owners: ["Alice Owner"] },
        { ref: "9.4", title: "Re-dated while we were down", due: "2017-09-14", owners: ["Alice Owner"] },
      ],
    });
    await t.db.milestone.update({ where: { id: ids["9.3"] }, data: { status: "complete" } });
    const redated = new Date("2017-10-31T00:00:00Z");
    await t.db.milestone.update({ where: { id: ids["9.4"] }, data: { revisedDue: redated, due: redated } });
    // down from 1 Sep; first tick 14 Sep: 9.1's upcoming reminders (31 Aug, 11 Sep) are gone, its due day is now;
    // 9.2's "3 working days before" (14 Sep) is current; 9.4 is now due 31 Oct (10 working days before: 17 Oct)
    expect(await tick("down", "2017-09-14T10:00:00Z")).toEqual(["due Alice Owner: 9.1", "upcoming Alice Owner: 9.2"]);
    expect(await simulate("down", "2017-09-15", "2017-10-17")).toEqual({
      "2017-09-19": ["due Alice Owner: 9.2"],
      "2017-09-21": ["overdue Alice Owner: 9.1"],
      "2017-09-26": ["overdue Alice Owner: 9.2"],
      "2017-09-28": ["overdue Alice Owner: 9.1"],
      "2017-10-03": ["overdue Alice Owner: 9.2"],
      "2017-10-05": ["overdue Alice Owner: 9.1"],
      "2017-10-10": ["overdue Alice Owner: 9.2"],
      "2017-10-12": ["overdue Alice Owner: 9.1"],
      "2017-10-17": ["overdue Alice Owner: 9.2", "upcoming Alice Owner: 9.4"],
    });
  });
});

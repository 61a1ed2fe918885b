// Issue 17, "Not mine": the item goes to its lead as unowned, is SHOWN IN THE DIGEST (chat card on Slack and
// Teams, and the board paper), and nobody is chased for it until it is reassigned. Real Thurrock import gone
// live mid-plan, the owner's click through the interaction service, the reminder planner ticking every working
// day for five weeks as the server would, the digest posted through postDigest (snapshot + outbox), the queued
// cards rendered by both platforms' renderers, the board paper from the stored snapshot; then `ragtime resume`
// reassigns it and the chasing starts again.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMessage } from "../../src/adapters/slack/render.js";
import { renderAdaptiveCard } from "../../src/adapters/teams/render.js";
import { actionId, parseActionId } from "../../src/core/cards/actions.js";
import type { Card } from "../../src/core/cards/model.js";
import { act } from "../../src/services/act.js";
import { loadBoardPaper, renderBoardPaper } from "../../src/services/boardPaper.js";
import { addBoard } from "../../src/services/boards.js";
import { postDigest } from "../../src/services/digest.js";
import { goLive } from "../../src/services/golive.js";
import { importPlan } from "../../src/services/importPlan.js";
import { runReminderTick } from "../../src/services/reminders.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { FIXTURES, runCli } from "./cli.helper.js";

const both = { slack: true, teams: true };
const day = (s: string) => new Date(`${s}T00:00:00Z`);
let t: TestDb;
let boardId: string;
let m: { id: string; title: string; ref: string; owner: { id: string; name: string }; lead: { id: string; name: string } };

/** Every working day's 10:00 tick from `from` to `to` (inclusive), written as the server writes them. */
async function workingDayTicks(from: string, to: string) {
  const planned = [];
  for (let d = day(from); d <= day(to); d = new Date(d.getTime() + 86_400_000)) {
    if (d.getUTCDay() === 0 || d.getUTCDay() === 6) continue;
    planned.push(...(await runReminderTick(t.db, new Date(d.getTime() + 10 * 3_600_000), { enabled: both })).planned);
  }
  return planned;
}

beforeAll(async () => {
  t = await createSqliteTestDb();
  await importPlan(t.db, { file: join(FIXTURES, "thurrock-development-plan.csv"), planKey: "thurrock", now: day("2018-01-15") });
  // an open milestone overdue at go-live, with one owner and an action lead who is someone else
  const candidates = await t.db.milestone.findMany({
    where: { status: { not: "complete" }, due: { lt: day("2018-01-01") }, action: { plan: { key: "thurrock" } } },
    include: { owners: { include: { person: true } }, action: { include: { leads: { include: { person: true } } } } },
    orderBy: { due: "desc" },
  });
  const c = candidates.find(
    (x) => x.owners.length === 1 && x.action.leads.length === 1 && x.action.leads[0]!.personId !== x.owners[0]!.personId,
  );
  if (!c) throw new Error("no Thurrock milestone with one owner and another lead");
  m = {
    id: c.id,
    title: c.title,
    ref: c.action.handle ?? c.action.ref ?? "",
    owner: { id: c.owners[0]!.personId, name: c.owners[0]!.person.name },
    lead: { id: c.action.leads[0]!.personId, name: c.action.leads[0]!.person.name },
  };
  // everyone can be reached on Slack (so chasers and escalations really go out), the owner clicks from there
  const people = await t.db.person.findMany();
  for (const [i, p] of people.entries())
    await t.db.person.update({ where: { id: p.id }, data: { slackUserId: `U0P${String(i).padStart(6, "0")}` } });
  const b = await addBoard(
    t.db,
    { name: "Thurrock Improvement Board", planKey: "thurrock", slackChannel: "C0UNOWNED1", teamsConversation: "19:unowned@thread.tacv2" },
    day("2018-01-15"),
  );
  boardId = b.id;
  await goLive(t.db, "thurrock", day("2018-01-22"));
}, 120_000);
afterAll(async () => t?.cleanup());

describe("Not mine: unowned, in the digest, chased by nobody until reassigned", () => {
  it("the owner's catch-up lists it on go-live day; after Not mine, five weeks of ticks send nothing for it", async () => {
    const first = await workingDayTicks("2018-01-22", "2018-01-22");
    expect(first.some((r) => r.kind === "catchup" && r.recipientId === m.owner.id && r.milestoneIds.includes(m.id))).toBe(true);

    const owner = await t.db.person.findUniqueOrThrow({ where: { id: m.owner.id } });
    const verb = actionId({ kind: "not_mine", milestoneId: m.id });
    const outcome = await act(
      { db: t.db, now: new Date("2018-01-23T09:15:00Z"), admins: "", enabled: both },
      parseActionId(verb)!,
      { platform: "slack", userId: owner.slackUserId! },
      { platform: "slack", answerKey: "slack:not-mine:1" },
    );
    expect(outcome.kind).toBe("card");
    if (outcome.kind === "card") expect(outcome.card.fallback).toContain(`passed ${m.ref}`);

    const later = await workingDayTicks("2018-01-23", "2018-02-27");
    // the planner is chasing and escalating other overdue items over these weeks ...
    expect(later.filter((r) => r.kind === "overdue").length).toBeGreaterThan(0);
    expect(later.filter((r) => r.kind === "escalation").length).toBeGreaterThan(0);
    // ... but nothing (chaser, escalation, cycle request, anything) for the unowned item, to anyone
    expect(later.filter((r) => r.milestoneIds.includes(m.id))).toEqual([]);
    expect(await t.db.reminder.count({ where: { milestoneIds: { contains: m.id }, plannedFor: { gt: day("2018-01-23") } } })).toBe(0);
  }, 120_000);

  it("the digest shows it in an Unowned part, in the plan's wording, on Slack and Teams", async () => {
    const r = await postDigest(t.db, boardId, day("2018-02-05"), new Date("2018-02-05T09:00:00Z"), both);
    const u = r.model.unowned ?? [];
    expect(u).toHaveLength(1);
    const overdue = r.model.overdue.find((o) => o.milestoneId === m.id)!;
    expect(u[0]).toMatchObject({
      milestoneId: m.id,
      ref: m.ref,
      since: "2018-01-23",
      daysUnowned: 13,
      disownedBy: m.owner.name,
      with: [m.lead.name],
      // the same words as everywhere else in the digest: the plan's section heading and its own status label
      section: overdue.section,
      status: overdue.status,
    });
    expect(overdue.section).toMatch(/^Priority \d+ — /);
    const line = `${m.ref} `;
    const said = `— ${m.owner.name} said it is not theirs on 23 Jan 2018 (13 days ago); with ${m.lead.name} to reassign — ${overdue.status}`;
    const text = JSON.stringify(r.card.blocks);
    expect(text).toContain("Unowned — waiting to be reassigned (1)");
    expect(text).toContain("Nobody is reminded or chased about these until they are reassigned");
    expect(text).toContain("ragtime resume thurrock <ref>");
    // the queued cards, as each platform renders them
    const rows = await t.db.outboxMessage.findMany({ where: { id: { in: r.outboxIds } } });
    const slack = JSON.stringify(renderMessage(JSON.parse(rows.find((x) => x.platform === "slack")!.payloadJson) as Card));
    const teams = JSON.stringify(renderAdaptiveCard(JSON.parse(rows.find((x) => x.platform === "teams")!.payloadJson) as Card));
    for (const rendered of [slack, teams]) {
      expect(rendered).toContain("Unowned — waiting to be reassigned (1)");
      expect(rendered).toContain(JSON.stringify(said).slice(1, -1));
      expect(rendered).toContain(JSON.stringify(`• ${line}`).slice(1, -1));
    }
  });

  it("the board paper has the Unowned table after the exceptions, and a line on the cover; XLSX has its sheet", async () => {
    const doc = await loadBoardPaper(t.db, "Thurrock Improvement Board", "2018-02-05");
    const keys = doc.tables.map((x) => x.key);
    expect(keys.indexOf("unowned")).toBe(keys.indexOf("exceptions") + 1);
    const table = doc.tables.find((x) => x.key === "unowned")!;
    expect(table.columns.map((c) => c.header)).toEqual([
      "Ref",
      "Milestone",
      "Priority",
      "Said not theirs by",
      "On",
      "With, to reassign",
      "Status",
    ]);
    expect(table.rows.map((row) => row.map((c) => c.text))).toEqual([
      [
        m.ref,
        m.title,
        expect.stringMatching(/^Priority \d+ — /),
        m.owner.name,
        "23 Jan 2018 (13 days ago)",
        m.lead.name,
        expect.any(String),
      ],
    ]);
    expect(doc.summary.some((s) => s.startsWith("Unowned (said “not mine”, waiting to be reassigned): 1."))).toBe(true);
    const { default: Excel } = await import("exceljs");
    const wb = new Excel.Workbook();
    await wb.xlsx.load((await renderBoardPaper(doc, "xlsx")) as never);
    expect(wb.worksheets.map((w) => w.name)).toContain("Unowned");
  });

  it("reassigned (`ragtime resume`), it is chased again and leaves the digest", async () => {
    const r = await runCli(["resume", "thurrock", m.ref], t.url);
    expect(r.code).toBe(0);
    expect((await t.db.milestone.findUniqueOrThrow({ where: { id: m.id } })).unownedSince).toBeNull();
    const after = await workingDayTicks("2018-02-28", "2018-03-09");
    expect(after.some((x) => x.milestoneIds.includes(m.id) && x.recipientId === m.owner.id)).toBe(true);
    const next = await postDigest(t.db, boardId, day("2018-03-12"), new Date("2018-03-12T09:00:00Z"), both);
    expect(next.model.unowned).toEqual([]);
    expect(JSON.stringify(next.card.blocks)).not.toContain("Unowned");
  }, 120_000);
});

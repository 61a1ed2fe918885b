// Board digest on the real Thurrock export, numbers checked by hand against the CSV:
// RAG 01/18 column: 3 x "1", 40 x "2", 38 x "3", 18 x "4", 1 blank (100 rows) -> average 2.72;
// RAG Initial: 5 x "1", 75 x "2", 16 x "3", 3 x "4", 1 blank -> average 2.17 (the plan's "previous period").
// As of 15 Jan 2018, 32 open milestones are past their Time date (11 of them in Priority 3); the oldest two were
// due Mar-16 (655 days), the newest Dec-17 (Michele Lucas, 15 days); one falls due within 14 days (Janet Simon, 16 Jan).
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartHeightFor, pngSize } from "../../src/charts/statusChart.js";
import { cardToText } from "../../src/core/cards/model.js";
import { addBoard } from "../../src/services/boards.js";
import { buildDigest, parseSnapshot, postDigest, runDigestTick } from "../../src/services/digest.js";
import { importPlan } from "../../src/services/importPlan.js";
import { recordUpdate } from "../../src/services/recordUpdate.js";
import { setPlanLive } from "../../src/storage/plans.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { runCli } from "./cli.helper.js";

const FIX = join(import.meta.dirname, "../../../shared/fixtures/plans");
const d = (s: string) => new Date(`${s}T00:00:00Z`);
const both = { slack: true, teams: true };

let t: TestDb;
let boardId: string;

async function setStatusesFromImport(which: "first" | "last") {
  const ms = await t.db.milestone.findMany({
    include: { updates: { where: { source: "import" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
  });
  for (const m of ms) {
    const u = which === "first" ? m.updates[0] : m.updates[m.updates.length - 1];
    if (u) await t.db.milestone.update({ where: { id: m.id }, data: { status: u.status, statusLabel: u.statusLabel } });
  }
}

async function milestoneBy(title: string) {
  return t.db.milestone.findFirstOrThrow({ where: { title: { startsWith: title } }, include: { owners: { include: { person: true } } } });
}

const IMPORTED = new Date("2017-10-01T09:00:00Z");

beforeAll(async () => {
  t = await createSqliteTestDb();
  await importPlan(t.db, { file: join(FIX, "thurrock-development-plan.csv"), planKey: "thurrock", now: IMPORTED });
  // imported plans are drafts; digests are posted only for live plans
  await setPlanLive(t.db, "thurrock", IMPORTED);
  const b = await addBoard(
    t.db,
    {
      name: "Thurrock Improvement Board",
      planKey: "thurrock",
      chair: "Sheila Murphy",
      members: ["Joe Tynan", "Rory Patterson"],
      slackChannel: "C0TESTBRD1",
      teamsConversation: "19:board@thread.tacv2",
      meetings: ["2018-02-05"],
    },
    IMPORTED,
  );
  boardId = b.id;
});

afterAll(async () => {
  await t.cleanup();
});

describe("digest on the Thurrock plan", () => {
  it("counts, score, overdue and due-soon lists match the CSV as of 15 Jan 2018", async () => {
    const m = await buildDigest(t.db, boardId, d("2018-01-15"));
    expect(m.totals.milestones).toBe(100);
    const c = Object.fromEntries(m.counts.map((x) => [x.key, x.count]));
    expect(c).toMatchObject({ "1": 3, "2": 40, "3": 38, "4": 18, "5": 0, none: 1 });
    expect(m.score.current).toBe(2.7);
    // the board's first digest: the previous period is the plan's own RAG Initial column
    expect(m.previous).toMatchObject({ source: "history", label: "RAG Initial, from the plan's own rating history" });
    expect(m.score).toEqual({ current: 2.7, previous: 2.2, direction: "up" });
    expect(m.totals.overdue).toBe(32);
    expect(m.overdue[0]!.daysOverdue).toBe(655);
    expect(m.overdue[0]!.due).toBe("2016-03-31");
    expect(m.overdue.at(-1)).toMatchObject({ due: "2017-12-31", daysOverdue: 15 });
    expect(m.overdue.some((o) => o.owners.includes("Michele Lucas") && o.daysOverdue === 15)).toBe(true);
    // oldest first
    for (let i = 1; i < m.overdue.length; i++) expect(m.overdue[i - 1]!.daysOverdue).toBeGreaterThanOrEqual(m.overdue[i]!.daysOverdue);
    expect(m.overdue.filter((o) => o.section.startsWith("Priority 3 —")).length).toBe(11);
    expect(m.dueSoon).toHaveLength(1);
    expect(m.dueSoon[0]).toMatchObject({ due: "2018-01-16", daysToDue: 1, owners: ["Janet Simon"] });
    const p1 = m.sections.find((s) => s.number === "1")!;
    expect(p1.heading).toBe("Priority 1 — Recruiting, retaining and developing a skilled and confident social…");
    expect(p1.total).toBe(8);
    expect(p1.score).toBe(3.3); // (3 x 2 + 5 x 4) / 8 = 3.25
  });

  it("direction of travel between two stored snapshots: previous period 2.2, current 2.7", async () => {
    // the board's first digest saw the initial ratings
    await setStatusesFromImport("first");
    const first = await postDigest(t.db, boardId, d("2017-11-06"), new Date("2017-11-06T09:00:00Z"), both);
    expect(first.created).toBe(true);
    expect(first.model.score.current).toBe(2.2);
    const outbox = await t.db.outboxMessage.findMany({ where: { id: { in: first.outboxIds } } });
    expect(outbox.map((o) => [o.platform, o.channelKey]).sort()).toEqual([
      ["slack", "slack:C0TESTBRD1"],
      ["teams", "teams:19:board@thread.tacv2"],
    ]);
    expect(JSON.parse(outbox[0]!.recipientJson)).toMatchObject({ boardId });

    // then the January ratings, one owner update by chat with a new date, and a cycle reminder
    await setStatusesFromImport("last");
    const target = await milestoneBy("Increase use of CAF by Health Visitors"); // Initial 1, 01/18 1
    const owner = target.owners[0]!.person;
    const rec = await recordUpdate(t.db, {
      milestoneId: target.id,
      actorPersonId: owner.id,
      source: "slack",
      idempotencyKey: "digest-test-1",
      now: new Date("2018-01-10T10:00:00Z"),
      detail: {
        optionId: "2",
        status: "at_risk",
        statusLabel: "2",
        percentComplete: 40,
        narrative: "Health visitors trained in two localities; roll-out to the rest delayed by vacancies.",
        impact: null,
        evidenceUrl: null,
        revisedDue: "2018-06-30",
        revisedReason: "Health visiting vacancies",
        blockers: null,
      },
    });
    expect(rec.ok).toBe(true);
    const asked = await milestoneBy("Early Help Services operate in a coordinated way");
    const askedOwner = asked.owners[0]!.person;
    await t.db.reminder.create({
      data: {
        dedupeKey: "cycle:test:1",
        kind: "cycle",
        planId: target.owners.length ? (await t.db.plan.findFirstOrThrow()).id : "",
        recipientId: askedOwner.id,
        milestoneIds: JSON.stringify([asked.id]),
        plannedFor: new Date("2018-01-08T09:00:00Z"),
      },
    });
    await t.db.person.update({ where: { id: owner.id }, data: { slackUserId: "U0OWNER01" } });

    const second = await postDigest(t.db, boardId, d("2018-01-15"), new Date("2018-01-15T09:00:00Z"), both);
    const m = second.model;
    expect(m.previousAsOf).toBe("2017-11-06");
    expect(m.score).toEqual({ current: 2.7, previous: 2.2, direction: "up" });
    const dir = Object.fromEntries(m.sections.map((s) => [s.number, [s.previousScore, s.score, s.direction]]));
    expect(dir["1"]).toEqual([2.8, 3.3, "up"]);
    expect(dir["5"]).toEqual([2, 2, "flat"]);
    expect(dir["4"]).toEqual([2, 2.9, "up"]);
    // 39 rows changed rating between the two columns, plus the chat update
    expect(m.totals.changed).toBe(40);
    const ch = m.changed.find((x) => x.milestoneId === target.id)!;
    expect(ch).toMatchObject({ from: "1", to: "2", by: owner.name, at: "2018-01-10" });
    expect(ch.narrative).toContain("Health visitors trained");
    expect(m.slipped).toHaveLength(1);
    expect(m.slipped[0]).toMatchObject({
      milestoneId: target.id,
      baselineDue: "2018-04-30",
      due: "2018-06-30",
      reason: "Health visiting vacancies",
      timesMoved: 1,
    });
    expect(m.missing.filter((x) => x.reason === "no_answer")).toEqual([
      { personId: askedOwner.id, name: askedOwner.name, reason: "no_answer", items: 1, askedOn: "2018-01-08" },
    ]);
    expect(m.missing.some((x) => x.reason === "no_chat" && x.personId === owner.id)).toBe(false);
    expect(m.missing.some((x) => x.reason === "no_chat" && x.name === "Janet Simon")).toBe(true);

    // the card: readable main list, full list in the thread, chart attached
    const snap = parseSnapshot((await t.db.digest.findUniqueOrThrow({ where: { id: second.digestId } })).snapshotJson)!;
    expect(snap.presentedOn).toBe("2018-01-15");
    const text = cardToText(snap.card);
    expect(text).toContain("RAG summary (average of 1-5 ratings): 2.7 ↑ improving, from 2.2 (the digest of 6 Nov 2017)");
    const red = m.exceptions.red.length;
    expect(red + m.exceptions.overdue.filter((e) => e.daysOverdue > 0).length).toBe(
      32 + m.exceptions.red.filter((e) => e.daysOverdue === 0).length,
    );
    expect(text).toContain(`Overdue (${m.exceptions.overdue.length})`);
    expect(text).toContain(`…and ${m.exceptions.overdue.length - 5} more`);
    const overdueThread = (snap.card.thread ?? [])
      .filter((c) => c.title.startsWith("Overdue ("))
      .map(cardToText)
      .join("\n");
    expect(overdueThread.match(/^• /gm)).toHaveLength(m.exceptions.overdue.length);
    const chart = snap.card.attachments?.find((a) => a.key === "chart");
    expect(chart?.mimeType).toBe("image/png");
    expect(pngSize(Buffer.from(chart!.base64, "base64"))).toEqual({ width: 600, height: chartHeightFor(8, 5) });
    expect(snap.card.blocks.some((b) => b.type === "image" && b.attachment === "chart")).toBe(true);
  });

  it("posting the same date again stores and sends nothing new; snapshots stay as presented", async () => {
    const before = await t.db.digest.findUniqueOrThrow({ where: { boardId_asOf: { boardId, asOf: d("2017-11-06") } } });
    const outboxCount = await t.db.outboxMessage.count();
    const again = await postDigest(t.db, boardId, d("2017-11-06"), new Date("2018-02-01T09:00:00Z"), both);
    expect(again.created).toBe(false);
    expect(again.digestId).toBe(before.id);
    expect(again.model.score.current).toBe(2.2);
    expect(await t.db.outboxMessage.count()).toBe(outboxCount);
    const after = await t.db.digest.findUniqueOrThrow({ where: { id: before.id } });
    expect(after.snapshotJson).toBe(before.snapshotJson);
  });

  it("a board scoped to sections 2,3 counts only those (8 + 21 milestones)", async () => {
    const b = await addBoard(t.db, { name: "Early help and assessment subgroup", planKey: "thurrock", sections: ["2", "3"] }, IMPORTED);
    const m = await buildDigest(t.db, b.id, d("2018-01-15"));
    expect(m.totals.milestones).toBe(29);
    expect(m.sections.map((s) => s.number)).toEqual(["2", "3"]);
    expect(m.totals.overdue).toBe(11);
  });

  it("rejects bad board input with the option named", async () => {
    await expect(addBoard(t.db, { name: "X", planKey: "nope" }, IMPORTED)).rejects.toThrow(/no plan with key "nope"/);
    await expect(addBoard(t.db, { name: "X", planKey: "thurrock", sections: ["9"] }, IMPORTED)).rejects.toThrow(
      /--sections: .*no section "9"/,
    );
    await expect(addBoard(t.db, { name: "X", planKey: "thurrock", schedule: "every monday" }, IMPORTED)).rejects.toThrow(/--schedule/);
    await expect(addBoard(t.db, { name: "X", planKey: "thurrock", timeZone: "Mars/Olympus" }, IMPORTED)).rejects.toThrow(/--tz/);
    await expect(addBoard(t.db, { name: "X", planKey: "thurrock", meetings: ["2018-02-30"] }, IMPORTED)).rejects.toThrow(/--meetings/);
  });

  it("the tick posts each board once per scheduled slot in its time zone", async () => {
    const b = await addBoard(
      t.db,
      {
        name: "Tick board",
        planKey: "thurrock",
        schedule: "MON 09:00",
        timeZone: "Europe/London",
        slackChannel: "C0TICKBRD1",
      },
      new Date("2026-11-20T12:00:00Z"),
    );
    // the board was added on Friday 20 Nov 2026 (the clock passed to addBoard): Monday 16 Nov's slot is not posted
    let r = await runDigestTick(t.db, new Date("2026-11-16T09:00:30Z"), both);
    expect(r.filter((x) => x.boardId === b.id)).toEqual([]);
    // Monday 23 Nov 2026 08:59 London (GMT) -> not yet
    r = await runDigestTick(t.db, new Date("2026-11-23T08:59:00Z"), both);
    expect(r.filter((x) => x.boardId === b.id)).toEqual([]);
    r = await runDigestTick(t.db, new Date("2026-11-23T09:00:30Z"), both);
    expect(r.find((x) => x.boardId === b.id)).toMatchObject({ asOf: "2026-11-23", created: true });
    r = await runDigestTick(t.db, new Date("2026-11-23T09:01:00Z"), both);
    expect(r.filter((x) => x.boardId === b.id)).toEqual([]);
    // a second replica racing on the same slot gets the existing digest
    const dup = await postDigest(t.db, b.id, d("2026-11-23"), new Date("2026-11-23T09:01:00Z"), both);
    expect(dup.created).toBe(false);
    expect(await t.db.digest.count({ where: { boardId: b.id } })).toBe(1);
    expect(await t.db.outboxMessage.count({ where: { dedupeKey: { startsWith: `digest:${b.id}:` } } })).toBe(1);
  });

  it("a board with no channel posts to the log", async () => {
    const b = await addBoard(t.db, { name: "Quiet board", planKey: "thurrock" }, IMPORTED);
    const r = await postDigest(t.db, b.id, d("2018-01-22"), new Date("2018-01-22T09:00:00Z"), both);
    const rows = await t.db.outboxMessage.findMany({ where: { id: { in: r.outboxIds } } });
    expect(rows.map((x) => x.platform)).toEqual(["log"]);
  });

  it("CLI: digest --dry-run --json --png writes a valid PNG and stores nothing", async () => {
    const png = join(t.url.replace(/^file:/, "").replace(/test\.db$/, ""), "out.png");
    const before = await t.db.digest.count();
    const r = await runCli(
      ["digest", "--board", "Thurrock Improvement Board", "--as-of", "2018-01-15", "--dry-run", "--json", "--png", png],
      t.url,
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { digest: { totals: { overdue: number; milestones: number } } };
    expect(out.digest.totals).toMatchObject({ milestones: 100, overdue: 32 });
    const { readFileSync } = await import("node:fs");
    expect(pngSize(readFileSync(png))).toEqual({ width: 600, height: chartHeightFor(8, 5) });
    expect(await t.db.digest.count()).toBe(before);
    const list = await runCli(["board", "list", "--json"], t.url);
    const boards = JSON.parse(list.stdout) as { name: string; chair: string | null; members: string[]; meetings: string[] }[];
    expect(boards.find((b) => b.name === "Thurrock Improvement Board")).toMatchObject({
      chair: "Sheila Murphy",
      members: expect.arrayContaining(["Joe Tynan", "Rory Patterson"]),
      meetings: ["2018-02-05"],
    });
    const add = await runCli(
      ["board", "add", "CLI board", "--plan", "thurrock", "--sections", "2,3", "--schedule", "TUE 10:30", "--slack-channel", "C0CLIBRD01"],
      t.url,
    );
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('Board "CLI board" saved: digest TUE 10:30 (Europe/London), Slack C0CLIBRD01');
    const badAdd = await runCli(["board", "add", "CLI board 2", "--plan", "thurrock", "--schedule", "whenever"], t.url);
    expect(badAdd.code).toBe(2);
    expect(badAdd.stderr).toContain("--schedule");
    // posting from the CLI stores the snapshot and queues one log message (no chat platform configured);
    // a second run for the same date prints the stored digest and sends nothing
    const post = await runCli(["digest", "--board", "Quiet board", "--as-of", "2018-01-29"], t.url);
    expect(post.code).toBe(0);
    expect(post.stdout).toContain("Quiet board — board digest, 29 Jan 2018");
    expect(post.stdout).toContain("1 message(s) queued");
    const again = await runCli(["digest", "--board", "Quiet board", "--as-of", "2018-01-29"], t.url);
    expect(again.stdout).toContain("already had its digest for 2018-01-29");
    const quiet = await t.db.digest.findMany({ where: { board: { name: "Quiet board" } }, select: { asOf: true } });
    expect(quiet.map((q) => q.asOf.toISOString().slice(0, 10)).sort()).toEqual(["2018-01-22", "2018-01-29"]);
    const bad = await runCli(["digest", "--board", "No such board", "--dry-run"], t.url);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('no board named "No such board"');
  });
});

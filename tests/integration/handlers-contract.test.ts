// Contract between the two interaction adapters (beside cards-contract.test.ts, which checks the renderers):
// the same Submission, from the same person, on the same seeded plan, driven through the real Slack app
// (signed block_actions / view_submission -> Bolt -> intake -> listeners) and the real Teams app (signed
// adaptiveCard/action invoke -> Teams SDK -> card-actions) must come out the same: the same kind of answer
// (card, form, refusal), the same text shown, the same result stored with the interaction, and the same effect
// on the database. Each platform has its own database, seeded alike; the cases run in the same order on both.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AcElement, inputElements } from "../../src/adapters/teams/render.js";
import { actionId, DETAIL_INPUTS, type Submission } from "../../src/core/cards/actions.js";
import type { Db } from "../../src/storage/db.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { blockActionsPayload, type SlackHarness, startSlackHarness, viewSubmissionPayload } from "./slack-harness.js";
import { type Seeded, seededReminderMessage, seedSlackPlan } from "./slack-seed.js";
import { type Harness, invokeActivity, startHarness } from "./teams.harness.js";

const NOW = new Date("2026-11-23T10:00:00Z"); // Monday, 10:00 in London

type Who = "kara" | "bob" | "stranger";
const SLACK_USERS: Record<Who, string> = { kara: "U0KARA", bob: "U0BOB", stranger: "U0NOBODY" };
const TEAMS_USERS: Record<Who, { id: string; aadObjectId: string; name: string }> = {
  kara: { id: "29:kara", aadObjectId: "aad-kara", name: "Kara Haskayne" },
  bob: { id: "29:bob", aadObjectId: "aad-bob", name: "Bob Jones" },
  stranger: { id: "29:nobody", aadObjectId: "aad-nobody", name: "Nobody" },
};

/** What a person saw and what was kept, platform-free. */
interface Outcome {
  shown: "card" | "form" | "refusal";
  /** the notification text of what was shown (Slack's escaped text unescaped); form: its inputs */
  text: string;
  /** act's result as stored with the interaction, ids and platform bookkeeping left out */
  result: Record<string, unknown>;
  /** the milestone afterwards, and its updates */
  effect: unknown;
}

interface Case {
  name: string;
  who: Who;
  /** "m1" / "m2" stand for the seeded milestones */
  submission: Omit<Submission, "milestoneId"> & { milestoneId: "m1" | "m2" };
}

const DETAIL = {
  [DETAIL_INPUTS.status]: "2",
  [DETAIL_INPUTS.percentComplete]: "40",
  [DETAIL_INPUTS.narrative]: "First sample of 40 files done.",
  [DETAIL_INPUTS.revisedDue]: "2027-02-26",
  [DETAIL_INPUTS.revisedReason]: "Two auditors on long-term leave",
};

const CASES: Case[] = [
  { name: "the owner answers with a status", who: "kara", submission: { kind: "status", milestoneId: "m1", value: "3" } },
  { name: "someone who owns nothing tries to answer", who: "bob", submission: { kind: "status", milestoneId: "m1", value: "1" } },
  { name: "someone ragtime does not know answers", who: "stranger", submission: { kind: "status", milestoneId: "m1", value: "1" } },
  { name: "the owner presses Edit", who: "kara", submission: { kind: "edit", milestoneId: "m1" } },
  { name: "the owner opens Add detail", who: "kara", submission: { kind: "detail", milestoneId: "m1" } },
  { name: "the owner saves the detail form", who: "kara", submission: { kind: "submit_detail", milestoneId: "m1", values: DETAIL } },
  { name: "someone else tries to snooze", who: "bob", submission: { kind: "snooze", milestoneId: "m2", value: "tomorrow" } },
  { name: "the owner snoozes until tomorrow", who: "kara", submission: { kind: "snooze", milestoneId: "m2", value: "tomorrow" } },
  { name: "the owner says Not mine", who: "kara", submission: { kind: "not_mine", milestoneId: "m2" } },
];

const unescapeSlack = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

function keptResult(json: string | null): Record<string, unknown> {
  const { status: _s, purpose: _p, statusUpdateId, ...rest } = JSON.parse(json ?? "{}") as Record<string, unknown>;
  return { ...rest, ...(statusUpdateId ? { statusUpdateId: "<id>" } : {}) };
}

/** The interaction stored since `seen` (every row is stamped by the same fixed clock, so not by time). */
async function newRow(db: Db, seen: Set<string>, where: Record<string, unknown> = {}) {
  const rows = await db.inboundEvent.findMany({ where });
  const fresh = rows.filter((r) => !seen.has(r.id));
  expect(fresh, "one new stored interaction").toHaveLength(1);
  return fresh[0] as (typeof rows)[number];
}

async function seenIds(db: Db): Promise<Set<string>> {
  return new Set((await db.inboundEvent.findMany({ select: { id: true } })).map((r) => r.id));
}

async function effectOn(db: Db, milestoneId: string) {
  const m = await db.milestone.findUniqueOrThrow({ where: { id: milestoneId } });
  const updates = await db.statusUpdate.findMany({ where: { milestoneId }, orderBy: { createdAt: "asc" } });
  return {
    status: m.status,
    statusLabel: m.statusLabel,
    percentComplete: m.percentComplete,
    revisedDue: m.revisedDue?.toISOString() ?? null,
    snoozedUntil: m.snoozedUntil?.toISOString() ?? null,
    updates: updates.map((u) => ({ status: u.status, label: u.statusLabel, narrative: u.narrative })),
    notMineNotices: await db.outboxMessage.count({ where: { dedupeKey: { startsWith: `not-mine|${milestoneId}|` } } }),
  };
}

// ---- Slack

let slackDb: TestDb;
let slack: SlackHarness;
let slackSeed: Seeded;
let lastModal: Record<string, unknown> | null = null;
let clicks = 0;

async function onSlack(c: Case): Promise<Outcome> {
  const mid = c.submission.milestoneId === "m1" ? slackSeed.milestoneId : slackSeed.secondMilestoneId;
  const user = SLACK_USERS[c.who];
  const before = { update: slack.fake.callsOf("chat.update").length, open: slack.fake.callsOf("views.open").length };
  const eph = slack.fake.callsOf("chat.postEphemeral").length;
  const seen = await seenIds(slackDb.db);
  clicks += 1;
  let res: Response;
  if (c.submission.kind === "submit_detail") {
    if (!lastModal) throw new Error("no modal open");
    const v = c.submission.values ?? {};
    res = await slack.interact(
      viewSubmissionPayload(lastModal, user, {
        status: { selected_option: { value: v.status } },
        percent_complete: { value: v.percent_complete },
        narrative: { value: v.narrative },
        revised_due: { selected_date: v.revised_due },
        revised_reason: { value: v.revised_reason },
      }),
    );
  } else {
    const { message } = seededReminderMessage(slackSeed);
    const id = actionId({ ...c.submission, milestoneId: mid, value: c.submission.kind === "snooze" ? undefined : c.submission.value });
    const element =
      c.submission.kind === "snooze"
        ? { type: "static_select", action_id: id, options: [{ text: { type: "plain_text", text: "x" }, value: c.submission.value }] }
        : { type: "button", action_id: id, text: { type: "plain_text", text: "x" }, value: c.submission.value ?? c.submission.kind };
    res = await slack.interact(
      blockActionsPayload({
        user,
        channel: "D0KARA",
        message,
        blockId: `a|${mid}|${clicks}|0`,
        element,
        actionTs: `1795001${String(clicks).padStart(3, "0")}.000100`,
        ...(c.submission.kind === "snooze" ? { selectedValue: c.submission.value } : {}),
      }),
    );
  }
  expect(res.status).toBe(200);
  await slack.surface.idle();
  const row = await newRow(slackDb.db, seen);
  expect(row.processedAt).not.toBeNull();
  const effect = await effectOn(slackDb.db, mid);
  const result = keptResult(row.resultJson);
  const opened = slack.fake.callsOf("views.open").slice(before.open);
  if (opened.length) {
    const view = opened[0]?.args.view as Record<string, unknown>;
    lastModal = { ...view, id: `V${clicks}`, hash: `h${clicks}` };
    const inputs = (view.blocks as Record<string, unknown>[]).filter((b) => b.type === "input").map((b) => String(b.block_id));
    return { shown: "form", text: inputs.join(","), result, effect };
  }
  const ephemeral = slack.fake.callsOf("chat.postEphemeral").slice(eph);
  if (ephemeral.length) return { shown: "refusal", text: unescapeSlack(String(ephemeral[0]?.args.text)), result, effect };
  const updated = slack.fake.callsOf("chat.update").slice(before.update);
  expect(updated.length, `${c.name}: Slack showed something`).toBeGreaterThan(0);
  return { shown: "card", text: unescapeSlack(String(updated.at(-1)?.args.text)), result, effect };
}

// ---- Teams

let teams: Harness;
let teamsSeed: Seeded;

async function onTeams(c: Case): Promise<Outcome> {
  const mid = c.submission.milestoneId === "m1" ? teamsSeed.milestoneId : teamsSeed.secondMilestoneId;
  const verb = actionId({ ...c.submission, milestoneId: mid });
  const seen = await seenIds(teams.t.db);
  const res = await teams.post(
    invokeActivity(teams, TEAMS_USERS[c.who], "a:1kara-chat", "reminder-1", { verb, data: { rt: verb, ...(c.submission.values ?? {}) } }),
  );
  expect(res.status).toBe(200);
  const card = (res.body as { value: AcElement }).value;
  const row = await newRow(teams.t.db, seen, { kind: "card.action" });
  const result = keptResult(row.resultJson);
  const effect = await effectOn(teams.t.db, mid);
  const inputs = inputElements(card).map((i) => String(i.id));
  if (inputs.length) return { shown: "form", text: inputs.join(","), result, effect };
  return { shown: "refused" in result ? "refusal" : "card", text: String(card.fallbackText), result, effect };
}

beforeAll(async () => {
  slackDb = await createSqliteTestDb();
  slackSeed = await seedSlackPlan(slackDb.db);
  slack = await startSlackHarness(slackDb.db, { now: () => NOW });
  // the reminder DM as the bot posted it (chat.update replaces items in it)
  const { message } = seededReminderMessage(slackSeed);
  slack.fake.messages.push({ channel: "D0KARA", ts: message.ts, text: message.text, blocks: message.blocks, user: "UBOT0001" });
  teams = await startHarness(NOW);
  teamsSeed = await seedSlackPlan(teams.t.db);
  await teams.t.db.person.update({ where: { id: teamsSeed.kara }, data: { teamsUserId: "aad-kara" } });
  await teams.t.db.person.update({ where: { id: teamsSeed.bob }, data: { teamsUserId: "aad-bob" } });
});

afterAll(async () => {
  await slack?.close();
  await slackDb?.cleanup();
  await teams?.close();
});

const seen: Outcome[] = [];

describe("handler contract: the same Submission through the Slack and the Teams adapter has the same outcome", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const s = await onSlack(c);
      const t = await onTeams(c);
      // the refusal for a stranger names the platform's own account flag; everything else is word for word
      const platformFree = (o: Outcome) => ({ ...o, text: o.text.replace(/(Slack|Teams) account \(.*\)/, "<account> account") });
      expect(platformFree(t)).toEqual(platformFree(s));
      seen.push(s);
    });
  }

  it("the cases covered every kind of submission and every kind of answer: a card, a form and a refusal", () => {
    expect(new Set(CASES.map((c) => c.submission.kind))).toEqual(
      new Set(["status", "edit", "detail", "submit_detail", "snooze", "not_mine"]),
    );
    expect(new Set(seen.map((o) => o.shown))).toEqual(new Set(["card", "form", "refusal"]));
    // and they changed something: two updates recorded, a snooze, a not-mine notice
    expect(seen.map((o) => JSON.stringify(o.effect)).join()).toMatch(/snoozedUntil":"2026-11-24T09:00:00.000Z/);
  });
});

// The digest's missing-updates list @mentions only people who opted in (`ragtime people set "<name>"
// --mentions on`); everyone else is named. Real Thurrock import, real SQLite, the stored snapshot and the
// queued outbox cards rendered through both the Slack and the Teams renderer.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMessage } from "../../src/adapters/slack/render.js";
import { renderAdaptiveCard } from "../../src/adapters/teams/render.js";
import { type Card, cardToText, mentionMarker } from "../../src/core/cards/model.js";
import { addBoard } from "../../src/services/boards.js";
import { parseSnapshot, postDigest } from "../../src/services/digest.js";
import { importPlan } from "../../src/services/importPlan.js";
import { setPerson } from "../../src/services/people.js";
import { setPlanLive } from "../../src/storage/plans.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { runCli } from "./cli.helper.js";

const FIX = join(import.meta.dirname, "../../../shared/fixtures/plans");
const TEAMS_A = "0b7a4c1e-2f55-4a8e-9d0c-3c1f5e6a7b80";
const TEAMS_C = "5d2e9f10-8b3c-4e7a-a1f2-6c9d0e1b2a34";

let t: TestDb;
let boardId: string;
/** A: opted in, Slack + Teams ids. B: Slack id, not opted in. C: opted in, Teams id only. */
const who: Record<"a" | "b" | "c", { id: string; name: string }> = {} as never;

beforeAll(async () => {
  t = await createSqliteTestDb();
  await importPlan(t.db, { file: join(FIX, "thurrock-development-plan.csv"), planKey: "thurrock", now: new Date("2017-10-01T09:00:00Z") });
  // imported plans are drafts; digests are posted only for live plans
  await setPlanLive(t.db, "thurrock", new Date("2017-10-01T09:00:00Z"));
  boardId = (
    await addBoard(
      t.db,
      {
        name: "Thurrock Improvement Board",
        planKey: "thurrock",
        slackChannel: "C0MENTBRD1",
        teamsConversation: "19:mentions@thread.tacv2",
      },
      new Date("2017-10-01T09:00:00Z"),
    )
  ).id;
  // three open milestones with three different single owners, each sent a cycle reminder they did not answer
  const ms = await t.db.milestone.findMany({
    where: { status: { not: "complete" } },
    include: { owners: { include: { person: true } } },
    orderBy: { id: "asc" },
  });
  const picked: { milestoneId: string; person: { id: string; name: string } }[] = [];
  for (const m of ms) {
    if (m.owners.length !== 1) continue;
    const p = m.owners[0]!.person;
    if (picked.some((x) => x.person.id === p.id)) continue;
    picked.push({ milestoneId: m.id, person: { id: p.id, name: p.name } });
    if (picked.length === 3) break;
  }
  expect(picked).toHaveLength(3);
  [who.a, who.b, who.c] = picked.map((x) => x.person) as [never, never, never];
  const plan = await t.db.plan.findFirstOrThrow({ where: { key: "thurrock" } });
  for (const [i, x] of picked.entries())
    await t.db.reminder.create({
      data: {
        dedupeKey: `cycle:mentions:${i}`,
        kind: "cycle",
        planId: plan.id,
        recipientId: x.person.id,
        milestoneIds: JSON.stringify([x.milestoneId]),
        plannedFor: new Date("2018-01-10T09:00:00Z"),
      },
    });
  // A through the real CLI command; B and C through the same service it calls
  const cli = await runCli(["people", "set", who.a.name, "--slack", "U0MENTIONA", "--teams", TEAMS_A, "--mentions", "on"], t.url);
  expect(cli.stderr).toBe("");
  expect(cli.code).toBe(0);
  await setPerson(t.db, who.b.name, { slackUserId: "U0NOOPTINB" });
  await setPerson(t.db, who.c.name, { teamsUserId: TEAMS_C, mentionOptIn: true });
});

afterAll(async () => {
  await t.cleanup();
});

/** every string a person could read on Slack / Teams for this card and its thread */
function slackJson(card: Card): string {
  return JSON.stringify([card, ...(card.thread ?? [])].map((c) => renderMessage(c)));
}

describe("digest missing-updates list and @mentions", () => {
  it("marks opted-in people for mention, names everyone else, and each platform renders its own mention", async () => {
    const r = await postDigest(t.db, boardId, new Date("2018-01-15T00:00:00Z"), new Date("2018-01-15T09:00:00Z"), {
      slack: true,
      teams: true,
    });
    const noAnswer = r.model.missing.filter((m) => m.reason === "no_answer");
    expect(noAnswer.map((m) => m.personId).sort()).toEqual([who.a.id, who.b.id, who.c.id].sort());
    const byId = Object.fromEntries(noAnswer.map((m) => [m.personId, m]));
    expect(byId[who.a.id]!.mention).toEqual({ slackUserId: "U0MENTIONA", teamsUserId: TEAMS_A });
    expect(byId[who.b.id]).not.toHaveProperty("mention");
    expect(byId[who.c.id]!.mention).toEqual({ slackUserId: null, teamsUserId: TEAMS_C });
    // nobody in the "no chat account" list can be mentioned
    expect(r.model.missing.filter((m) => m.reason === "no_chat").every((m) => m.mention === undefined)).toBe(true);

    // the stored card (as presented): markers for A and C, B by name
    const snap = parseSnapshot((await t.db.digest.findUniqueOrThrow({ where: { id: r.digestId } })).snapshotJson)!;
    const blocks = JSON.stringify(snap.card.blocks);
    expect(blocks).toContain(`• ${mentionMarker(who.a.id)} — asked on 10 Jan 2018, 1 item not updated`);
    expect(blocks).toContain(`• ${mentionMarker(who.c.id)} — asked on 10 Jan 2018, 1 item not updated`);
    expect(blocks).toContain(`• ${who.b.name} — asked on 10 Jan 2018, 1 item not updated`);
    expect(blocks).not.toContain(mentionMarker(who.b.id));
    expect(Object.keys(snap.card.mentions ?? {}).sort()).toEqual([who.a.id, who.c.id].sort());
    // the plain text kept with the snapshot (and printed by the log messenger) names everyone
    expect(snap.text).not.toContain("@[");
    expect(snap.text).toContain(`• ${who.a.name} — asked on 10 Jan 2018`);
    expect(cardToText(snap.card)).toBe(snap.text);

    // the cards queued for each platform carry the mentions; rendered, no marker reaches anyone
    const rows = await t.db.outboxMessage.findMany({ where: { id: { in: r.outboxIds } } });
    const slackCard = JSON.parse(rows.find((x) => x.platform === "slack")!.payloadJson) as Card;
    const teamsCard = JSON.parse(rows.find((x) => x.platform === "teams")!.payloadJson) as Card;
    expect(slackCard.mentions).toEqual(snap.card.mentions);

    const slack = slackJson(slackCard);
    expect(slack).not.toContain("@[");
    expect(slack).toContain("• <@U0MENTIONA> — asked on 10 Jan 2018");
    expect(slack).toContain(`• ${who.b.name} — asked on 10 Jan 2018`); // has a Slack id, did not opt in
    expect(slack).toContain(`• ${who.c.name} — asked on 10 Jan 2018`); // opted in, no Slack id
    expect(slack).not.toContain("U0NOOPTINB");
    expect(slack.match(/<@/g)).toHaveLength(1);

    const ac = renderAdaptiveCard(teamsCard);
    const teams = JSON.stringify(ac);
    expect(teams).not.toContain("@[");
    expect(teams).toContain(`• <at>${who.a.name}</at> — asked on 10 Jan 2018`);
    expect(teams).toContain(`• <at>${who.c.name}</at> — asked on 10 Jan 2018`);
    expect(teams).toContain(`• ${who.b.name} — asked on 10 Jan 2018`);
    expect(ac.msteams?.entities).toEqual(
      expect.arrayContaining([
        { type: "mention", text: `<at>${who.a.name}</at>`, mentioned: { id: TEAMS_A, name: who.a.name } },
        { type: "mention", text: `<at>${who.c.name}</at>`, mentioned: { id: TEAMS_C, name: who.c.name } },
      ]),
    );
    expect(ac.msteams?.entities).toHaveLength(2);
    expect(ac.fallbackText).toBe(renderMessage(slackCard).text);
  });

  it("turning mentions off puts the name back in the next digest", async () => {
    const off = await runCli(["people", "set", who.a.name, "--mentions", "off"], t.url);
    expect(off.code).toBe(0);
    // asked again after the last digest, still no answer
    for (const [i, r] of (await t.db.reminder.findMany({ where: { dedupeKey: { startsWith: "cycle:mentions:" } } })).entries())
      await t.db.reminder.create({
        data: { ...r, id: undefined, dedupeKey: `cycle:mentions:again:${i}`, plannedFor: new Date("2018-01-16T08:00:00Z") },
      });
    const r = await postDigest(t.db, boardId, new Date("2018-01-16T00:00:00Z"), new Date("2018-01-16T09:00:00Z"), {
      slack: true,
      teams: false,
    });
    const a = r.model.missing.find((m) => m.personId === who.a.id && m.reason === "no_answer");
    expect(a).toBeDefined();
    expect(a).not.toHaveProperty("mention");
    expect(Object.keys(r.card.mentions ?? {})).toEqual([who.c.id]);
    const slack = slackJson(r.card);
    expect(slack).not.toContain("<@U0MENTIONA>");
    expect(slack).toContain(`• ${who.a.name} — asked on 16 Jan 2018`);
    expect(slack).toContain(`• ${who.b.name} — asked on 16 Jan 2018`);
  });
});

// Questions and the board digest in Teams, on the real Thurrock plan export, with authentication ON.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { teamsParts } from "../../src/adapters/teams/fit.js";
import type { AcElement } from "../../src/adapters/teams/render.js";
import { startOutboxWorker } from "../../src/delivery/worker.js";
import { createLogger } from "../../src/logger.js";
import { answerQuestion } from "../../src/services/answer.js";
import { postDigest } from "../../src/services/digest.js";
import { importPlan } from "../../src/services/importPlan.js";
import { setPlanLive } from "../../src/storage/plans.js";
import { APP_ID, type Harness, messageActivityIn, startHarness } from "./teams.harness.js";

const FIXTURES = join(import.meta.dirname, "../../../shared/fixtures/plans");
const NOW = new Date("2018-06-04T09:30:00Z");
const PERF = { id: "29:perf-pairwise", aadObjectId: "aad-perf", name: "Pat Performance" };
const STRANGER = { id: "29:stranger", aadObjectId: "aad-stranger", name: "Sam Stranger" };
const CHAT = "a:1perf-chat";
const CHANNEL = "19:thurrock-board@thread.tacv2";
const PUBLIC = "https://ragtime.council.example";

let h: Harness;
let personId = "";
let boardId = "";

function cardsSentTo(conversationId: string): { conversationId: string; card: AcElement }[] {
  return h.connector.to(conversationId).map((s) => ({
    conversationId: s.conversationId,
    card: (s.activity.attachments as { content: AcElement }[])[0]?.content as AcElement,
  }));
}

beforeAll(async () => {
  h = await startHarness(NOW, { TEAMS_PUBLIC_URL: PUBLIC });
  const report = await importPlan(h.t.db, { file: join(FIXTURES, "thurrock-development-plan.csv"), planKey: "thurrock", now: NOW });
  // imported plans are drafts; digests are posted only for live plans
  await setPlanLive(h.t.db, "thurrock", NOW);
  expect(report.written).toBe(true);
  const plan = await h.t.db.plan.findUniqueOrThrow({ where: { key: "thurrock" } });
  const p = await h.t.db.person.create({ data: { name: "Pat Performance", normName: "pat performance", teamsUserId: "aad-perf" } });
  personId = p.id;
  await h.t.db.planAdmin.create({ data: { planId: plan.id, personId } });
  await h.t.db.conversationRef.create({
    data: { conversationId: CHAT, kind: "personal", serviceUrl: h.connector.serviceUrl, personId, aadObjectId: "aad-perf" },
  });
  const board = await h.t.db.board.create({
    data: { name: "Thurrock Improvement Board", planId: plan.id, teamsConversationId: CHANNEL, chairId: personId },
  });
  boardId = board.id;
});
afterAll(async () => h?.close());

describe("Teams questions", () => {
  it('a 1:1 message "what is overdue in priority 3" gets the answer for the asker\'s plans', async () => {
    const expected = await answerQuestion(h.t.db, "what is overdue in priority 3", { personId }, NOW);
    expect(expected.understood).toBe(true);
    expect(expected.total).toBeGreaterThan(0);
    const res = await h.post(messageActivityIn(h, PERF, { id: CHAT, conversationType: "personal" }, "what is overdue in priority 3"));
    expect(res.status).toBe(200);
    const [reply] = cardsSentTo(CHAT);
    expect(reply).toBeDefined();
    const text = JSON.stringify(reply?.card);
    expect(reply?.card.fallbackText).toBe(expected.card.fallback);
    for (const item of expected.items.slice(0, 3)) expect(text).toContain(JSON.stringify(item.milestone).slice(1, 30));
  });

  it("someone with no plans gets told so, not another plan's data", async () => {
    const conv = "a:1stranger";
    await h.post(messageActivityIn(h, STRANGER, { id: conv, conversationType: "personal" }, "what is overdue in priority 3"));
    const [reply] = cardsSentTo(conv);
    expect(JSON.stringify(reply?.card)).toContain("don't have access to any plan");
  });

  it("help lists examples", async () => {
    const conv = "a:1perf-help";
    await h.post(messageActivityIn(h, PERF, { id: conv, conversationType: "personal" }, "help"));
    const [reply] = cardsSentTo(conv);
    expect(JSON.stringify(reply?.card)).toContain("what is overdue in priority 3");
  });

  it("an @mention in a channel is answered in that channel's thread", async () => {
    const thread = `${CHANNEL};messageid=1717000000000`;
    const res = await h.post(
      messageActivityIn(h, PERF, { id: thread, conversationType: "channel" }, "what is overdue in priority 3", true),
    );
    expect(res.status).toBe(200);
    const replies = h.connector.sent.filter((s) => s.conversationId === thread);
    expect(replies).toHaveLength(1);
    expect(JSON.stringify(replies[0]?.activity)).toContain("overdue");
  });
});

describe("Teams board digest", () => {
  it("a digest posts to the board's channel with the chart, details in the thread", async () => {
    // the app is added to the board's team: reference stored and linked to the board
    const install = await h.post({
      ...messageActivityIn(h, PERF, { id: CHANNEL, conversationType: "channel" }, ""),
      type: "conversationUpdate",
      text: undefined,
      membersAdded: [{ id: `28:${APP_ID}` }],
    });
    expect(install.status).toBe(200);
    expect((await h.t.db.conversationRef.findUniqueOrThrow({ where: { conversationId: CHANNEL } })).boardId).toBe(boardId);

    const before = h.connector.to(CHANNEL).length;
    const posted = await postDigest(h.t.db, boardId, new Date("2018-06-04T00:00:00Z"), NOW, { slack: false, teams: true });
    expect(posted.outboxIds).toHaveLength(1);
    // postDigest queues the row for its own now, so the worker runs on the same clock
    const worker = startOutboxWorker({
      db: h.t.db,
      messengers: { teams: h.surface.messenger },
      log: createLogger("silent"),
      poll: false,
      now: () => NOW,
    });
    const r = await worker.drainOnce();
    await worker.stop();
    const row = await h.t.db.outboxMessage.findUniqueOrThrow({ where: { id: posted.outboxIds[0] } });
    expect([r, row.state, row.lastError]).toEqual([expect.objectContaining({ sent: 1 }), "sent", null]);
    const sent = h.connector.to(CHANNEL).slice(before);
    const root = sent[0];
    expect(root?.conversationId).toBe(CHANNEL);
    const card = (root?.activity.attachments as { content: AcElement }[] | undefined)?.[0]?.content as AcElement;
    const image = (card.body as AcElement[]).find((e) => e.type === "Image") as { url: string } | undefined;
    // the chart is served by ragtime itself (a data URL would break Teams' ~28 KB message limit)
    expect(image?.url.startsWith(`${PUBLIC}/teams/images/`)).toBe(true);
    expect(JSON.stringify(root?.activity).length).toBeLessThan(28 * 1024);
    const path = (image?.url ?? "").slice(PUBLIC.length);
    const png = await fetch(`${h.base}${path}`);
    expect(png.status).toBe(200);
    expect(png.headers.get("content-type")).toBe("image/png");
    const bytes = Buffer.from(await png.arrayBuffer());
    expect(bytes.subarray(1, 4).toString("ascii")).toBe("PNG");
    const chart = (JSON.parse((await h.t.db.outboxMessage.findUniqueOrThrow({ where: { id: posted.outboxIds[0] } })).payloadJson)
      .attachments ?? [])[0];
    expect(bytes.equals(Buffer.from(chart.base64, "base64"))).toBe(true);
    // a tampered signature gets nothing
    expect((await fetch(`${h.base}${path.replace(/sig=.{4}/, "sig=AAAA")}`)).status).toBe(404);
    expect(JSON.stringify(card)).toContain("Thurrock Improvement Board");
    // the full lists follow as replies in the root post's thread
    const outbox = await h.t.db.outboxMessage.findUniqueOrThrow({ where: { id: posted.outboxIds[0] } });
    // (a thread card too big for one Teams message goes out as several: adapters/teams/fit.ts)
    const stored = JSON.parse(outbox.payloadJson);
    expect(sent.slice(1).length).toBeGreaterThanOrEqual((stored.thread ?? []).length);
    expect(sent.slice(1)).toHaveLength(teamsParts(stored).length - 1);
    for (const s of sent) expect(JSON.stringify(s.activity).length).toBeLessThan(28 * 1024);
    for (const s of sent.slice(1)) expect(s.conversationId).toBe(`${CHANNEL};messageid=${root?.id}`);
  });

  it('"digest" in the board channel shows the latest digest as presented', async () => {
    const thread = `${CHANNEL};messageid=1717000000999`;
    await h.post(messageActivityIn(h, PERF, { id: thread, conversationType: "channel" }, "digest", true));
    const reply = h.connector.sent.filter((s) => s.conversationId === thread).at(-1);
    expect(JSON.stringify(reply?.activity)).toContain("Thurrock Improvement Board");
  });
});

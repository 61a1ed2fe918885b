// TeamsMessenger against the fake Bot Connector: stored service URL, channel threads, inline chart image,
// and the outbox's retry rules (429 + Retry-After, 5xx retryable, 4xx permanent).
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEAMS_CARD_LIMIT as TEAMS_MESSAGE_LIMIT } from "../../src/adapters/teams/fit.js";
import { TeamsMessenger } from "../../src/adapters/teams/messenger.js";
import { type AcElement, renderAdaptiveCard } from "../../src/adapters/teams/render.js";
import type { Card } from "../../src/core/cards/model.js";
import { PermanentSendError, RateLimitedError } from "../../src/delivery/messenger.js";
import { addBoard } from "../../src/services/boards.js";
import { postDigest } from "../../src/services/digest.js";
import { importPlan } from "../../src/services/importPlan.js";
import { reminderMessageCard, runReminderTick } from "../../src/services/reminders.js";
import { setPlanLive } from "../../src/storage/plans.js";
import { seedPeople, seedPlan } from "./reminders.seed.js";
import { type Harness, startHarness } from "./teams.harness.js";

const NOW = new Date("2018-01-29T09:00:00Z");
const FIX = join(import.meta.dirname, "../../../shared/fixtures/plans");
const CHANNEL = "19:qib-channel@thread.tacv2";
// 1x1 transparent PNG
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

let h: Harness;

const digest: Card = {
  purpose: "digest",
  title: "Improvement Board digest — 29 Jan 2018",
  fallback: "Improvement Board digest — 29 Jan 2018\n3 overdue, 2 slipped",
  blocks: [
    { type: "text", text: "3 milestones overdue; 2 slipped since last week." },
    { type: "image", attachment: "chart", alt: "RAG by priority", title: "RAG by priority" },
    { type: "table", columns: ["Priority", "Red", "Amber", "Green"], rows: [["Priority 3", "1", "2", "4"]] },
  ],
  attachments: [{ key: "chart", filename: "chart.png", mimeType: "image/png", base64: PNG }],
  thread: [
    {
      purpose: "digest_detail",
      title: "Overdue",
      fallback: "Overdue\n3.1 Permanence tracker live",
      blocks: [{ type: "text", text: "3.1 Permanence tracker live" }],
    },
    {
      purpose: "digest_detail",
      title: "Slipped",
      fallback: "Slipped\n6.5 Legal gateway",
      blocks: [{ type: "text", text: "6.5 Legal gateway" }],
    },
  ],
};

beforeAll(async () => {
  h = await startHarness(NOW);
  await h.t.db.conversationRef.create({
    data: { conversationId: CHANNEL, kind: "channel", serviceUrl: h.connector.serviceUrl, tenantId: "t" },
  });
});
afterAll(async () => h?.close());

describe("TeamsMessenger", () => {
  it("posts a digest to a channel with the chart inline and the details as thread replies", async () => {
    const res = await h.surface.messenger.send({
      id: "ob-1",
      dedupeKey: "digest:b1",
      recipient: { boardId: "b1", teamsConversationId: CHANNEL },
      card: digest,
    });
    const sent = h.connector.to(CHANNEL);
    expect(sent).toHaveLength(3);
    const root = sent[0];
    expect(res.platformRef).toBe(`${CHANNEL}:${root?.id}`);
    const card = (root?.activity.attachments as { content: AcElement }[] | undefined)?.[0]?.content as AcElement;
    const image = (card.body as AcElement[]).find((e) => e.type === "Image");
    expect(image).toMatchObject({ url: `data:image/png;base64,${PNG}`, altText: "RAG by priority" });
    expect((card.body as AcElement[]).some((e) => e.type === "Table")).toBe(true);
    // details go into the root post's thread
    expect(sent[1]?.conversationId).toBe(`${CHANNEL};messageid=${root?.id}`);
    expect(sent[2]?.conversationId).toBe(`${CHANNEL};messageid=${root?.id}`);
    expect(JSON.stringify(sent[1]?.activity)).toContain("Permanence tracker live");
  });

  it("uses the stored reference's service URL, not the app-level one", async () => {
    await h.t.db.conversationRef.create({
      data: { conversationId: "a:1elsewhere", kind: "personal", serviceUrl: h.connector.serviceUrl, tenantId: "t" },
    });
    // app-level service URL points at a closed port: only the stored reference can reach the connector
    const messenger = new TeamsMessenger({
      db: h.t.db,
      http: () => h.surface.app.api.http as never,
      defaultServiceUrl: "http://127.0.0.1:9/nowhere",
    });
    const before = h.connector.sent.length;
    await messenger.send({
      id: "ob-2",
      dedupeKey: "n:2",
      recipient: { teamsConversationId: "a:1elsewhere" },
      card: { purpose: "notice", title: "Hello", fallback: "Hello", blocks: [] },
    });
    expect(h.connector.sent.length).toBe(before + 1);
    expect(h.connector.sent.at(-1)?.conversationId).toBe("a:1elsewhere");
    // a channel whose own reference was never captured (another channel of the board's team) uses the
    // tenant's stored service URL, not the app-level one
    await messenger.send({
      id: "ob-2b",
      dedupeKey: "n:2b",
      recipient: { teamsConversationId: "19:other-channel@thread.tacv2" },
      card: digest,
    });
    expect(h.connector.to("19:other-channel@thread.tacv2")).toHaveLength(3);
  });

  it("without TEAMS_PUBLIC_URL an image too big for a Teams message is replaced by its description", async () => {
    const big = Buffer.alloc(30 * 1024, 7).toString("base64");
    const card: Card = { ...digest, attachments: [{ key: "chart", filename: "c.png", mimeType: "image/png", base64: big }], thread: [] };
    const before = h.connector.to(CHANNEL).length;
    await h.surface.messenger.send({ id: "ob-big", dedupeKey: "n:big", recipient: { teamsConversationId: CHANNEL }, card });
    const sent = h.connector.to(CHANNEL).slice(before);
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0]?.activity).length).toBeLessThan(28 * 1024);
    expect(JSON.stringify(sent[0]?.activity)).toContain("Chart: RAG by priority (too large to include in a Teams message)");
    expect(JSON.stringify(sent[0]?.activity)).not.toContain("data:image/png");
  });

  it("a real digest (Thurrock, 8 priorities) keeps its chart inline in the root message, under Teams' size limit", async () => {
    await importPlan(h.t.db, { file: join(FIX, "thurrock-development-plan.csv"), planKey: "thurrock-teams", now: NOW });
    // imported plans are drafts; digests are posted only for live plans
    await setPlanLive(h.t.db, "thurrock-teams", NOW);
    const board = await addBoard(h.t.db, { name: "Thurrock board (Teams)", planKey: "thurrock-teams", teamsConversation: CHANNEL }, NOW);
    const posted = await postDigest(h.t.db, board.id, new Date("2018-01-29T00:00:00Z"), NOW, { slack: false, teams: true });
    const whole = JSON.stringify(renderAdaptiveCard(posted.card)).length;
    expect(whole).toBeGreaterThan(TEAMS_MESSAGE_LIMIT); // the whole digest with its chart would not fit one message
    const before = h.connector.to(CHANNEL).length;
    await h.surface.messenger.send({
      id: "ob-real",
      dedupeKey: "digest:real",
      recipient: { teamsConversationId: CHANNEL },
      card: posted.card,
    });
    const sent = h.connector.to(CHANNEL).slice(before);
    const sizes = sent.map((x) => JSON.stringify(x.activity).length);
    console.log(`Teams digest activity sizes (bytes): whole card ${whole}; sent ${sizes.join(", ")}`);
    const root = ((sent[0]?.activity.attachments ?? []) as { content: AcElement }[])[0]?.content as AcElement;
    const body = root.body as AcElement[];
    expect(body.find((e) => e.type === "Image")).toMatchObject({ url: expect.stringMatching(/^data:image\/png;base64,/) });
    expect(JSON.stringify(body[0])).toContain("Thurrock board (Teams)");
    expect(JSON.stringify(body)).toContain("Priority 8");
    for (const n of sizes) expect(n).toBeLessThan(TEAMS_MESSAGE_LIMIT);
    // the rest of the digest opens the thread, exceptions first
    expect(JSON.stringify(sent[1]?.activity)).toContain("Exceptions (");
    expect(sent[1]?.conversationId).toBe(`${CHANNEL};messageid=${sent[0]?.id}`);
  });

  it("a 429 on a thread reply is waited out in place: the root is posted once, every reply arrives", async () => {
    const before = h.connector.to(CHANNEL).length;
    h.connector.failNext = { status: 429, count: 1, retryAfter: "0", after: 1 };
    await h.surface.messenger.send({ id: "ob-th", dedupeKey: "n:th", recipient: { teamsConversationId: CHANNEL }, card: digest });
    const sent = h.connector.to(CHANNEL).slice(before);
    expect(sent.map((s) => s.conversationId === CHANNEL)).toEqual([true, false, false]);
    expect(h.connector.failNext).toBeNull();
  });

  it("a planned reminder's actors (owner, deputy, lead) become the card's refresh.userIds", async () => {
    const ids = await seedPeople(h.t.db, [
      { name: "Rhea Owner", deputy: "Sam Deputy" },
      { name: "Sam Deputy" },
      { name: "Lee Lead" },
      { name: "Una Other" },
    ]);
    for (const [name, aad] of [
      ["Rhea Owner", "aad-rhea"],
      ["Sam Deputy", "aad-sam"],
      ["Lee Lead", "aad-lee"],
      ["Una Other", "aad-una"],
    ] as const)
      await h.t.db.person.update({ where: { id: ids[name] }, data: { teamsUserId: aad } });
    await seedPlan(h.t.db, ids, {
      key: "act",
      milestones: [{ ref: "9.1", title: "Actors", due: "2018-01-29", owners: ["Rhea Owner"], leads: ["Lee Lead"] }],
    });
    const tick = await runReminderTick(h.t.db, new Date("2018-01-29T10:00:00Z"), {
      enabled: { slack: false, teams: true },
      planKey: "act",
      dryRun: true,
    });
    expect(tick.planned).toHaveLength(1);
    const card = reminderMessageCard(tick.planned[0] as (typeof tick.planned)[number]);
    const before = h.connector.to(CHANNEL).length;
    await h.surface.messenger.send({
      id: "ob-act",
      dedupeKey: "n:act",
      recipient: { personId: ids["Rhea Owner"], teamsConversationId: CHANNEL },
      card,
    });
    const root = h.connector.to(CHANNEL).slice(before)[0];
    const ac = (root?.activity.attachments as { content: AcElement }[] | undefined)?.[0]?.content as AcElement;
    const userIds = (ac.refresh as { userIds: string[] }).userIds;
    expect([...userIds].sort()).toEqual(["8:orgid:aad-lee", "8:orgid:aad-rhea", "8:orgid:aad-sam"]);
  });

  it("429 becomes RateLimitedError with the Retry-After delay", async () => {
    h.connector.failNext = { status: 429, count: 1, retryAfter: "7" };
    const err = await h.surface.messenger
      .send({ id: "ob-3", dedupeKey: "n:3", recipient: { teamsConversationId: CHANNEL }, card: digest })
      .catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBe(7000);
  });

  it("5xx is retryable (plain error), 403/404 are permanent", async () => {
    h.connector.failNext = { status: 503, count: 1 };
    const e5 = await h.surface.messenger
      .send({ id: "ob-4", dedupeKey: "n:4", recipient: { teamsConversationId: CHANNEL }, card: digest })
      .catch((e) => e);
    expect(e5).toBeInstanceOf(Error);
    expect(e5).not.toBeInstanceOf(PermanentSendError);
    expect(e5).not.toBeInstanceOf(RateLimitedError);
    expect(String(e5.message)).toContain("503");
    h.connector.failNext = { status: 403, count: 1 };
    const e4 = await h.surface.messenger
      .send({ id: "ob-5", dedupeKey: "n:5", recipient: { teamsConversationId: CHANNEL }, card: digest })
      .catch((e) => e);
    expect(e4).toBeInstanceOf(PermanentSendError);
  });

  it("a recipient without a Teams conversation is a permanent failure", async () => {
    await expect(
      h.surface.messenger.send({ id: "ob-6", dedupeKey: "n:6", recipient: { personId: "p" }, card: digest }),
    ).rejects.toBeInstanceOf(PermanentSendError);
  });
});

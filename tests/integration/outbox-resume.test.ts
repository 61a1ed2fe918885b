// A multi-part message (root summary + chart upload + thread replies) whose later part fails is retried by
// the outbox worker from its stored progress: the root is posted once and every part once. Real worker,
// real SQLite, real Slack WebClient / Teams SDK; fake Slack API and Bot Connector at the network edge.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutboxClient, SlackMessenger } from "../../src/adapters/slack/messenger.js";
import type { Card } from "../../src/core/cards/model.js";
import { enqueueMessage } from "../../src/delivery/outbox.js";
import { startOutboxWorker } from "../../src/delivery/worker.js";
import { createLogger } from "../../src/logger.js";
import { FakeSlackApi } from "../fakes/slack-api.js";
import { createPostgresTestDb, createSqliteTestDb, TEST_POSTGRES_URL, type TestDb } from "../helpers/db.js";
import { type Harness, startHarness } from "./teams.harness.js";

const log = createLogger("silent");
const START = new Date("2018-01-29T09:00:00Z");
// 1x1 transparent PNG
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

const detail = (title: string, line: string): Card => ({
  purpose: "digest_detail",
  title,
  fallback: `${title}\n${line}`,
  blocks: [{ type: "text", text: line }],
});

function digest(withChart: boolean): Card {
  return {
    purpose: "digest",
    title: "Improvement Board digest — 29 Jan 2018",
    fallback: "Improvement Board digest — 29 Jan 2018\n3 overdue, 2 slipped",
    blocks: [
      { type: "text", text: "3 milestones overdue; 2 slipped since last week." },
      ...(withChart ? [{ type: "image" as const, attachment: "chart", alt: "RAG by priority" }] : []),
    ],
    ...(withChart ? { attachments: [{ key: "chart", filename: "chart.png", mimeType: "image/png" as const, base64: PNG }] } : {}),
    thread: [detail("Overdue", "3.1 Permanence tracker live"), detail("Slipped", "6.5 Legal gateway")],
  };
}

// SQLite always; PostgreSQL too when TEST_POSTGRES_URL is set (its claim is one raw UPDATE ... RETURNING)
const databases: [string, () => Promise<TestDb>][] = [
  ["SQLite", createSqliteTestDb],
  ...(TEST_POSTGRES_URL ? [["PostgreSQL", createPostgresTestDb] as [string, () => Promise<TestDb>]] : []),
];

describe.each(databases)("outbox resume on Slack (%s)", (_name, createDb) => {
  let t: TestDb;
  let fake: FakeSlackApi;
  beforeAll(async () => {
    t = await createDb();
    fake = await new FakeSlackApi().start();
  });
  afterAll(async () => {
    await fake.stop();
    await t.cleanup();
  });

  it("a 429 on the first thread reply: one root post, the chart once, each reply once", async () => {
    await enqueueMessage(t.db, {
      dedupeKey: "digest:slack",
      platform: "slack",
      channelKey: "slack:C0BOARD",
      recipient: { boardId: "b1", slackChannelId: "C0BOARD" },
      card: digest(true),
      notBefore: START,
    });
    // root post goes through, the next chat.postMessage (the first thread reply) is told to wait 120 s
    fake.rateLimit("chat.postMessage", 120, 1, 1);
    let clock = START;
    const w = startOutboxWorker({
      db: t.db,
      messengers: { slack: new SlackMessenger(createOutboxClient("xoxb-test", fake.apiUrl)) },
      limits: { rules: [] },
      log,
      poll: false,
      now: () => clock,
    });
    expect(await w.drainOnce()).toMatchObject({ sent: 0, rateLimited: 1, retried: 1 });
    const mid = await t.db.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: "digest:slack" } });
    expect(mid.state).toBe("pending");
    const root = fake.messages.find((m) => !m.thread_ts);
    // the root (with the chart inline, uploaded before it) is recorded; the failed reply is not
    expect(JSON.parse(mid.progressJson ?? "null")).toEqual({ rootRef: `${root?.channel}:${root?.ts}`, partsDone: 0 });
    expect(JSON.stringify(root?.blocks)).toContain('"slack_file"');

    await w.stop();

    // a later claim (here by a fresh worker: the first one's limiter still holds the bucket for 120 s real
    // time) resumes from the stored progress
    clock = new Date(START.getTime() + 121_000);
    const w2 = startOutboxWorker({
      db: t.db,
      messengers: { slack: new SlackMessenger(createOutboxClient("xoxb-test", fake.apiUrl)) },
      limits: { rules: [] },
      log,
      poll: false,
      now: () => clock,
    });
    expect(await w2.drainOnce()).toMatchObject({ sent: 1 });
    await w2.stop();

    const posts = fake.callsOf("chat.postMessage");
    expect(posts.filter((c) => !c.args.thread_ts)).toHaveLength(1);
    expect(fake.messages.filter((m) => !m.thread_ts)).toHaveLength(1);
    expect(fake.callsOf("files.completeUploadExternal")).toHaveLength(1);
    const replies = fake.messages.filter((m) => m.thread_ts === root?.ts && m.text !== "");
    expect(replies.map((m) => m.text.split("\n")[0])).toEqual(["Overdue", "Slipped"]);
    const row = await t.db.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: "digest:slack" } });
    expect(row).toMatchObject({ state: "sent", platformRef: `${root?.channel}:${root?.ts}` });
  });

  it("a short Retry-After mid-thread is waited out in-lane and resumes from the in-memory progress", async () => {
    const before = fake.messages.length;
    await enqueueMessage(t.db, {
      dedupeKey: "digest:slack2",
      platform: "slack",
      channelKey: "slack:C0BOARD",
      recipient: { boardId: "b1", slackChannelId: "C0BOARD" },
      card: digest(false),
      notBefore: START,
    });
    fake.rateLimit("chat.postMessage", 0, 1, 2); // root and first reply pass, the second reply waits 1 s
    const w = startOutboxWorker({
      db: t.db,
      messengers: { slack: new SlackMessenger(createOutboxClient("xoxb-test", fake.apiUrl)) },
      limits: { rules: [] },
      log,
      poll: false,
      now: () => START,
    });
    expect(await w.drainOnce()).toMatchObject({ sent: 1, rateLimited: 1 });
    await w.stop();
    const sent = fake.messages.slice(before);
    expect(sent.map((m) => (m.thread_ts ? `reply ${m.text.split("\n")[0]}` : "root"))).toEqual(["root", "reply Overdue", "reply Slipped"]);
  });
});

describe("outbox resume on Teams", () => {
  const CHANNEL = "19:qib-channel@thread.tacv2";
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(START);
    await h.t.db.conversationRef.create({
      data: { conversationId: CHANNEL, kind: "channel", serviceUrl: h.connector.serviceUrl, tenantId: "t" },
    });
  });
  afterAll(async () => h?.close());

  it("a 429 on the first thread reply: one root activity, each reply once, all in the root's thread", async () => {
    await enqueueMessage(h.t.db, {
      dedupeKey: "digest:teams",
      platform: "teams",
      channelKey: `teams:${CHANNEL}`,
      recipient: { boardId: "b1", teamsConversationId: CHANNEL },
      card: digest(true),
      notBefore: START,
    });
    // the root goes through; the first reply is told to wait 120 s (too long to wait in place)
    h.connector.failNext = { status: 429, count: 1, retryAfter: "120", after: 1 };
    let clock = START;
    const w = startOutboxWorker({
      db: h.t.db,
      messengers: { teams: h.surface.messenger },
      limits: { rules: [] },
      log,
      poll: false,
      now: () => clock,
    });
    expect(await w.drainOnce()).toMatchObject({ sent: 0, rateLimited: 1, retried: 1 });
    const root = h.connector.to(CHANNEL)[0];
    const mid = await h.t.db.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: "digest:teams" } });
    expect(JSON.parse(mid.progressJson ?? "null")).toEqual({ rootRef: root?.id, partsDone: 0 });
    expect(h.connector.failNext).toBeNull();

    await w.stop();

    // a later claim (here by a fresh worker: the first one's limiter still holds the bucket for 120 s real
    // time) resumes from the stored progress
    clock = new Date(START.getTime() + 121_000);
    const w2 = startOutboxWorker({
      db: h.t.db,
      messengers: { teams: h.surface.messenger },
      limits: { rules: [] },
      log,
      poll: false,
      now: () => clock,
    });
    expect(await w2.drainOnce()).toMatchObject({ sent: 1 });
    await w2.stop();

    const sent = h.connector.to(CHANNEL);
    expect(sent.filter((s) => s.conversationId === CHANNEL)).toHaveLength(1);
    const thread = `${CHANNEL};messageid=${root?.id}`;
    const replies = sent.filter((s) => s.conversationId === thread).map((s) => JSON.stringify(s.activity));
    expect(replies).toHaveLength(2);
    expect(replies[0]).toContain("Permanence tracker live");
    expect(replies[1]).toContain("Legal gateway");
    const row = await h.t.db.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: "digest:teams" } });
    expect(row).toMatchObject({ state: "sent", platformRef: `${CHANNEL}:${root?.id}` });
  });
});

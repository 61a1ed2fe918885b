// Questions and digests through the real Bolt app, over the imported Thurrock fixture: /ragtime (ephemeral
// via response_url), app mentions (answered in a thread, Slack re-deliveries answered once), DMs to the bot,
// and the board digest: summary in the channel, chart PNG uploaded with files.uploadV2, details threaded.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockKitProblems, LIMITS, type SlackBlock } from "../../src/adapters/slack/limits.js";
import { renderMessage } from "../../src/adapters/slack/render.js";
import { startOutboxWorker } from "../../src/delivery/worker.js";
import { createLogger } from "../../src/logger.js";
import { answerQuestion } from "../../src/services/answer.js";
import { addBoard } from "../../src/services/boards.js";
import { postDigest } from "../../src/services/digest.js";
import { importPlan } from "../../src/services/importPlan.js";
import { setPlanLive } from "../../src/storage/plans.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { type SlackHarness, startSlackHarness } from "./slack-harness.js";

const FIXTURES = join(import.meta.dirname, "../../../shared/fixtures/plans");
const NOW = new Date("2018-06-04T10:00:00Z"); // a Monday while the Thurrock plan was live
let tdb: TestDb;
let h: SlackHarness;
let planId: string;
let adminId: string;

function command(text: string, n: number, user = "U0ADMIN") {
  return {
    token: "unused",
    team_id: "T0TEST",
    team_domain: "ragtime-test",
    channel_id: "C0GENERAL",
    channel_name: "general",
    user_id: user,
    user_name: user.toLowerCase(),
    command: "/ragtime",
    text,
    api_app_id: "A0RAGTIME",
    is_enterprise_install: "false",
    response_url: `${h.fake.url}/respond/cmd${n}`,
    trigger_id: `1000${n}.17653672481.abcdef${n}`,
  };
}

function mention(eventId: string, text: string, channel = "C0GENERAL", user = "U0ADMIN") {
  const ts = `1528106400.00${eventId.slice(-4)}`;
  return {
    token: "unused",
    team_id: "T0TEST",
    api_app_id: "A0RAGTIME",
    event: { type: "app_mention", user, text, ts, channel, event_ts: ts },
    type: "event_callback",
    event_id: eventId,
    event_time: 1528106400,
    authorizations: [{ team_id: "T0TEST", user_id: "UBOT0001", is_bot: true }],
  };
}

beforeAll(async () => {
  tdb = await createSqliteTestDb();
  const report = await importPlan(tdb.db, { file: join(FIXTURES, "thurrock-development-plan.csv"), planKey: "thurrock", now: NOW });
  // imported plans are drafts; digests are posted only for live plans
  await setPlanLive(tdb.db, "thurrock", NOW);
  expect(report.written).toBe(true);
  const plan = await tdb.db.plan.findUniqueOrThrow({ where: { key: "thurrock" } });
  planId = plan.id;
  const admin = await tdb.db.person.create({ data: { name: "Priya Admin", normName: "priya admin", slackUserId: "U0ADMIN" } });
  adminId = admin.id;
  await tdb.db.planAdmin.create({ data: { planId, personId: admin.id } });
  await tdb.db.person.create({ data: { name: "Stranger", normName: "stranger", slackUserId: "U0STRANGER" } });
  h = await startSlackHarness(tdb.db, { now: () => NOW });
});

afterAll(async () => {
  await h?.close();
  await tdb?.cleanup();
});

describe("Slack questions and digests over the imported Thurrock plan", () => {
  it("/ragtime what is overdue in priority 3 answers ephemerally from the plan", async () => {
    const expected = await answerQuestion(tdb.db, "what is overdue in priority 3", { personId: adminId }, NOW);
    expect(expected.understood).toBe(true);
    expect(expected.total).toBeGreaterThan(0);
    const res = await h.command(command("what is overdue in priority 3", 1));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(""); // acked at once; the answer follows on response_url
    const call = await h.fake.waitForCall("response_url");
    expect(call.args.response_type).toBe("ephemeral");
    const blocks = JSON.stringify(call.args.blocks);
    // every overdue item the service found is in the reply (first page), by its ref
    for (const item of expected.items.slice(0, 10)) if (item.ref) expect(blocks).toContain(item.ref);
    // the same answer the service gives, rendered by the Slack renderer
    expect(call.args.text).toBe(renderMessage(expected.card).text);
    expect(call.args.blocks).toEqual(renderMessage(expected.card).pages[0]);
  });

  it("/ragtime help lists examples; someone with no plan access is told so", async () => {
    const reply = (n: number) => h.fake.waitFor(() => h.fake.responses.find((r) => r.path === `/respond/cmd${n}`), `reply ${n}`);
    await h.command(command("help", 2));
    const help = await reply(2);
    expect(help.body.response_type).toBe("ephemeral");
    expect(String(help.body.text)).toContain("/ragtime what is overdue in priority 3");
    await h.command(command("share status of 3.1", 4));
    expect((await reply(4)).body.response_type).toBe("in_channel");
    await h.command(command("what is overdue in priority 3", 3, "U0STRANGER"));
    const refused = await reply(3);
    expect(String(refused.body.text)).toMatch(/don't have access/);
  });

  it("an app mention is answered in its thread, once even when Slack re-delivers it", async () => {
    const body = mention("Ev0MENTION01", "<@UBOT0001> what is overdue in priority 3");
    expect((await h.event(body)).status).toBe(200);
    expect((await h.event(body, { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" })).status).toBe(200);
    await h.fake.waitForCall("chat.postMessage", (c) => c.args.channel === "C0GENERAL");
    await h.surface.idle();
    const replies = h.fake.callsOf("chat.postMessage").filter((c) => c.args.channel === "C0GENERAL");
    expect(replies.length).toBeGreaterThan(0);
    expect(new Set(replies.map((c) => c.args.thread_ts))).toEqual(new Set([body.event.ts]));
    const pagesOfOneAnswer = replies.length;
    // a different event id is a new question: answered again
    expect((await h.event(mention("Ev0MENTION02", "<@UBOT0001> what is overdue in priority 3"))).status).toBe(200);
    await h.surface.idle();
    expect(h.fake.callsOf("chat.postMessage").filter((c) => c.args.channel === "C0GENERAL")).toHaveLength(pagesOfOneAnswer * 2);
    expect(await tdb.db.inboundEvent.count({ where: { kind: "app_mention" } })).toBe(2);
  });

  it("a DM to the bot is answered in the DM", async () => {
    const ts = "1528106500.000100";
    const body = {
      token: "unused",
      team_id: "T0TEST",
      api_app_id: "A0RAGTIME",
      event: { type: "message", channel_type: "im", user: "U0ADMIN", text: "help", ts, channel: "D0ADMIN", event_ts: ts },
      type: "event_callback",
      event_id: "Ev0DM0001",
      event_time: 1528106500,
      authorizations: [{ team_id: "T0TEST", user_id: "UBOT0001", is_bot: true }],
    };
    expect((await h.event(body)).status).toBe(200);
    const reply = await h.fake.waitForCall("chat.postMessage", (c) => c.args.channel === "D0ADMIN");
    expect(String(reply.args.text)).toContain("/ragtime");
    expect(reply.args.thread_ts).toBeUndefined();
  });

  it("a digest post shows the chart inline in the root message and threads the details under it", async () => {
    const board = await addBoard(tdb.db, { name: "Thurrock Improvement Board", planKey: "thurrock", slackChannel: "C0BOARD" }, NOW);
    const posted = await postDigest(tdb.db, board.id, new Date("2018-06-04T00:00:00Z"), NOW, { slack: true, teams: false });
    expect(posted.outboxIds).toHaveLength(1);
    // the outbox row is due from the digest's now (postDigest enqueues with notBefore = now)
    const worker = startOutboxWorker({
      db: tdb.db,
      messengers: { slack: h.surface.messenger },
      log: createLogger("silent"),
      poll: false,
      now: () => NOW,
    });
    const r = await worker.drainOnce();
    await worker.stop();
    expect(r.sent).toBe(1);
    const summary = h.fake.messages.find((m) => m.channel === "C0BOARD" && !m.thread_ts);
    expect(summary?.text).toMatch(/Thurrock/);
    const url = h.fake.callsOf("files.getUploadURLExternal")[0];
    expect(String(url?.args.filename)).toMatch(/\.png$/);
    const upload = h.fake.uploads[0];
    expect(upload?.bytes.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a"); // PNG signature
    // uploaded unshared before the root post, then shown by file id in the root's image block
    const complete = h.fake.callsOf("files.completeUploadExternal")[0];
    expect(complete?.args.channel_id).toBeUndefined();
    const rootPost = h.fake.callsOf("chat.postMessage").find((c) => c.args.channel === "C0BOARD" && !c.args.thread_ts);
    expect(complete!.at).toBeLessThanOrEqual(rootPost!.at);
    const image = ((summary?.blocks ?? []) as SlackBlock[]).find((b) => b.type === "image") as Record<string, unknown> | undefined;
    expect(image).toMatchObject({ slack_file: { id: upload?.fileId }, alt_text: expect.stringContaining("score and trend") });
    // the title block comes first: the board's name as a header, then the date
    expect(((summary?.blocks ?? []) as SlackBlock[])[0]).toMatchObject({ type: "header", text: { text: "Thurrock Improvement Board" } });
    const threadPosts = h.fake.callsOf("chat.postMessage").filter((c) => c.args.channel === "C0BOARD" && c.args.thread_ts === summary?.ts);
    expect(threadPosts.length).toBeGreaterThan(0);
    const row = await tdb.db.outboxMessage.findUniqueOrThrow({ where: { id: posted.outboxIds[0] as string } });
    expect(row.platformRef).toBe(`C0BOARD:${summary?.ts}`);
    // the real digest card (and every answer posted above) is valid Block Kit within Slack's limits
    for (const c of h.fake.callsOf("chat.postMessage"))
      expect(blockKitProblems(c.args.blocks as SlackBlock[], LIMITS.messageBlocks)).toEqual([]);
    expect(JSON.stringify(summary?.blocks)).not.toMatch(/<@U/); // missing-updates list names people, no @mentions by default
  });
});

// Slack end to end through the real Bolt app on a local port: signed requests exactly as Slack signs them,
// the WebClient pointed at a local fake Slack Web API, a real SQLite database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messageCard } from "../../src/core/cards/index.js";
import { PermanentSendError, RateLimitedError } from "../../src/delivery/messenger.js";
import { startOutboxWorker } from "../../src/delivery/worker.js";
import { createLogger } from "../../src/logger.js";
import { receiveInbound } from "../../src/services/inbound.js";
import { runReminderTick } from "../../src/services/reminders.js";
import type { StoredMessage } from "../fakes/slack-api.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { blockActionsPayload, findElement, type SlackHarness, startSlackHarness, viewSubmissionPayload } from "./slack-harness.js";
import { type Seeded, seedSlackPlan } from "./slack-seed.js";

const NOW = new Date("2026-11-23T10:00:00Z"); // Monday, 10:00 in London
let tdb: TestDb;
let h: SlackHarness;
let seed: Seeded;
let dm: StoredMessage;
/** the DM as first posted (a client that has not refreshed yet still shows these blocks) */
let original: StoredMessage;

const statusCount = () => tdb.db.statusUpdate.count({ where: { source: "slack" } });

beforeAll(async () => {
  tdb = await createSqliteTestDb();
  seed = await seedSlackPlan(tdb.db);
  h = await startSlackHarness(tdb.db, { now: () => NOW });
});

afterAll(async () => {
  await h?.close();
  await tdb?.cleanup();
});

describe("Slack through a real Bolt app", () => {
  it("an outbox tick posts the reminder DM to the owner", async () => {
    const tick = await runReminderTick(tdb.db, NOW, { enabled: { slack: true, teams: false } });
    expect(tick.written.length).toBeGreaterThan(0);
    const worker = startOutboxWorker({
      db: tdb.db,
      messengers: { slack: h.surface.messenger },
      log: createLogger("silent"),
      poll: false,
      now: () => NOW,
    });
    const r = await worker.drainOnce();
    await worker.stop();
    expect(r.sent).toBeGreaterThan(0);
    const call = h.fake.callsOf("chat.postMessage").find((c) => c.args.channel === "U0KARA");
    expect(call?.token).toMatch(/^xoxb-/);
    dm = h.fake.messages.find((m) => m.channel === "D0KARA" && !m.thread_ts) as StoredMessage;
    expect(dm.text).toContain("Quarterly case file audit completed");
    original = structuredClone(dm);
    const { element } = findElement(dm.blocks, (el) => el.value === "3" && String(el.action_id).includes(seed.milestoneId));
    expect(element.action_id).toBe(`rt|status|${seed.milestoneId}|3`);
    const row = await tdb.db.outboxMessage.findFirstOrThrow({ where: { platform: "slack", state: "sent" } });
    expect(row.platformRef).toBe(`D0KARA:${dm.ts}`);
  });

  it("a signed block_actions built from the posted blocks records the status and updates the card in place", async () => {
    const { blockId, element } = findElement(dm.blocks, (el) => el.action_id === `rt|status|${seed.milestoneId}|3`);
    const payload = blockActionsPayload({
      user: "U0KARA",
      channel: "D0KARA",
      message: dm,
      blockId,
      element,
      actionTs: "1795000100.000100",
    });
    const res = await h.interact(payload);
    expect(res.status).toBe(200);
    const update = await h.fake.waitForCall("chat.update", (c) => c.args.ts === dm.ts);
    await h.surface.idle();
    const updates = await tdb.db.statusUpdate.findMany({ where: { milestoneId: seed.milestoneId, source: "slack" } });
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ status: "on_track", statusLabel: "3", byId: seed.kara });
    const m = await tdb.db.milestone.findUniqueOrThrow({ where: { id: seed.milestoneId } });
    expect(m.status).toBe("on_track");
    expect(JSON.stringify(update.args.blocks)).toContain("recorded by Kara Haskayne at 10:00");
    // the other milestone on the same card keeps its buttons
    expect(JSON.stringify(update.args.blocks)).toContain(`rt|status|${seed.secondMilestoneId}|3`);
    expect(JSON.stringify(update.args.blocks)).not.toContain(`rt|status|${seed.milestoneId}|3`);

    // Slack re-sends the same request, and a double click on the same rendering: recorded once
    const before = h.fake.callsOf("chat.update").length;
    expect((await h.interact(payload, { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" })).status).toBe(200);
    expect(
      (await h.interact({ ...payload, actions: [{ ...(payload.actions as object[])[0], action_ts: "1795000100.000200" }] })).status,
    ).toBe(200);
    await h.surface.idle();
    expect(await tdb.db.statusUpdate.count({ where: { milestoneId: seed.milestoneId, source: "slack" } })).toBe(1);
    expect(h.fake.callsOf("chat.update")).toHaveLength(before);
    expect(await tdb.db.inboundEvent.count({ where: { source: "slack" } })).toBe(2);
  });

  it("a non-owner gets an ephemeral refusal and nothing is stored", async () => {
    const before = await statusCount();
    const { blockId, element } = findElement(dm.blocks, (el) => el.action_id === `rt|status|${seed.secondMilestoneId}|1`);
    const res = await h.interact(
      blockActionsPayload({ user: "U0BOB", channel: "D0KARA", message: dm, blockId, element, actionTs: "1795000200.000100" }),
    );
    expect(res.status).toBe(200);
    const eph = await h.fake.waitForCall("chat.postEphemeral", (c) => c.args.user === "U0BOB");
    expect(String(eph.args.text)).toMatch(
      /Only the owners, their deputies, the action lead or a plan administrator can update 3\.1 — Supervision compliance above 90%\. Nothing was recorded\./,
    );
    await h.surface.idle();
    expect(await statusCount()).toBe(before);
    expect(h.fake.callsOf("chat.update").filter((c) => JSON.stringify(c.args).includes("Bob"))).toHaveLength(0);
  });

  it("Edit brings the status buttons back; a new answer is a new StatusUpdate and history is kept", async () => {
    const { blockId, element } = findElement(dm.blocks, (el) => el.action_id === `rt|edit|${seed.milestoneId}|`);
    expect(
      (
        await h.interact(
          blockActionsPayload({ user: "U0KARA", channel: "D0KARA", message: dm, blockId, element, actionTs: "1795000250.000100" }),
        )
      ).status,
    ).toBe(200);
    await h.fake.waitForCall("chat.update", (c) => JSON.stringify(c.args.blocks).includes(`rt|status|${seed.milestoneId}|1`));
    await h.surface.idle();
    const again = findElement(dm.blocks, (el) => el.action_id === `rt|status|${seed.milestoneId}|1`);
    expect(again.blockId).not.toBe(blockId);
    expect(
      (await h.interact(blockActionsPayload({ user: "U0KARA", channel: "D0KARA", message: dm, ...again, actionTs: "1795000260.000100" })))
        .status,
    ).toBe(200);
    await h.fake.waitForCall(
      "chat.update",
      (c) =>
        JSON.stringify(c.args.blocks).includes("recorded by Kara Haskayne") && JSON.stringify(c.args.blocks).includes("1 (not started"),
    );
    await h.surface.idle();
    const history = await tdb.db.statusUpdate.findMany({
      where: { milestoneId: seed.milestoneId, source: "slack" },
      orderBy: { createdAt: "asc" },
    });
    expect(history.map((u) => u.statusLabel)).toEqual(["3", "1"]);
  });

  it("Add detail opens a modal; a signed view_submission stores narrative, impact and a revised date", async () => {
    const { blockId, element } = findElement(dm.blocks, (el) => el.action_id === `rt|detail|${seed.secondMilestoneId}|`);
    const payload = blockActionsPayload({
      user: "U0KARA",
      channel: "D0KARA",
      message: dm,
      blockId,
      element,
      actionTs: "1795000300.000100",
    });
    expect((await h.interact(payload)).status).toBe(200);
    const open = await h.fake.waitForCall("views.open");
    expect(open.args.trigger_id).toBe(payload.trigger_id);
    const view = open.args.view as Record<string, unknown>;
    const inputs = (view.blocks as Record<string, unknown>[]).filter((b) => b.type === "input").map((b) => b.block_id);
    expect(inputs).toEqual([
      "status",
      "percent_complete",
      "narrative",
      "impact",
      "evidence_url",
      "revised_due",
      "revised_reason",
      "blockers",
    ]);
    const opened = { ...view, id: "V0DETAIL1", hash: "h1" };

    // a revised date in the past comes back as a field error, nothing stored
    const before = await statusCount();
    const bad = await h.interact(
      viewSubmissionPayload(opened, "U0KARA", {
        status: { selected_option: { text: { type: "plain_text", text: "2" }, value: "2" } },
        revised_due: { selected_date: "2026-11-01" },
        revised_reason: { value: "Staff sickness" },
        evidence_url: { value: "not a url" },
      }),
    );
    expect(bad.status).toBe(200);
    const body = (await bad.json()) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe("errors");
    expect(body.errors.revised_due).toMatch(/past/);
    expect(body.errors.evidence_url).toMatch(/https/);
    expect(await statusCount()).toBe(before);

    const good = await h.interact(
      viewSubmissionPayload({ ...opened, hash: "h2" }, "U0KARA", {
        status: { selected_option: { text: { type: "plain_text", text: "2" }, value: "2" } },
        percent_complete: { value: "40" },
        narrative: { value: "Audit tool agreed with the IRO service; first sample of 40 files done." },
        impact: { value: "Supervision notes now record the child's voice in 7 of 10 files." },
        revised_due: { selected_date: "2027-02-26" },
        revised_reason: { value: "Two auditors on long-term leave" },
      }),
    );
    expect(good.status).toBe(200);
    expect(await good.text()).toBe("");
    await h.surface.idle();
    const u = await tdb.db.statusUpdate.findFirstOrThrow({ where: { milestoneId: seed.secondMilestoneId, source: "slack" } });
    expect(u).toMatchObject({
      status: "at_risk",
      statusLabel: "2",
      percentComplete: 40,
      narrative: "Audit tool agreed with the IRO service; first sample of 40 files done.",
      impact: "Supervision notes now record the child's voice in 7 of 10 files.",
      revisedReason: "Two auditors on long-term leave",
    });
    expect(u.revisedDue?.toISOString()).toBe("2027-02-26T00:00:00.000Z");
    const m = await tdb.db.milestone.findUniqueOrThrow({ where: { id: seed.secondMilestoneId } });
    expect(m.revisedDue?.toISOString()).toBe("2027-02-26T00:00:00.000Z");
    expect(m.baselineDue?.toISOString()).toBe("2026-11-23T00:00:00.000Z");
    // multi-item card: the summary goes into the card's thread
    const reply = await h.fake.waitForCall(
      "chat.postMessage",
      (c) => c.args.thread_ts === dm.ts && JSON.stringify(c.args.blocks).includes("recorded by Kara"),
    );
    expect(JSON.stringify(reply.args.blocks)).toContain("Revised due date: 26 Feb 2027");
  });

  it("a forged signature gets 401 and a timestamp older than 5 minutes is refused", async () => {
    const before = await tdb.db.inboundEvent.count();
    const { blockId, element } = findElement(dm.blocks, (el) => el.action_id === `rt|status|${seed.secondMilestoneId}|5`);
    const body = new URLSearchParams({
      payload: JSON.stringify(
        blockActionsPayload({ user: "U0KARA", channel: "D0KARA", message: dm, blockId, element, actionTs: "1795000400.000100" }),
      ),
    }).toString();
    const forged = await h.post(body, { contentType: "application/x-www-form-urlencoded", secret: "not-the-signing-secret" });
    expect(forged.status).toBe(401);
    const stale = await h.post(body, { contentType: "application/x-www-form-urlencoded", ts: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    const tampered = await h.post(body, { contentType: "application/x-www-form-urlencoded", headers: { "x-slack-signature": "v0=00" } });
    expect(tampered.status).toBe(401);
    await h.surface.idle();
    expect(await tdb.db.inboundEvent.count()).toBe(before);
  });

  it("snooze from the menu postpones the milestone and says until when", async () => {
    const { blockId, element } = findElement(dm.blocks, (el) => el.action_id === `rt|snooze|${seed.secondMilestoneId}|`);
    const res = await h.interact(
      blockActionsPayload({
        user: "U0KARA",
        channel: "D0KARA",
        message: dm,
        blockId,
        element,
        actionTs: "1795000500.000100",
        selectedValue: "tomorrow",
      }),
    );
    expect(res.status).toBe(200);
    const up = await h.fake.waitForCall("chat.update", (c) => JSON.stringify(c.args.blocks).includes("Snoozed until"));
    await h.surface.idle();
    const m = await tdb.db.milestone.findUniqueOrThrow({ where: { id: seed.secondMilestoneId } });
    expect(m.snoozedUntil?.toISOString()).toBe("2026-11-24T09:00:00.000Z");
    expect(JSON.stringify(up.args.blocks)).toContain("24 Nov 2026");
  });

  it("Not mine asks for reassignment and replaces the item with an acknowledgement", async () => {
    const { blockId, element } = findElement(original.blocks, (el) => el.action_id === `rt|not_mine|${seed.secondMilestoneId}|`);
    expect(element.confirm).toBeTruthy();
    const before = await tdb.db.outboxMessage.count();
    expect(
      (
        await h.interact(
          blockActionsPayload({ user: "U0KARA", channel: "D0KARA", message: original, blockId, element, actionTs: "1795000600.000100" }),
        )
      ).status,
    ).toBe(200);
    const up = await h.fake.waitForCall(
      "chat.update",
      (c) => !JSON.stringify(c.args.blocks).includes(`rt|not_mine|${seed.secondMilestoneId}|`),
    );
    await h.surface.idle();
    expect(JSON.stringify(up.args.blocks)).not.toContain(`rt|status|${seed.secondMilestoneId}|`);
    expect(await tdb.db.outboxMessage.count()).toBeGreaterThanOrEqual(before);
  });

  it("the messenger turns 429 into RateLimitedError(Retry-After) and unknown users into PermanentSendError", async () => {
    const card = messageCard("notice", "Test", ["hello"]);
    h.fake.rateLimit("chat.postMessage", 7);
    const calls = h.fake.callsOf("chat.postMessage").length;
    const err = await h.surface.messenger
      .send({ id: "o1", dedupeKey: "k1", recipient: { slackUserId: "U0KARA" }, card })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBe(7000);
    // the WebClient did not retry on its own: the outbox owns retrying
    expect(h.fake.callsOf("chat.postMessage").length).toBe(calls + 1);
    h.fake.missing.add("U0GONE");
    await expect(
      h.surface.messenger.send({ id: "o2", dedupeKey: "k2", recipient: { slackUserId: "U0GONE" }, card }),
    ).rejects.toBeInstanceOf(PermanentSendError);
    await expect(
      h.surface.messenger.send({ id: "o3", dedupeKey: "k3", recipient: { personName: "No Slack" }, card }),
    ).rejects.toBeInstanceOf(PermanentSendError);
  });

  it("a click stored and acked but not processed before a restart is processed when the app starts again", async () => {
    const { blockId, element } = findElement(original.blocks, (el) => el.action_id === `rt|status|${seed.secondMilestoneId}|5`);
    const body = blockActionsPayload({
      user: "U0KARA",
      channel: "D0KARA",
      message: original,
      blockId,
      element,
      actionTs: "1795000800.000100",
    });
    // what the listener stores right after the ack; then the process "dies"
    await receiveInbound(tdb.db, {
      key: "slack:crash-test",
      source: "slack",
      kind: "block_actions:status",
      payload: body,
      receivedAt: new Date(NOW.getTime() - 1000), // a second before the restart, by the app's clock
    });
    const restarted = await startSlackHarness(tdb.db, { now: () => NOW });
    try {
      await restarted.fake.waitForCall("chat.update", (c) => c.args.ts === original.ts);
      const u = await tdb.db.statusUpdate.findFirstOrThrow({ where: { milestoneId: seed.secondMilestoneId, statusLabel: "5" } });
      expect(u.source).toBe("slack");
      const row = await tdb.db.inboundEvent.findUniqueOrThrow({ where: { key: "slack:crash-test" } });
      expect(row.processedAt).not.toBeNull();
    } finally {
      await restarted.close();
    }
  });
});

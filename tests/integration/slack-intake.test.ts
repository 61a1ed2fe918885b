// The durable intake and the HTTP receiver (src/adapters/slack/intake.ts, http-receiver.ts) through the real
// Bolt app: a click is on disk, byte for byte, before its 200 and processed only after it; a click that cannot
// be stored is refused (500) rather than acked and lost; questions stored before a restart are answered after
// it; and the transport answers Slack's checks and bad bodies as Bolt's own receiver does.

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SLACK_BODY_LIMIT } from "../../src/adapters/slack/http-receiver.js";
import { type ModalMeta, renderModal } from "../../src/adapters/slack/render.js";
import { defaultServices } from "../../src/adapters/slack/services.js";
import { systemClock } from "../../src/clock.js";
import { detailCard } from "../../src/core/cards/reminder.js";
import { receiveInbound } from "../../src/services/inbound.js";
import { detailFormView } from "../../src/services/views.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { type SlackHarness, startSlackHarness, viewSubmissionPayload } from "./slack-harness.js";
import { type Seeded, seededClick, seededReminderMessage, seedSlackPlan } from "./slack-seed.js";

const NOW = new Date("2026-11-23T10:00:00Z");
let tdb: TestDb;
let seed: Seeded;

beforeAll(async () => {
  tdb = await createSqliteTestDb();
  seed = await seedSlackPlan(tdb.db);
});
afterAll(async () => tdb?.cleanup());

const click = (n: number) => seededClick(seed, n, "x", 1795002000);

/** The app with recording held back until release(): anything that happens before it happened before the work. */
async function startGatedHarness(): Promise<{ h: SlackHarness; release: () => void }> {
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const real = defaultServices({ enabled: { slack: true, teams: false }, clock: systemClock });
  const h = await startSlackHarness(tdb.db, {
    now: () => NOW,
    services: {
      act: async (...args) => {
        await gate;
        return real.act(...args);
      },
    },
  });
  return { h, release };
}

describe("a click is stored before its ack and processed after it", () => {
  let h: SlackHarness;
  let release: () => void = () => {};
  beforeAll(async () => {
    ({ h, release } = await startGatedHarness());
  });
  afterAll(async () => h?.close());

  it("answers 200 with the raw payload already stored, and records the status only afterwards", async () => {
    // the reminder DM as the bot posted it (chat.update replaces it in place)
    const { message } = seededReminderMessage(seed);
    h.fake.messages.push({ channel: "D0KARA", ts: message.ts, text: message.text, blocks: message.blocks, user: "UBOT0001" });
    const payload = click(1);
    const text = JSON.stringify(payload);
    const before = await tdb.db.statusUpdate.count();
    const res = await h.interact(payload);
    expect(res.status).toBe(200);
    const row = await tdb.db.inboundEvent.findFirstOrThrow({ where: { kind: "block_actions:status", payloadJson: text } });
    expect(row.processedAt).toBeNull();
    expect(await tdb.db.statusUpdate.count()).toBe(before);
    expect(h.fake.callsOf("chat.update")).toHaveLength(0);

    release();
    await h.fake.waitForCall("chat.update");
    await h.surface.idle();
    expect(await tdb.db.statusUpdate.count()).toBe(before + 1);
    const done = await tdb.db.inboundEvent.findUniqueOrThrow({ where: { id: row.id } });
    expect(done.processedAt).not.toBeNull();
    expect(JSON.parse(done.resultJson ?? "{}")).toHaveProperty("statusUpdateId");
  });
});

/** The detail modal for the seeded milestone as views.open would show it, opened (id, hash) by Slack. */
async function openedModal(hash: string) {
  const v = await detailFormView(tdb.db, seed.milestoneId);
  if (!v) throw new Error("no detail view");
  const meta: ModalMeta = { m: seed.milestoneId, s: v.scale.id, tz: "Europe/London" };
  return { ...renderModal(detailCard(v), meta), id: `V0INTAKE${hash}`, hash };
}

const validDetail = {
  status: { selected_option: { text: { type: "plain_text", text: "3" }, value: "3" } },
  narrative: { value: "Audit sample of 20 files completed." },
};

describe("a modal submission is stored before its ack", () => {
  let h: SlackHarness;
  let release: () => void = () => {};
  beforeAll(async () => {
    ({ h, release } = await startGatedHarness());
  });
  afterAll(async () => h?.close());

  it("closes the form (empty 200) with the submission already stored, and records it afterwards", async () => {
    const before = await tdb.db.statusUpdate.count();
    const res = await h.interact(viewSubmissionPayload(await openedModal("a1"), "U0KARA", validDetail));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    const row = await tdb.db.inboundEvent.findUniqueOrThrow({ where: { key: "slack:view:V0INTAKEa1:a1" } });
    expect(row).toMatchObject({ kind: "view_submission", processedAt: null });
    expect(await tdb.db.statusUpdate.count()).toBe(before);
    release();
    await h.surface.idle();
    expect(await tdb.db.statusUpdate.count()).toBe(before + 1);
    expect((await tdb.db.inboundEvent.findUniqueOrThrow({ where: { id: row.id } })).processedAt).not.toBeNull();
  });
});

describe("a click that cannot be stored", () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness(tdb.db, {
      now: () => NOW,
      journal: { append: () => Promise.reject(new Error("disk I/O error")), drain: async () => {} },
    });
  });
  afterAll(async () => h?.close());

  it("is refused with 500 (Slack tells the user it failed) and nothing is recorded or updated", async () => {
    const before = await tdb.db.statusUpdate.count();
    const res = await h.interact(click(2));
    expect(res.status).toBe(500);
    await h.surface.idle();
    expect(await tdb.db.statusUpdate.count()).toBe(before);
    expect(h.fake.callsOf("chat.update")).toHaveLength(0);
  });

  it("nor can a modal submission: the form stays open with the error, and nothing is recorded", async () => {
    const before = await tdb.db.statusUpdate.count();
    const res = await h.interact(viewSubmissionPayload(await openedModal("b1"), "U0KARA", validDetail));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe("errors");
    expect(body.errors.status).toMatch(/not saved because of an error on our side/);
    await h.surface.idle();
    expect(await tdb.db.statusUpdate.count()).toBe(before);
  });
});

describe("questions stored before a restart", () => {
  it("are answered when the app starts again; a command whose response_url has expired is marked expired", async () => {
    // where Slack's response_urls point: records what the app posts to them
    const responses: { path: string; body: Record<string, unknown> }[] = [];
    const hooks = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => {
        body += c.toString("utf8");
      });
      req.on("end", () => {
        responses.push({ path: req.url ?? "", body: JSON.parse(body) as Record<string, unknown> });
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"ok":true}');
      });
    });
    await new Promise<void>((r) => hooks.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}`;
    const command = (id: string) => ({
      token: "unused",
      team_id: "T0TEST",
      channel_id: "C0GENERAL",
      user_id: "U0KARA",
      command: "/ragtime",
      text: "status of 3.1",
      response_url: `${base}/respond/${id}`,
      trigger_id: `trigger-${id}`,
    });
    const mention = {
      type: "event_callback",
      event_id: "Ev0RESTART1",
      team_id: "T0TEST",
      api_app_id: "A0RAGTIME",
      event: { type: "app_mention", user: "U0KARA", text: "<@UBOT0001> status of 3.1", ts: "1795003000.000100", channel: "C0BOARD" },
      authorizations: [{ team_id: "T0TEST", user_id: "UBOT0001", is_bot: true }],
    };
    // what the intake stored and acked before the process died
    const stored = (key: string, kind: string, payload: unknown, agoMs: number) =>
      receiveInbound(tdb.db, { key, source: "slack", kind, payload, receivedAt: new Date(NOW.getTime() - agoMs) });
    const fresh = await stored("slack:command:trigger-fresh", "command", command("fresh"), 2_000);
    const stale = await stored("slack:command:trigger-stale", "command", command("stale"), 40 * 60_000);
    const ev = await stored("slack:event:Ev0RESTART1", "app_mention", mention, 2_000);

    const h = await startSlackHarness(tdb.db, { now: () => NOW });
    try {
      await h.surface.idle();
      const row = (id: string) => tdb.db.inboundEvent.findUniqueOrThrow({ where: { id } });
      // the mention is answered in its thread
      const posted = h.fake.callsOf("chat.postMessage").find((c) => c.args.channel === "C0BOARD");
      expect(posted?.args.thread_ts).toBe("1795003000.000100");
      expect(JSON.stringify(posted?.args)).toContain("3.1");
      expect(JSON.parse((await row(ev.id)).resultJson ?? "{}")).toEqual({ answered: true });
      // the fresh command is answered on its response_url, privately
      expect(responses.map((r) => r.path)).toEqual(["/respond/fresh"]);
      expect(responses[0]?.body.response_type).toBe("ephemeral");
      expect(JSON.stringify(responses[0]?.body)).toContain("3.1");
      expect(JSON.parse((await row(fresh.id)).resultJson ?? "{}")).toEqual({ answered: true });
      // Slack no longer accepts the stale one's reply: marked expired, nothing sent
      expect(JSON.parse((await row(stale.id)).resultJson ?? "{}")).toEqual({ expired: true });
    } finally {
      await h.close();
      await new Promise<void>((r) => hooks.close(() => r()));
    }
  });
});

describe("the HTTP receiver", () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness(tdb.db, { now: () => NOW });
  });
  afterAll(async () => h?.close());

  it("answers Slack's ssl_check without a signature, and ignores anything smuggled in beside it", async () => {
    const before = await tdb.db.inboundEvent.count();
    const res = await fetch(`${h.url}/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `ssl_check=1&token=x&payload=${encodeURIComponent(JSON.stringify({ type: "block_actions", actions: [] }))}`,
    });
    expect(res.status).toBe(200);
    // an unsigned body bigger than an ssl_check (4 KB) is refused before it is read
    const big = await fetch(`${h.url}/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `ssl_check=1&payload=${encodeURIComponent(JSON.stringify(click(3)))}`,
    });
    expect(big.status).toBe(413);
    await h.surface.idle();
    expect(await tdb.db.inboundEvent.count()).toBe(before);
  });

  it("answers url_verification with the challenge (signed)", async () => {
    const res = await h.event({ type: "url_verification", token: "x", challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
  });

  it("refuses a signed body that is not JSON with 400, and a body over 1 MB with 413", async () => {
    expect((await h.post("{not json")).status).toBe(400);
    expect((await h.post(`{"pad":"${"x".repeat(SLACK_BODY_LIMIT)}"}`)).status).toBe(413);
  });

  it("refuses an unsigned or wrongly signed request with 401, before parsing it", async () => {
    const res = await fetch(`${h.url}/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json either",
    });
    expect(res.status).toBe(401);
    expect((await h.post("{}", { secret: "not-the-secret" })).status).toBe(401);
  });
});

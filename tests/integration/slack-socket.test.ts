// Socket Mode (SLACK_APP_TOKEN, for councils that cannot expose a public URL): the real Bolt app opens
// apps.connections.open on SLACK_API_URL, connects to the fake's WebSocket, acks envelopes and handles
// clicks and /ragtime exactly as in HTTP mode; handle() serves nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackSurface, type SlackSurface } from "../../src/adapters/slack/surface.js";
import { startOutboxWorker } from "../../src/delivery/worker.js";
import { createLogger } from "../../src/logger.js";
import { runReminderTick } from "../../src/services/reminders.js";
import { FakeSlackApi } from "../fakes/slack-api.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { BOT_TOKEN, blockActionsPayload, findElement, slashEnvelope } from "./slack-harness.js";
import { type Seeded, seedSlackPlan } from "./slack-seed.js";

const NOW = new Date("2026-11-23T10:00:00Z");
let tdb: TestDb;
let fake: FakeSlackApi;
let surface: SlackSurface;
let seed: Seeded;

beforeAll(async () => {
  tdb = await createSqliteTestDb();
  seed = await seedSlackPlan(tdb.db);
  fake = await new FakeSlackApi().start();
  surface = createSlackSurface({
    db: tdb.db,
    log: createLogger("silent"),
    clock: { now: () => NOW },
    config: {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: undefined,
      SLACK_APP_TOKEN: "xapp-1-A0RAGTIME-1-0123456789abcdef",
      SLACK_API_URL: fake.apiUrl,
      RAGTIME_ADMINS: undefined,
      slack: { enabled: true, mode: "socket" },
    },
  });
  await surface.start();
});

afterAll(async () => {
  await surface?.stop();
  await fake?.stop();
  await tdb?.cleanup();
});

describe("Slack in Socket Mode", () => {
  it("connects through apps.connections.open on SLACK_API_URL and serves no HTTP", async () => {
    expect(surface.mode).toBe("socket");
    expect(fake.callsOf("apps.connections.open")[0]?.token).toMatch(/^xapp-/);
    expect(fake.socketConnected).toBe(true);
    const served = await surface.handle({ method: "POST", url: "/slack/events" } as never, {} as never);
    expect(served).toBe(false);
  });

  it("acks a /ragtime envelope and answers on response_url", async () => {
    fake.socketSend(slashEnvelope({ envelopeId: "env-cmd-1", user: "U0KARA", responseUrl: `${fake.url}/respond/socket1` }));
    await fake.waitFor(() => fake.socketReceived.find((m) => m.envelope_id === "env-cmd-1"), "ack of env-cmd-1");
    const reply = await fake.waitFor(() => fake.responses.find((r) => r.path === "/respond/socket1"), "reply");
    expect(reply.body.response_type).toBe("ephemeral");
    expect(String(reply.body.text)).toContain("/ragtime what is overdue in priority 3");
  });

  it("a status click over the socket records and updates the card in place", async () => {
    await runReminderTick(tdb.db, NOW, { enabled: { slack: true, teams: false } });
    const worker = startOutboxWorker({
      db: tdb.db,
      messengers: { slack: surface.messenger },
      log: createLogger("silent"),
      poll: false,
      now: () => NOW,
    });
    await worker.drainOnce();
    await worker.stop();
    const dm = fake.messages.find((m) => m.channel === "D0KARA");
    if (!dm) throw new Error("no DM posted");
    const { blockId, element } = findElement(dm.blocks, (el) => el.action_id === `rt|status|${seed.milestoneId}|4`);
    const payload = blockActionsPayload({
      user: "U0KARA",
      channel: "D0KARA",
      message: dm,
      blockId,
      element,
      actionTs: "1795000700.000100",
    });
    fake.socketSend({ envelope_id: "env-click-1", type: "interactive", accepts_response_payload: false, payload });
    await fake.waitFor(() => fake.socketReceived.find((m) => m.envelope_id === "env-click-1"), "ack of env-click-1");
    await fake.waitForCall("chat.update", (c) => c.args.ts === dm.ts);
    await surface.idle();
    const u = await tdb.db.statusUpdate.findFirstOrThrow({ where: { milestoneId: seed.milestoneId, source: "slack" } });
    expect(u.statusLabel).toBe("4");
    // stored by the intake before the envelope's ack, and marked processed
    const row = await tdb.db.inboundEvent.findFirstOrThrow({
      where: { kind: "block_actions:status", payloadJson: JSON.stringify(payload) },
    });
    expect(row.processedAt).not.toBeNull();

    // Slack re-sends an envelope whose ack it did not get: acked again, recorded once
    fake.socketSend({ envelope_id: "env-click-1b", type: "interactive", accepts_response_payload: false, payload, retry_attempt: 1 });
    await fake.waitFor(() => fake.socketReceived.find((m) => m.envelope_id === "env-click-1b"), "ack of env-click-1b");
    await surface.idle();
    expect(await tdb.db.statusUpdate.count({ where: { milestoneId: seed.milestoneId, source: "slack" } })).toBe(1);
  });
});

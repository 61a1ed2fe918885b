// Runs the real Bolt app (createSlackSurface) on a local port, mounted on the server main.ts uses
// (src/http/server.ts, its limits unless a test gives shorter ones), exactly as main.ts does, with its WebClient pointed at the fake Slack Web API. Requests are signed as Slack signs them.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { SlackServices } from "../../src/adapters/slack/services.js";
import { createSlackSurface, type SlackSurface } from "../../src/adapters/slack/surface.js";
import { createHttpServer, HTTP_LIMITS, type HttpLimits } from "../../src/http/server.js";
import { createLogger, type Logger } from "../../src/logger.js";
import type { InboundJournal } from "../../src/services/inbound-journal.js";
import type { Db } from "../../src/storage/db.js";
import { FakeSlackApi, signSlackRequest } from "../fakes/slack-api.js";

export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
export const BOT_TOKEN = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy";

export interface SlackHarness {
  fake: FakeSlackApi;
  surface: SlackSurface;
  url: string;
  /** POST a raw body to /slack/events, signed (or not) */
  post(body: string, opts?: { contentType?: string; headers?: Record<string, string>; ts?: number; secret?: string }): Promise<Response>;
  /** an interaction payload (block_actions, view_submission) form-encoded as payload=... */
  interact(payload: unknown, headers?: Record<string, string>): Promise<Response>;
  command(params: Record<string, string>): Promise<Response>;
  event(body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startSlackHarness(
  db: Db,
  opts: {
    now: () => Date;
    admins?: string;
    workConcurrency?: number;
    services?: Partial<SlackServices>;
    journal?: InboundJournal;
    /** INBOUND_LEASE_SECONDS for the retry worker (default 30) */
    leaseSeconds?: number;
    /** INBOUND_STALE_MINUTES (default 3) */
    staleMinutes?: number;
    retryPollMs?: number;
    /** where the app logs (default: silent, or TEST_LOG_LEVEL) */
    log?: Logger;
    /** the server's timeouts and connection cap (default: production's HTTP_LIMITS) */
    limits?: HttpLimits;
  } = { now: () => new Date() },
): Promise<SlackHarness> {
  const fake = await new FakeSlackApi().start();
  const log = opts.log ?? createLogger(process.env.TEST_LOG_LEVEL ?? "silent");
  const surface = createSlackSurface({
    db,
    log,
    clock: { now: opts.now },
    ...(opts.workConcurrency !== undefined ? { workConcurrency: opts.workConcurrency } : {}),
    ...(opts.services ? { services: opts.services } : {}),
    ...(opts.journal ? { journal: opts.journal } : {}),
    ...(opts.retryPollMs !== undefined ? { retryPollMs: opts.retryPollMs } : {}),
    config: {
      ...(opts.leaseSeconds !== undefined ? { INBOUND_LEASE_SECONDS: opts.leaseSeconds } : {}),
      ...(opts.staleMinutes !== undefined ? { INBOUND_STALE_MINUTES: opts.staleMinutes } : {}),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_APP_TOKEN: undefined,
      SLACK_API_URL: fake.apiUrl,
      RAGTIME_ADMINS: opts.admins,
      slack: { enabled: true, mode: "http" },
      teams: { enabled: false },
    },
  });
  const server: Server = createHttpServer(async (req, res) => {
    if (await surface.handle(req, res)) return;
    res.writeHead(404);
    res.end();
  }, opts.limits ?? HTTP_LIMITS);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await surface.start();

  const post: SlackHarness["post"] = async (body, o = {}) => {
    const signed = signSlackRequest(o.secret ?? SIGNING_SECRET, body, o.ts);
    return fetch(`${url}/slack/events`, {
      method: "POST",
      headers: { "content-type": o.contentType ?? "application/json", ...signed, ...(o.headers ?? {}) },
      body,
    });
  };
  return {
    fake,
    surface,
    url,
    post,
    interact: (payload, headers) =>
      post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), {
        contentType: "application/x-www-form-urlencoded",
        headers,
      }),
    command: (params) => post(new URLSearchParams(params).toString(), { contentType: "application/x-www-form-urlencoded" }),
    event: (body, headers) => post(JSON.stringify(body), { headers }),
    async close() {
      await surface.stop();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await fake.stop();
    },
  };
}

/** A block_actions payload exactly as Slack builds it from a posted message and the clicked element. */
export function blockActionsPayload(opts: {
  user: string;
  channel: string;
  message: { ts: string; text: string; blocks: Record<string, unknown>[] };
  blockId: string;
  element: Record<string, unknown>;
  actionTs: string;
  selectedValue?: string;
}): Record<string, unknown> {
  const el = opts.element;
  const action: Record<string, unknown> = {
    type: el.type,
    action_id: el.action_id,
    block_id: opts.blockId,
    action_ts: opts.actionTs,
  };
  if (el.type === "button") {
    action.text = el.text;
    action.value = el.value;
    if (el.style) action.style = el.style;
  } else if (el.type === "static_select") {
    const opt = (el.options as { text: unknown; value: string }[]).find((o) => o.value === opts.selectedValue);
    action.selected_option = opt;
    action.placeholder = el.placeholder;
  }
  return {
    type: "block_actions",
    user: { id: opts.user, username: opts.user.toLowerCase(), name: opts.user.toLowerCase(), team_id: "T0TEST" },
    api_app_id: "A0RAGTIME",
    token: "verification-token-unused",
    container: { type: "message", message_ts: opts.message.ts, channel_id: opts.channel, is_ephemeral: false },
    trigger_id: `${opts.actionTs.replace(".", "")}.17653672481.${Math.random().toString(16).slice(2)}`,
    team: { id: "T0TEST", domain: "ragtime-test" },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: opts.channel, name: "directmessage" },
    message: {
      type: "message",
      user: "UBOT0001",
      bot_id: "BBOT0001",
      text: opts.message.text,
      ts: opts.message.ts,
      blocks: opts.message.blocks,
    },
    state: { values: {} },
    response_url: "https://hooks.slack.com/actions/T0TEST/1/unused",
    actions: [action],
  };
}

/** Finds the element with this action id in a message's blocks, with its block id. */
export function findElement(blocks: Record<string, unknown>[], pred: (el: Record<string, unknown>) => boolean) {
  for (const b of blocks) {
    for (const el of (b.elements as Record<string, unknown>[] | undefined) ?? []) {
      if (pred(el)) return { blockId: String(b.block_id), element: el };
    }
  }
  throw new Error("element not found in the message's blocks");
}

/** A view_submission payload for an opened modal, with state.values built from its input blocks. */
export function viewSubmissionPayload(view: Record<string, unknown>, user: string, values: Record<string, Record<string, unknown>>) {
  const state: Record<string, Record<string, unknown>> = {};
  for (const b of view.blocks as Record<string, unknown>[]) {
    if (b.type !== "input") continue;
    const el = b.element as Record<string, unknown>;
    const v = values[String(b.block_id)];
    state[String(b.block_id)] = {
      [String(el.action_id)]: {
        type: el.type,
        ...(v ??
          (el.type === "radio_buttons" || el.type === "static_select"
            ? { selected_option: null }
            : el.type === "datepicker"
              ? { selected_date: null }
              : { value: null })),
      },
    };
  }
  return {
    type: "view_submission",
    team: { id: "T0TEST", domain: "ragtime-test" },
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: "T0TEST" },
    api_app_id: "A0RAGTIME",
    token: "unused",
    trigger_id: "1.2.3",
    view: { ...view, team_id: "T0TEST", state: { values: state }, app_id: "A0RAGTIME", bot_id: "BBOT0001" },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** A Socket Mode envelope carrying `/ragtime <text>` (accepts a response payload), answered on `responseUrl`. */
export function slashEnvelope(opts: { envelopeId: string; user: string; responseUrl: string; text?: string }) {
  return {
    envelope_id: opts.envelopeId,
    type: "slash_commands",
    accepts_response_payload: true,
    payload: {
      command: "/ragtime",
      text: opts.text ?? "help",
      user_id: opts.user,
      channel_id: "C0GENERAL",
      team_id: "T0TEST",
      response_url: opts.responseUrl,
      trigger_id: `1.2.${opts.envelopeId}`,
    },
  };
}

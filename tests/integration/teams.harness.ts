// Test harness for the Teams surface: the real Teams SDK App (authentication ON) mounted on a real HTTP
// server, a fake Bot Connector + OpenID/JWKS and a fake Entra ID (HTTPS, client secret) at the network edge,
// and a real SQLite database. The bot gets its outbound token from the fake Entra ID with its client secret
// through ragtime's own MSAL client (src/adapters/teams/token.ts), exactly as in production; only outside
// vitest (the benchmark), where no test certificate exists, it falls back to the SDK's token hook.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTeamsSurface, type TeamsSurface } from "../../src/adapters/teams/surface.js";
import { loadConfig } from "../../src/config.js";
import { createHttpServer, HTTP_LIMITS, type HttpLimits } from "../../src/http/server.js";
import { createLogger } from "../../src/logger.js";
import { FakeBotConnector } from "../fakes/bot-connector.js";
import { FakeEntraId } from "../fakes/entra-id.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";

export const APP_ID = "00000000-0000-4000-8000-00000000a11d";
export const TENANT = "11111111-2222-4333-8444-555555555555";
export const BOT = { id: `28:${APP_ID}`, name: "ragtime" };
export const APP_SECRET = "fake-client-secret~not-a-real-one";

export interface Harness {
  t: TestDb;
  connector: FakeBotConnector;
  /** the login endpoint (null outside vitest, see above) */
  entra: FakeEntraId | null;
  surface: TeamsSurface;
  base: string;
  now: Date;
  post(activity: Record<string, unknown>, token?: string | null): Promise<{ status: number; body: unknown }>;
  token(o?: Partial<Parameters<FakeBotConnector["inboundToken"]>[0]>): Promise<string>;
  close(): Promise<void>;
}

/**
 * `opts.limits`: the server's timeouts and connection cap (default: production's, src/http/server.ts);
 * `opts.busyTimeoutMs`: the SQLite busy timeout (main.ts uses 250 ms); `opts.dir`: where the database file goes.
 */
export async function startHarness(
  now: Date,
  env: Record<string, string> = {},
  opts: { limits?: HttpLimits; busyTimeoutMs?: number; dir?: string } = {},
): Promise<Harness> {
  const t = await createSqliteTestDb({
    ...(opts.busyTimeoutMs !== undefined ? { busyTimeoutMs: opts.busyTimeoutMs } : {}),
    ...(opts.dir ? { dir: opts.dir } : {}),
  });
  const connector = await new FakeBotConnector().start();
  const entra = process.env.RAGTIME_TEST_TLS_DIR
    ? await new FakeEntraId({ id: APP_ID, secret: APP_SECRET }, (id) => connector.botToken(id)).start()
    : null;
  const config = loadConfig({
    NODE_ENV: "test",
    DATABASE_URL: t.url,
    TEAMS_APP_ID: APP_ID,
    TEAMS_TENANT_ID: TENANT,
    TEAMS_OPENID_METADATA_URL: connector.openIdMetadataUrl,
    TEAMS_SERVICE_URL: connector.serviceUrl,
    RAGTIME_ADMINS: "",
    ...(entra ? { TEAMS_APP_PASSWORD: APP_SECRET, TEAMS_LOGIN_ENDPOINT: entra.origin } : {}),
    ...env,
  });
  const surface = createTeamsSurface({
    db: t.db,
    config,
    log: createLogger("silent"),
    clock: { now: () => now },
    ...(entra ? {} : { token: () => connector.botToken(APP_ID) }),
  });
  await surface.start();
  const server: Server = createHttpServer(async (req, res) => {
    if (await surface.handle(req, res)) return;
    res.writeHead(404).end();
  }, opts.limits ?? HTTP_LIMITS);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const token = (o: Partial<Parameters<FakeBotConnector["inboundToken"]>[0]> = {}) => connector.inboundToken({ appId: APP_ID, ...o });
  return {
    t,
    connector,
    entra,
    surface,
    base,
    now,
    token,
    async post(activity, tok) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      const value = tok === undefined ? await token() : tok;
      if (value !== null) headers.authorization = `Bearer ${value}`;
      const res = await fetch(`${base}/api/messages`, { method: "POST", headers, body: JSON.stringify(activity) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await surface.stop();
      await connector.stop();
      await entra?.stop();
      await t.cleanup();
    },
  };
}

let seq = 0;
export function activityBase(h: Harness, user: { id: string; aadObjectId?: string; name?: string }, conversation: Record<string, unknown>) {
  seq++;
  return {
    id: `f:${seq}`,
    channelId: "msteams",
    serviceUrl: h.connector.serviceUrl,
    timestamp: h.now.toISOString(),
    from: user,
    recipient: BOT,
    conversation: { tenantId: TENANT, ...conversation },
    channelData: { tenant: { id: TENANT } },
  };
}

export function installActivity(h: Harness, user: { id: string; aadObjectId?: string; name?: string }, conversationId: string) {
  return {
    ...activityBase(h, user, { id: conversationId, conversationType: "personal" }),
    type: "installationUpdate",
    action: "add",
  };
}

export function invokeActivity(
  h: Harness,
  user: { id: string; aadObjectId?: string; name?: string },
  conversationId: string,
  replyToId: string,
  action: { verb: string; data: Record<string, unknown> },
) {
  return {
    ...activityBase(h, user, { id: conversationId, conversationType: "personal" }),
    type: "invoke",
    name: "adaptiveCard/action",
    replyToId,
    value: { action: { type: "Action.Execute", ...action }, trigger: "manual" },
  };
}

export function messageActivityIn(
  h: Harness,
  user: { id: string; aadObjectId?: string; name?: string },
  conversation: Record<string, unknown>,
  text: string,
  mention = false,
) {
  return {
    ...activityBase(h, user, conversation),
    type: "message",
    text: mention ? `<at>ragtime</at> ${text}` : text,
    textFormat: "plain",
    ...(mention ? { entities: [{ type: "mention", text: "<at>ragtime</at>", mentioned: BOT }] } : {}),
  };
}

// createTeamsSurface: the Teams SDK App mounted on ragtime's own HTTP server. A small IHttpServerAdapter
// captures the SDK's POST /api/messages handler (JWT validation + activity routing) instead of letting the
// SDK start Express on its own port (app.start() would listen on 3978 and swallow listen errors).

import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TokenCredentials } from "@microsoft/teams.api";
import { App, type HttpRouteHandler, type IHttpServerAdapter } from "@microsoft/teams.apps";
import type { Client as HttpClient, ILogger } from "@microsoft/teams.common";
import type { Clock } from "../../clock.js";
import type { Config } from "../../config.js";
import type { Messenger } from "../../delivery/messenger.js";
import { admit, HttpRefusal, header, readBody, refuse } from "../../http/admission.js";
import type { Logger } from "../../logger.js";
import { actMany, createActBatcher } from "../../services/act-batch.js";
import { isLinkedTeamsUser } from "../../services/conversations.js";
import { createInboundJournal } from "../../services/inbound-journal.js";
import { createInboundSettler } from "../../services/inbound-settle.js";
import type { Db } from "../../storage/db.js";
import { handleCardAction, type InvokeActivity } from "./card-actions.js";
import { allowUnauthenticated, requireAppId, teamsCloud } from "./cloud.js";
import { conversationKind, forgetReference, saveReference } from "./conversations.js";
import { IMAGE_PATH, serveImage } from "./images.js";
import { botFrameworkCredentials } from "./inbound-auth.js";
import { messageActivity, TeamsMessenger } from "./messenger.js";
import { answerMessage, helpCard, type MessageActivity } from "./questions.js";
import { renderAdaptiveCard } from "./render.js";
import { clientSecretTokenFactory } from "./token.js";

export const MESSAGING_ENDPOINT = "/api/messages";
/** Bot Framework activities are at most 256 KB (Teams messages far less): anything larger is refused (413). */
export const TEAMS_BODY_LIMIT = 256 * 1024;

export interface TeamsSurfaceDeps {
  db: Db;
  config: Config;
  log: Logger;
  /** the composition root's clock (src/clock.ts) */
  clock: Clock;
  /** outbound bot token provider; default: the client secret through MSAL (token.ts), else managed identity */
  token?: TokenCredentials["token"];
}

export interface TeamsSurface {
  messenger: Messenger;
  /** serves POST /api/messages; returns false for any other request */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  start(): Promise<void>;
  stop(): Promise<void>;
  app: App;
}

class MountedAdapter implements IHttpServerAdapter {
  readonly routes = new Map<string, HttpRouteHandler>();
  registerRoute(method: "POST", path: string, handler: HttpRouteHandler): void {
    this.routes.set(`${method} ${path}`, handler);
  }
}

function sdkLogger(log: Logger, name = "teams"): ILogger {
  const child = log.child({ component: name });
  const fmt = (msg: unknown[]) =>
    msg.map((m) => (m instanceof Error ? m.message : typeof m === "string" ? m : JSON.stringify(m))).join(" ");
  // the SDK logs objects at debug on every request: format only what is written
  const at = (l: "trace" | "debug" | "warn" | "error") => (msg: unknown[]) => {
    if (child.isLevelEnabled(l)) child[l](fmt(msg));
  };
  const logger: ILogger = {
    debug: (...m) => at("debug")(m),
    info: (...m) => at("debug")(m), // the SDK is chatty at info
    warn: (...m) => at("warn")(m),
    error: (...m) => at("error")(m),
    trace: (...m) => at("trace")(m),
    log: (level, ...m) => at(level === "trace" ? "trace" : level === "info" ? "debug" : level)(m),
    child: (n: string) => sdkLogger(log, `${name}/${n}`),
  };
  return logger;
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(body === undefined ? "" : JSON.stringify(body));
}

export function createTeamsSurface(deps: TeamsSurfaceDeps): TeamsSurface {
  const { db, config, log } = deps;
  const now = () => deps.clock.now();
  const clientId = requireAppId(config);
  const insecure = allowUnauthenticated(config);
  if (insecure)
    log.error(
      "TEAMS AUTHENTICATION IS OFF (NODE_ENV=development, TEAMS_ALLOW_UNAUTHENTICATED=1): anyone who can reach /api/messages can act as any user. Never run like this outside a laptop.",
    );
  const enabled = { slack: config.slack.enabled, teams: true };
  const adapter = new MountedAdapter();
  const cloud = teamsCloud(config);
  // with a client secret ragtime asks the configured cloud's login endpoint itself (see token.ts); without
  // one the SDK uses managed identity
  const token =
    deps.token ??
    (config.TEAMS_APP_PASSWORD
      ? clientSecretTokenFactory({ clientId, clientSecret: config.TEAMS_APP_PASSWORD, loginEndpoint: cloud.loginEndpoint, log })
      : undefined);
  const app = new App({
    clientId,
    tenantId: config.TEAMS_TENANT_ID,
    ...(token ? { token } : {}),
    cloud,
    serviceUrl: config.TEAMS_SERVICE_URL,
    httpServerAdapter: adapter,
    messagingEndpoint: MESSAGING_ENDPOINT,
    dangerouslyAllowUnauthenticatedRequests: insecure,
    logger: sdkLogger(log),
    activity: { mentions: { stripText: true } },
  });
  // hosted chart images are signed with a key only this deployment knows
  const imageSecret = createHash("sha256")
    .update(`ragtime-teams-images:${config.TEAMS_APP_PASSWORD ?? ""}:${clientId}`)
    .digest("hex");
  const messenger = new TeamsMessenger({
    db,
    http: () => app.api.http as unknown as HttpClient,
    defaultServiceUrl: app.api.serviceUrl,
    botId: clientId,
    publicUrl: config.TEAMS_PUBLIC_URL,
    imageSecret,
  });

  // installation: personal, team or group chat
  const onInstall = async (ctx: {
    activity: {
      type: string;
      action?: string;
      serviceUrl?: string;
      from: { id: string; aadObjectId?: string };
      recipient: { id: string };
      conversation: { id: string; conversationType?: string; tenantId?: string };
      channelData?: { tenant?: { id?: string } };
      membersAdded?: { id: string; aadObjectId?: string }[];
      membersRemoved?: { id: string }[];
    };
    api: App["api"];
    send: (a: never) => Promise<unknown>;
  }) => {
    const a = ctx.activity;
    const removed =
      (a.type === "installationUpdate" && Boolean(a.action?.startsWith("remove"))) ||
      (a.type === "conversationUpdate" && Boolean(a.membersRemoved?.some((m) => m.id === a.recipient.id)));
    if (removed) {
      const forgotten = await forgetReference(db, a.conversation.id);
      log.info({ conversation: a.conversation.id, forgotten }, "teams: app removed from the conversation; reference deleted");
      return;
    }
    if (a.type === "installationUpdate" && a.action && !a.action.startsWith("add")) return;
    if (a.type === "conversationUpdate" && !a.membersAdded?.length) return;
    const kind = conversationKind(a.conversation.conversationType);
    const botAdded = a.type === "installationUpdate" || Boolean(a.membersAdded?.some((m) => m.id === a.recipient.id));
    const user = kind === "personal" ? (a.membersAdded?.find((m) => m.id !== a.recipient.id) ?? a.from) : a.from;
    if (!botAdded && kind !== "personal") return;
    let email: string | null = null;
    const aad = user.aadObjectId ?? null;
    if (kind === "personal" && (!aad || !(await isLinkedTeamsUser(db, aad)))) {
      try {
        const member = await ctx.api.conversations.members(a.conversation.id).getById(user.id);
        email = member.email ?? member.userPrincipalName ?? null;
      } catch (e) {
        log.warn({ err: e }, "teams: could not read the member's e-mail");
      }
    }
    const stored = await saveReference(db, {
      conversationId: a.conversation.id,
      kind,
      serviceUrl: a.serviceUrl ?? app.api.serviceUrl,
      tenantId: a.conversation.tenantId ?? a.channelData?.tenant?.id ?? null,
      aadObjectId: kind === "personal" ? aad : (a.from.aadObjectId ?? null),
      email,
      botId: a.recipient.id,
    });
    log.info({ conversation: stored.conversationId, kind, person: stored.personId, board: stored.boardId }, "teams: conversation stored");
    if (kind === "personal" && a.type === "installationUpdate") {
      const lines = stored.personId
        ? ["I will send you reminders before your plan milestones are due; answer them right on the card."]
        : ["Your Teams account is not linked to a plan person yet — ask a plan admin to map you, then you will get reminders here."];
      const welcome = helpCard();
      welcome.blocks.unshift(...lines.map((text) => ({ type: "text" as const, text })));
      await ctx.send(messageActivity(renderAdaptiveCard(welcome), welcome.fallback) as never);
    }
  };
  app.on("installationUpdate", onInstall as never);
  app.on("conversationUpdate", onInstall as never);

  // invokes arriving together are stored, decided and marked processed together (card-actions.ts)
  const together = {
    journal: createInboundJournal(db, { clock: deps.clock }),
    line: createActBatcher((reqs) => actMany({ db, admins: config.RAGTIME_ADMINS ?? null, enabled }, reqs)),
    settle: createInboundSettler({ retryOnFault: false }),
  };
  app.on("card.action", (async (ctx: { activity: InvokeActivity }) =>
    handleCardAction({ db, now, admins: config.RAGTIME_ADMINS, enabled, together }, ctx.activity)) as never);

  app.on("message", (async (ctx: { activity: MessageActivity; send: (a: never) => Promise<unknown> }) => {
    const card = await answerMessage({ db, now, admins: config.RAGTIME_ADMINS }, ctx.activity);
    if (card) await ctx.send(messageActivity(renderAdaptiveCard(card), card.fallback) as never);
  }) as never);

  app.event("error", ({ error }) => log.error({ err: error }, "teams: activity failed"));

  let started = false;
  const start = async () => {
    if (started) return;
    await app.initialize();
    started = true;
    log.info({ endpoint: MESSAGING_ENDPOINT, appId: clientId, serviceUrl: app.api.serviceUrl }, "Teams is on");
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? "").split("?")[0] ?? "";
    if (path.startsWith(IMAGE_PATH)) return serveImage(db, imageSecret, req, res);
    if (path !== MESSAGING_ENDPOINT) return false;
    if (req.method !== "POST") {
      sendJson(res, 405, { error: "POST only" });
      return true;
    }
    // refused from its headers, before a byte of the body is kept (http/admission.ts: 413, then 401)
    let body: unknown;
    try {
      // real clock on purpose: the token's expiry is compared with this machine's clock, as the SDK does
      const nowS = Date.now() / 1000;
      const limit = admit(req, {
        limit: TEAMS_BODY_LIMIT,
        credentials: insecure ? "present" : botFrameworkCredentials(header(req, "authorization"), clientId, nowS),
      });
      const text = await readBody(req, limit);
      try {
        body = JSON.parse(text);
      } catch {
        throw new HttpRefusal(400, "body must be a JSON activity");
      }
    } catch (e) {
      if (!(e instanceof HttpRefusal)) throw e;
      log.warn({ status: e.status, reason: e.message }, "teams: request refused");
      refuse(req, res, e.status, {
        error: e.status === 413 ? `an activity is at most ${TEAMS_BODY_LIMIT / 1024} KB` : e.status === 401 ? "unauthorized" : e.message,
      });
      return true;
    }
    await start();
    const route = adapter.routes.get(`POST ${MESSAGING_ENDPOINT}`);
    if (!route || !body || typeof body !== "object") {
      sendJson(res, 400, { error: "body must be a JSON activity" });
      return true;
    }
    const out = await route({ body, headers: req.headers as Record<string, string | string[]> });
    sendJson(res, out.status, out.body);
    return true;
  };

  return { messenger, handle, start, stop: async () => undefined, app };
}

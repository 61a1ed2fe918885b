// createSlackSurface: the Bolt app (HTTP receiver mounted on main.ts's one server at POST /slack/events, or
// Socket Mode when SLACK_APP_TOKEN is set) behind the durable intake (intake.ts), its listeners, and the
// outbox Messenger.

import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { App, type Logger as BoltLogger, LogLevel, SocketModeReceiver } from "@slack/bolt";
import type { Clock } from "../../clock.js";
import type { Config } from "../../config.js";
import type { Messenger } from "../../delivery/messenger.js";
import type { Logger } from "../../logger.js";
import { type ActBatcher, type ActRequest, type ActSettled, createActBatcher } from "../../services/act-batch.js";
import { createInboundJournal, type InboundJournal, type JournalStats } from "../../services/inbound-journal.js";
import { createInboundRetry, type InboundRetryStatus } from "../../services/inbound-retry.js";
import { createTurns } from "../../services/turns.js";
import type { Db } from "../../storage/db.js";
import { SlackHttpReceiver } from "./http-receiver.js";
import { IntakeReceiver } from "./intake.js";
import { registerListeners } from "./listeners.js";
import { createMessageUpdates } from "./message-updates.js";
import { createOutboxClient, SlackMessenger } from "./messenger.js";
import { defaultServices, type SlackServices } from "./services.js";
import { createWorkQueue } from "./work-queue.js";

export const SLACK_EVENTS_PATH = "/slack/events";
/** how long no Slack request must be in flight before queued work starts (at most maxDeferMs) */
const QUIET_MS = 50;
/** card clicks being processed at once (each waits for its batch) */
const CLICKS_IN_FLIGHT = 200;
/**
 * the most clicks decided in one batch: 200 gave the same after-ack time with a longer ack tail on SQLite
 * (its writes hold the event loop), 64 kept the burst's event-loop delay p99 at 10-18 ms (bench/slack.bench.ts)
 */
const BATCH = 64;
/** pieces of after-ack work (Bolt's middleware for a click, a listener's render) per event-loop turn: acks are read between turns */
const TURN_PIECES = 1;
/** how long each update to a message waits for newer ones, which replace it (message-updates.ts) */
const GATHER_MS = 20;

/** act for each request in turn (a replaced act, in tests) */
function oneAtATime(s: SlackServices, db: Db) {
  return async (reqs: ActRequest[]): Promise<ActSettled[]> => {
    const out: ActSettled[] = [];
    for (const r of reqs) {
      try {
        out.push({ ok: true, outcome: await s.act(db, r.submission, r.actor, r.surface, r.now) });
      } catch (error) {
        out.push({ ok: false, error });
      }
    }
    return out;
  };
}

export interface SlackSurfaceDeps {
  db: Db;
  config: Pick<Config, "SLACK_BOT_TOKEN" | "SLACK_SIGNING_SECRET" | "SLACK_APP_TOKEN" | "SLACK_API_URL" | "RAGTIME_ADMINS"> &
    Partial<Pick<Config, "INBOUND_LEASE_SECONDS" | "INBOUND_STALE_MINUTES">> & {
      slack: Config["slack"];
      teams?: Config["teams"];
    };
  log: Logger;
  /** the composition root's clock (src/clock.ts) */
  clock: Clock;
  /** how many interactions are processed at once after their ack (default 2) */
  workConcurrency?: number;
  /** replace individual services (tests); defaults are the real ones */
  services?: Partial<SlackServices>;
  /** where interactions are stored before their ack (tests); default: a group-committing journal on `db` */
  journal?: InboundJournal;
  /** the retry worker's poll interval (tests; default from INBOUND_LEASE_SECONDS) */
  retryPollMs?: number;
}

export interface SlackSurface {
  messenger: Messenger;
  /** serves POST /slack/events (HTTP mode); false for anything else, and always in Socket Mode */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** resolves when all work started after an ack has finished */
  idle(): Promise<void>;
  readonly app: App;
  readonly mode: "http" | "socket";
  /** group commits of stored interactions so far (bench) */
  readonly journalStats: JournalStats;
  /** batches of clicks decided together so far (bench) */
  readonly actStats: ActBatcher["stats"];
  /** acknowledged work still unprocessed (the retry worker's view; /healthz) */
  inboundStatus(): InboundRetryStatus;
}

function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ surface: "slack" });
  let level = LogLevel.INFO;
  // Bolt logs at debug on every request: skip the formatting unless debug is on
  const at =
    (l: "debug" | "info" | "warn" | "error") =>
    (...m: unknown[]) => {
      if (child.isLevelEnabled(l)) child[l](m.map(String).join(" "));
    };
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

export function createSlackSurface(deps: SlackSurfaceDeps): SlackSurface {
  const c = deps.config;
  if (!c.slack.enabled || !c.SLACK_BOT_TOKEN)
    throw new Error("Slack is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)");
  const mode = c.SLACK_APP_TOKEN ? "socket" : "http";
  const logger = boltLogger(deps.log);
  const clientOptions = {
    ...(c.SLACK_API_URL ? { slackApiUrl: c.SLACK_API_URL } : {}),
    // listeners' calls (chat.update, views.open...) retry briefly; the outbox client never retries
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
  };

  // Commands, mentions and DMs (a question can take a while to answer) give way to requests still waiting for
  // their ack (see work-queue.ts): they start once no request has been in flight for QUIET_MS.
  let acking = 0;
  let lastAckAt = 0;
  const queue = createWorkQueue({
    concurrency: deps.workConcurrency ?? 2,
    // elapsed time only (monotonic), not "now": performance.now() is not the domain clock
    gate: () => acking === 0 && performance.now() - lastAckAt >= QUIET_MS,
    maxDeferMs: 5000,
  });
  // card clicks start at once (no gate): each takes its place in the batcher's line, which decides them in
  // that order, a batch at a time, yielding to the event loop between batches (services/act-batch.ts)
  const clicks = createWorkQueue({ concurrency: CLICKS_IN_FLIGHT });
  const own = createInboundJournal(deps.db, { clock: deps.clock });
  const journal = deps.journal ?? own;

  // the receivers read, verify and answer requests (http-receiver.ts; Bolt's own in Socket Mode); the intake
  // between them and the app stores interactions before their ack
  let http: SlackHttpReceiver | null = null;
  let inner: SlackHttpReceiver | SocketModeReceiver;
  if (mode === "http") {
    if (!c.SLACK_SIGNING_SECRET) throw new Error("SLACK_SIGNING_SECRET is required in HTTP mode");
    inner = http = new SlackHttpReceiver({ signingSecret: c.SLACK_SIGNING_SECRET, logger });
  } else {
    inner = new SocketModeReceiver({
      appToken: c.SLACK_APP_TOKEN as string,
      logger,
      // the Socket Mode client opens its connection (apps.connections.open) with installerOptions.clientOptions,
      // not the app's clientOptions: SLACK_API_URL goes to both (GovSlack)
      installerOptions: { clientOptions: c.SLACK_API_URL ? { slackApiUrl: c.SLACK_API_URL } : {} },
    });
  }
  const enabled = { slack: true, teams: Boolean(c.teams?.enabled) };
  const services: SlackServices = { ...defaultServices({ admins: c.RAGTIME_ADMINS, enabled, clock: deps.clock }), ...deps.services };
  // a replaced act (tests) without its own actMany is used one submission at a time, still in line order
  const runActs =
    deps.services?.act && !deps.services.actMany ? oneAtATime(services, deps.db) : (reqs: ActRequest[]) => services.actMany(deps.db, reqs);
  const turns = createTurns({ perTurn: TURN_PIECES });
  const batcher = createActBatcher(runActs, { turns, maxBatch: BATCH });
  const intake = new IntakeReceiver(inner, { journal, queue, clicks, batcher, turns, log: deps.log });
  // convoStore: false — ragtime keeps no conversation state in Bolt (one less middleware per request)
  const app = new App({ token: c.SLACK_BOT_TOKEN, receiver: intake, clientOptions, logger, convoStore: false, deferInitialization: true });

  const listeners = registerListeners(app, {
    db: deps.db,
    log: deps.log,
    now: () => deps.clock.now(),
    services,
    admins: c.RAGTIME_ADMINS,
    journal,
    updates: createMessageUpdates({ gatherMs: GATHER_MS }),
    run: queue.run,
  });
  app.error(async (err) => {
    deps.log.error({ err }, "slack: unhandled listener error");
  });

  // acknowledged interactions whose processing did not finish (a database fault, a crash) are claimed and
  // processed again by the running service, with backoff (services/inbound-retry.ts)
  const retry = createInboundRetry({
    db: deps.db,
    source: "slack",
    log: deps.log,
    now: () => deps.clock.now(),
    workerId: `${process.pid}-${randomUUID().slice(0, 6)}`,
    process: (row, now) => listeners.processStored(intake, row, now),
    freshMs: (c.INBOUND_LEASE_SECONDS ?? 30) * 1000,
    staleMs: (c.INBOUND_STALE_MINUTES ?? 3) * 60_000,
    ...(deps.retryPollMs !== undefined ? { pollMs: deps.retryPollMs } : {}),
  });

  const messenger = new SlackMessenger(createOutboxClient(c.SLACK_BOT_TOKEN, c.SLACK_API_URL));
  let started = false;

  return {
    app,
    mode,
    messenger,
    async handle(req, res) {
      if (!http || !started) return false;
      const path = (req.url ?? "").split("?")[0];
      if (path !== SLACK_EVENTS_PATH || req.method !== "POST") return false;
      // a request holds after-ack work back only once its body is in: a slow (or hostile) client still sending
      // its body does not delay anyone's processing (the server's requestTimeout ends it)
      let counted = false;
      let done = false;
      req.once("end", () => {
        if (done || counted) return;
        counted = true;
        acking += 1;
      });
      const finished = () => {
        if (done) return;
        done = true;
        if (!counted) return;
        acking -= 1;
        lastAckAt = performance.now();
        queue.pump();
      };
      res.once("finish", finished);
      res.once("close", finished);
      http.requestListener(req, res);
      return true;
    },
    async start() {
      // auth.test once: a wrong token fails here, loudly, instead of on the first click
      await app.init();
      if (mode === "socket") await app.start();
      started = true;
      // clicks/forms stored and acked but not processed before a restart are processed now (claimed: two
      // replicas starting together never both take one), then the worker keeps retrying what faults leave behind
      const replayed = await retry.runOnce({ startup: true });
      if (replayed) deps.log.info({ replayed }, "slack: processed interactions left over from before the restart");
      retry.start();
      deps.log.info({ mode, path: mode === "http" ? SLACK_EVENTS_PATH : undefined }, "slack: ready");
    },
    async stop() {
      started = false;
      await retry.stop();
      if (mode === "socket") await app.stop();
      await journal.drain();
      await clicks.idle();
      await queue.idle();
    },
    async idle() {
      await journal.drain();
      await clicks.idle();
      await queue.idle();
    },
    actStats: batcher.stats,
    journalStats: own.stats,
    inboundStatus: () => retry.status(),
  };
}

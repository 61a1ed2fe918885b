// Composition root: the one place that wires config, database, chat surfaces, the outbox worker and the
// scheduler. Everything else receives what it needs as arguments.
import { randomUUID } from "node:crypto";
import type { createSlackSurface } from "./adapters/slack/index.js";
import { useChartFonts } from "./charts/fonts.js";
import { systemClock } from "./clock.js";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { isUserError } from "./core/errors.js";
import { LogMessenger } from "./delivery/log-messenger.js";
import type { Messenger, Platform } from "./delivery/messenger.js";
import { limitsFromConfig } from "./delivery/rate-limit.js";
import { startOutboxWorker } from "./delivery/worker.js";
import { healthHandler, type SurfaceStatus } from "./health.js";
import { createHttpServer } from "./http/server.js";
import { createLogger } from "./logger.js";
import { startScheduler } from "./scheduler/index.js";
import { indicatorJob } from "./scheduler/indicator-job.js";
import { digestJob, reminderJob, retentionJob } from "./scheduler/jobs.js";
import { reminderWithdrawReason } from "./services/reminder-withdrawal.js";
import { openDbLazy, sqliteFileWarnings } from "./storage/db-open.js";
import { requireMigrated } from "./storage/migrations.js";

interface Surface {
  messenger: Messenger;
  handle(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse): Promise<boolean>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
}

async function main() {
  const config = readConfig();
  useChartFonts(config.chartFonts);
  const log = createLogger(config.LOG_LEVEL, config.LOG_FORMAT);
  const pgc = config.playground;
  if (pgc.enabled)
    log.info(
      `ragtime playground: http://localhost:${config.PORT}/ (no Slack or Teams credentials, so the playground shows what they would send; local only, on ${pgc.host})`,
    );
  // a long-running process: WAL checkpoints run on a worker thread, not inside a commit (sqlite-checkpointer.ts)
  // and a lock held by another process fails a statement after 250 ms instead of freezing the event loop for 5 s
  // only the provider the URL needs is loaded (on SQLite, pg and the PostgreSQL client stay out of the process)
  const handle = await openDbLazy(config.DATABASE_URL, { backgroundCheckpoints: true, busyTimeoutMs: 250 });
  const db = handle.db;
  for (const w of sqliteFileWarnings(config.DATABASE_URL)) log.warn(w);
  try {
    await requireMigrated(handle);
  } catch (e) {
    if (!isUserError(e)) throw e;
    console.error(`ragtime: ${e.message} (${e.code}). ${e.fix ?? ""}`.trim());
    await handle.close();
    process.exit(2);
  }

  // local mode: the log platform's messenger is the playground, and everything runs on its shiftable clock
  // each surface's code (the Teams SDK, Bolt, the playground) is loaded only when it is on: idle memory (issue 20)
  const playground = pgc.enabled
    ? await (await import("./playground/index.js")).preparePlayground({
        db,
        log,
        base: systemClock,
        host: pgc.host,
        admins: config.RAGTIME_ADMINS,
      })
    : null;
  // the only real clock (shifted by the playground in local mode): everything below takes "now" from it
  const clock = playground?.clock ?? systemClock;
  const messengers: Partial<Record<Platform, Messenger>> = {
    log: playground?.messenger ?? new LogMessenger(log, { debugText: config.RAGTIME_LOG_TEXT }),
  };
  const surfaces: Surface[] = [];
  let slack: ReturnType<typeof createSlackSurface> | null = null;
  if (config.slack.enabled) {
    slack = (await import("./adapters/slack/index.js")).createSlackSurface({ db, config, log, clock });
    messengers.slack = slack.messenger;
    surfaces.push(slack);
  } else {
    log.warn(
      "Slack is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP mode) or SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) to turn it on — see README 'Slack'",
    );
  }
  if (config.teams.enabled) {
    const teams = (await import("./adapters/teams/index.js")).createTeamsSurface({ db, config, log, clock });
    messengers.teams = teams.messenger;
    surfaces.push(teams);
  } else {
    log.warn("Teams is off: set TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID to turn it on — see README 'Microsoft Teams'");
  }
  if (pgc.refused === "NODE_ENV=production") log.warn("no playground: it is never served with NODE_ENV=production");
  if (!config.slack.enabled && !config.teams.enabled && !pgc.enabled)
    log.info(
      "local mode: reminders and digests go to the log messenger (ids and lengths; RAGTIME_LOG_TEXT=1 logs their text); try `npm run --silent ragtime -- --help`",
    );

  const status: SurfaceStatus = {
    slack: config.slack.mode,
    teams: config.teams.enabled ? "on" : "off",
    messenger: Object.keys(messengers).join(","),
  };
  const health = healthHandler(
    db,
    () => ({ surfaces: status, inbound: slack?.inboundStatus() }),
    () => clock.now(),
  );
  let playgroundRoute: ((req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => Promise<boolean>) | null =
    null;
  // the one server, with its timeouts and connection cap (src/http/server.ts HTTP_LIMITS)
  const server = createHttpServer(async (req, res) => {
    try {
      if (await health(req, res)) return;
      if (playgroundRoute && (await playgroundRoute(req, res))) return;
      for (const s of surfaces) if (await s.handle(req, res)) return;
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found\n");
    } catch (e) {
      log.error({ err: e }, "request failed");
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("internal error\n");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    // the playground is local only: bound to 127.0.0.1 (PLAYGROUND_HOST) rather than every interface
    if (pgc.enabled) server.listen(config.PORT, pgc.host, resolve);
    else server.listen(config.PORT, resolve);
  });
  for (const s of surfaces) await s.start();

  // SQLite: one process owns the outbox. PostgreSQL: any number of replicas (claims use FOR UPDATE SKIP LOCKED).
  const worker = startOutboxWorker({
    db,
    messengers,
    limits: limitsFromConfig(config),
    log,
    workerId: `${process.pid}-${randomUUID().slice(0, 6)}`,
    pollMs: config.OUTBOX_POLL_MS,
    now: () => clock.now(),
    // a reminder whose milestones were all completed, paused or snoozed while it waited is not sent
    withdrawReason: (m, now) => reminderWithdrawReason(db, m.id, now),
  });
  if (playground) {
    const pg = playground.attach(worker);
    playgroundRoute = pg.handle;
    pg.ready.catch((e: unknown) => log.error({ err: e }, "playground: could not import the demo plan or run the first round"));
  }
  const scheduler = startScheduler(
    [reminderJob(db, config, log), digestJob(db, config, log), retentionJob(db, config, log), indicatorJob(db, config, log)],
    log,
    clock,
  );
  log.info({ port: config.PORT, database: handle.provider, surfaces: status }, "ragtime is running — GET /healthz");

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    await scheduler.stop();
    await worker.stop();
    for (const s of surfaces) await s.stop();
    server.close();
    await handle.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

void main();

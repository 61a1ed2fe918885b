// Composition helper for src/main.ts: the reminder scheduler plus the outbox worker, with the messengers
// the surfaces provide (LogMessenger always handles the "log" platform).
import type { Config } from "../config.js";
import { LogMessenger } from "../delivery/log-messenger.js";
import type { Messenger, Platform } from "../delivery/messenger.js";
import { limitsFromConfig } from "../delivery/rate-limit.js";
import { type OutboxWorker, startOutboxWorker } from "../delivery/worker.js";
import type { Logger } from "../logger.js";
import type { Db } from "../storage/db.js";
import { type Job, type Scheduler, startScheduler } from "./index.js";
import { reminderJob } from "./jobs.js";

export interface ReminderRuntimeDeps {
  db: Db;
  config: Config;
  log: Logger;
  /** messengers from the Slack / Teams surfaces that are configured */
  messengers: Partial<Record<Platform, Messenger>>;
  /** more scheduled jobs (e.g. the digest tick) to run on the same scheduler */
  extraJobs?: Job[];
}

export function startReminderRuntime(deps: ReminderRuntimeDeps): { scheduler: Scheduler; worker: OutboxWorker; stop(): Promise<void> } {
  const scheduler = startScheduler([reminderJob(deps.db, deps.config, deps.log), ...(deps.extraJobs ?? [])], deps.log);
  const worker = startOutboxWorker({
    db: deps.db,
    messengers: { log: new LogMessenger(deps.log), ...deps.messengers },
    limits: limitsFromConfig(deps.config),
    log: deps.log,
    pollMs: deps.config.OUTBOX_POLL_MS,
  });
  return {
    scheduler,
    worker,
    async stop() {
      await scheduler.stop();
      await worker.stop();
    },
  };
}

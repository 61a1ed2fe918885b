// The scheduler: node-cron ticks that only call services. Jobs are idempotent (dedupe keys, unique
// constraints), so running two replicas, restarting, or a tick overlapping a slow one is safe; a tick
// still running when the next fires is skipped rather than stacked.

import cron from "node-cron";
import type { Clock } from "../clock.js";
import { UserError } from "../core/errors.js";
import type { Logger } from "../logger.js";

export interface Job {
  name: string;
  /** 5-field (or 6-field with seconds) cron expression */
  cron: string;
  run: (now: Date) => Promise<void>;
}

export interface Scheduler {
  stop(): Promise<void>;
}

export class ScheduleError extends UserError {
  constructor(message: string, fix?: string) {
    super("schedule.bad_cron", message, fix);
  }
}

export function startScheduler(jobs: Job[], log: Logger, clock: Clock): Scheduler {
  for (const j of jobs)
    if (!cron.validate(j.cron)) throw new ScheduleError(`job ${j.name}: "${j.cron}" is not a valid cron expression (e.g. "* * * * *")`);
  const running = new Map<string, Promise<void>>();
  const tasks = jobs.map((job) =>
    cron.schedule(
      job.cron,
      () => {
        if (running.has(job.name)) {
          log.debug({ job: job.name }, "previous tick still running; skipped");
          return;
        }
        const p = job
          .run(clock.now())
          .catch((e: unknown) => log.error({ job: job.name, err: e }, "scheduled job failed"))
          .finally(() => running.delete(job.name));
        running.set(job.name, p);
      },
      { name: job.name },
    ),
  );
  log.info({ jobs: jobs.map((j) => `${j.name} ${j.cron}`) }, "scheduler started");
  return {
    async stop() {
      for (const t of tasks) await t.destroy();
      await Promise.all(running.values());
    },
  };
}

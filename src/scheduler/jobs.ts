// Scheduled jobs: each only calls a service; all are idempotent (dedupe keys, unique constraints).
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { runDigestTick } from "../services/digest.js";
import { pruneInbound } from "../services/inbound.js";
import { runReminderTick } from "../services/reminders.js";
import type { Db } from "../storage/db.js";
import type { Job } from "./index.js";

export function reminderJob(db: Db, config: Pick<Config, "REMINDER_TICK" | "slack" | "teams">, log: Logger): Job {
  return {
    name: "reminders",
    cron: config.REMINDER_TICK,
    async run(now) {
      const r = await runReminderTick(db, now, { enabled: { slack: config.slack.enabled, teams: config.teams.enabled } });
      if (r.written.length) log.info({ planned: r.written.length }, "reminders queued");
      if (r.unmapped.length)
        log.warn({ people: r.unmapped }, "reminders for people with no chat account went to the log (map them: ragtime people)");
    },
  };
}

/**
 * The digest job: posts each board's digest when its own schedule (board.schedule, board.timeZone) is due. A
 * board whose plan is not live gets no digest; that is logged once per board and slot (ids and the plan's key
 * only), with the fix.
 */
export function digestJob(db: Db, config: Pick<Config, "DIGEST_TICK" | "slack" | "teams">, log: Logger): Job {
  const told = new Set<string>();
  return {
    name: "digests",
    cron: config.DIGEST_TICK,
    async run(now) {
      const r = await runDigestTick(db, now, { slack: config.slack.enabled, teams: config.teams.enabled });
      const posted = r.filter((x) => !x.notLive);
      if (posted.length) log.info({ boards: posted.length }, "digest tick");
      for (const x of r) {
        if (!x.notLive || told.has(`${x.boardId}|${x.asOf}`)) continue;
        told.add(`${x.boardId}|${x.asOf}`);
        log.warn(
          { boardId: x.boardId, plan: x.planKey, asOf: x.asOf },
          `digest not posted: the board's plan is not live (fix: ragtime plan go-live ${x.planKey})`,
        );
      }
    },
  };
}

/** Daily at 03:00: deletes raw Slack/Teams payloads processed more than INBOUND_RETENTION_DAYS ago. */
export function retentionJob(db: Db, config: Pick<Config, "INBOUND_RETENTION_DAYS">, log: Logger): Job {
  return {
    name: "retention",
    cron: "0 3 * * *",
    async run(now) {
      const n = await pruneInbound(db, now, config.INBOUND_RETENTION_DAYS);
      if (n) log.info({ deleted: n, days: config.INBOUND_RETENTION_DAYS }, "old raw interactions deleted");
    },
  };
}

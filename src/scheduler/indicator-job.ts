// The indicator collection job: on the reminder tick, asks owners for their indicators' figures before each
// board meeting (services/indicator-collection.ts); idempotent (one request per indicator and period).
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { runIndicatorCollectionTick } from "../services/indicator-collection.js";
import type { Db } from "../storage/db.js";
import type { Job } from "./index.js";

export function indicatorJob(db: Db, config: Pick<Config, "REMINDER_TICK" | "slack" | "teams">, log: Logger): Job {
  return {
    name: "indicators",
    cron: config.REMINDER_TICK,
    async run(now) {
      const r = await runIndicatorCollectionTick(db, now, { slack: config.slack.enabled, teams: config.teams.enabled });
      if (r.queued.length) log.info({ requested: r.queued.length }, "indicator figures requested");
      for (const e of r.errors) log.warn(e);
    },
  };
}

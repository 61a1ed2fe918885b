// `ragtime reminders`: what would be sent now (--dry-run --json), or run one real tick (--send).
import type { Command } from "commander";
import type { Clock } from "../../clock.js";
import type { Config } from "../../config.js";
import { LogMessenger } from "../../delivery/log-messenger.js";
import type { Messenger, Platform } from "../../delivery/messenger.js";
import { limitsFromConfig } from "../../delivery/rate-limit.js";
import { startOutboxWorker } from "../../delivery/worker.js";
import { createLogger, type Logger } from "../../logger.js";
import { reminderWithdrawReason } from "../../services/reminder-withdrawal.js";
import { runReminderTick, toJson } from "../../services/reminders.js";
import type { Db } from "../../storage/db.js";
import { UsageError, withDb } from "../context.js";
import type { CliIo } from "../io.js";
import { parseInstant } from "../options.js";
import { requirePlan } from "../plan-arg.js";

export function parseAsOf(raw: string | undefined, clock: Clock): Date {
  return parseInstant(raw, "--as-of", () => clock.now());
}

/** The messengers this process can use: log always; Slack / Teams when configured. */
export async function configuredMessengers(db: Db, config: Config, log: Logger, clock: Clock, print?: (t: string) => void) {
  const messengers: Partial<Record<Platform, Messenger>> = { log: new LogMessenger(log, print) };
  if (config.slack.enabled) {
    const { createSlackSurface } = await import("../../adapters/slack/index.js");
    messengers.slack = createSlackSurface({ db, config, log, clock }).messenger;
  }
  if (config.teams.enabled) {
    const { createTeamsSurface } = await import("../../adapters/teams/index.js");
    messengers.teams = createTeamsSurface({ db, config, log, clock }).messenger;
  }
  return { messengers };
}

export function registerReminders(program: Command, io: CliIo): void {
  program
    .command("reminders")
    .description("plan reminders as of a time: --dry-run prints what would be sent; --send runs one tick for real")
    .option("--as-of <iso>", "ISO date-time to plan as of (default: now)")
    .option("--plan <key>", "only this plan")
    .option("--dry-run", "plan only; write and send nothing")
    .option("--send", "plan, queue and deliver once (catch-up and tests)")
    .option("--json", "print JSON")
    .action(async (opts: { asOf?: string; plan?: string; dryRun?: boolean; send?: boolean; json?: boolean }) => {
      await withDb(io, async (h, config, clock) => {
        if (opts.dryRun && opts.send) throw new UsageError("choose one of --dry-run and --send");
        if (!opts.dryRun && !opts.send) throw new UsageError("say --dry-run (show what would be sent) or --send (run one tick)");
        const asOf = parseAsOf(opts.asOf, clock);
        const enabled = { slack: config.slack.enabled, teams: config.teams.enabled };
        const log = createLogger(config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL, config.LOG_FORMAT);
        if (opts.plan) await requirePlan(h.db, opts.plan, "--plan");
        const tick = await runReminderTick(h.db, asOf, { enabled, planKey: opts.plan, dryRun: !!opts.dryRun });
        if (opts.dryRun) {
          if (opts.json) io.out(JSON.stringify(tick.planned.map(toJson), null, 2));
          else {
            for (const r of tick.planned.map(toJson))
              io.out(`${r.kind.padEnd(10)} ${r.to} via ${r.via}: ${r.items.map((i) => i.ref ?? i.milestone).join(", ")}`);
            io.out(`${tick.planned.length} reminder(s) due as of ${asOf.toISOString()}`);
          }
          if (tick.unmapped.length) io.err(`no chat account (log only): ${tick.unmapped.join(", ")}`);
          return;
        }
        const { messengers } = await configuredMessengers(h.db, config, log, clock, opts.json ? undefined : (t) => io.out(t));
        const worker = startOutboxWorker({
          db: h.db,
          messengers,
          limits: limitsFromConfig(config),
          log,
          poll: false,
          // the tick's own time: a reminder planned --as-of a date is due by that date's clock
          now: () => asOf,
          withdrawReason: (m, now) => reminderWithdrawReason(h.db, m.id, now),
        });
        const drained = await worker.drainOnce();
        await worker.stop();
        const summary = {
          asOf: asOf.toISOString(),
          planned: tick.planned.length,
          queued: tick.written.length,
          ...drained,
          unmapped: tick.unmapped,
        };
        if (opts.json) io.out(JSON.stringify(summary, null, 2));
        else
          io.out(
            `queued ${summary.queued} new reminder(s) of ${summary.planned} due; sent ${drained.sent}, retrying ${drained.retried}, failed ${drained.dead}` +
              (tick.unmapped.length ? `\nno chat account (sent to the log): ${tick.unmapped.join(", ")}` : ""),
          );
      });
    });
}

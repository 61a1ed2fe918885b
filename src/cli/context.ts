// Shared CLI plumbing: config, the clock and an open, migrated database for every command. Errors are not
// handled here: they reach runCli (program.ts), which maps every UserError once (exit code, message, fix).
import { useChartFonts } from "../charts/fonts.js";
import { type Clock, systemClock } from "../clock.js";
import { type Config, loadConfig } from "../config.js";
import { UserError } from "../core/errors.js";
import type { DbHandle } from "../storage/db.js";
import { openDbLazy } from "../storage/db-open.js";
import { ensureMigrated } from "../storage/migrations.js";
import type { CliIo } from "./io.js";

/** A wrong command line: an unknown plan, a bad option value. */
export class UsageError extends UserError {
  constructor(message: string, exitCode = 2, fix?: string) {
    super("cli.usage", message, fix, exitCode);
  }
}

/** The CLI's composition root reads the real clock here, once per command; everything below is handed it. */
export const cliClock: Clock = systemClock;

/**
 * Runs a command body with the configuration and an open database (closed afterwards, whatever happens). The
 * database must be migrated (a brand-new one is, once; one that is behind is a user error naming `ragtime db
 * migrate`); `migrate: false` skips the check (for `ragtime db` itself).
 */
export async function withDb<T>(
  io: CliIo,
  fn: (h: DbHandle, config: Config, clock: Clock) => Promise<T>,
  opts: { migrate?: boolean } = {},
): Promise<T> {
  const config = loadConfig(io.env);
  useChartFonts(config.chartFonts);
  const h = await openDbLazy(config.DATABASE_URL);
  try {
    if (opts.migrate !== false) await ensureMigrated(h, (m) => io.err(m));
    return await fn(h, config, io.clock ?? cliClock);
  } finally {
    await h.close();
  }
}

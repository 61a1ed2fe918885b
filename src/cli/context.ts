// Shared CLI plumbing: config, database and a clean exit for every command.
import { useChartFonts } from "../charts/fonts.js";
import { type Clock, systemClock } from "../clock.js";
import { type Config, ConfigError, loadConfig } from "../config.js";
import { type DbHandle, openDb } from "../storage/db.js";
import { ensureMigrated, MigrationsBehind } from "../storage/migrations.js";

export class UsageError extends Error {
  constructor(
    message: string,
    public readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** The CLI's composition root reads the real clock here, once per command; everything below is handed it. */
export const cliClock: Clock = systemClock;

/**
 * Runs a command body with an open database; prints errors plainly and sets the exit code. The database must be
 * migrated (a brand-new one is, once); `migrate: false` skips the check (for `ragtime db migrate` itself).
 */
export async function withDb<T>(
  fn: (h: DbHandle, config: Config, clock: Clock) => Promise<T>,
  opts: { migrate?: boolean } = {},
): Promise<T | undefined> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exitCode = 2;
      return undefined;
    }
    throw e;
  }
  useChartFonts(config.chartFonts);
  const h = openDb(config.DATABASE_URL);
  try {
    if (opts.migrate !== false) await ensureMigrated(h);
    return await fn(h, config, cliClock);
  } catch (e) {
    if (e instanceof MigrationsBehind) {
      console.error(`ragtime: ${e.message}`);
      process.exitCode = 2;
      return undefined;
    }
    if (e instanceof UsageError) {
      console.error(`ragtime: ${e.message}`);
      process.exitCode = e.exitCode;
      return undefined;
    }
    throw e;
  } finally {
    await h.close();
  }
}

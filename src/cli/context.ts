// Shared CLI plumbing: config, database and a clean exit for every command.
import { useChartFonts } from "../charts/fonts.js";
import { type Clock, systemClock } from "../clock.js";
import { type Config, ConfigError, loadConfig } from "../config.js";
import { type DbHandle, openDb } from "../storage/db.js";
import { ensureMigrated } from "../storage/migrations.js";

export class UsageError extends Error {
  constructor(
    message: string,
    public readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** Runs a command body with an open database; prints errors plainly and sets the exit code. */
/** The CLI's composition root reads the real clock here, once per command; everything below is handed it. */
export const cliClock: Clock = systemClock;

export async function withDb<T>(fn: (h: DbHandle, config: Config, clock: Clock) => Promise<T>): Promise<T | undefined> {
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
    await ensureMigrated(h);
    return await fn(h, config, cliClock);
  } catch (e) {
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

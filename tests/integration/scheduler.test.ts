// The node-cron scheduler: validates expressions by job name, runs jobs, never stacks a slow tick, stops cleanly.

import { describe, expect, it } from "vitest";
import { fixedClock, systemClock } from "../../src/clock.js";
import { createLogger } from "../../src/logger.js";
import { ScheduleError, startScheduler } from "../../src/scheduler/index.js";

const log = createLogger("silent");
const TICK = new Date("2018-01-15T09:00:00Z");

describe("scheduler", () => {
  it("rejects a bad cron expression naming the job", () => {
    expect(() => startScheduler([{ name: "reminders", cron: "every minute", run: async () => undefined }], log, systemClock)).toThrow(
      ScheduleError,
    );
    expect(() => startScheduler([{ name: "reminders", cron: "every minute", run: async () => undefined }], log, systemClock)).toThrow(
      /job reminders/,
    );
  });

  it("runs a job with the tick time, skips ticks while it is still running, and stop() waits for it", async () => {
    const starts: Date[] = [];
    const startedAtMs: number[] = [];
    let running = 0;
    let maxRunning = 0;
    let finished = 0;
    const s = startScheduler(
      [
        {
          name: "slow",
          cron: "* * * * * *",
          run: async (now) => {
            starts.push(now);
            startedAtMs.push(performance.now());
            running++;
            maxRunning = Math.max(maxRunning, running);
            await new Promise((r) => setTimeout(r, 2500));
            running--;
            finished++;
          },
        },
      ],
      log,
      fixedClock(TICK),
    );
    while (starts.length < 2) await new Promise((r) => setTimeout(r, 100));
    await s.stop();
    expect(starts.every((d) => d.getTime() === TICK.getTime())).toBe(true); // the tick time is the injected clock's
    expect(maxRunning).toBe(1); // never two at once
    expect(finished).toBe(starts.length); // stop() waited for the running tick
    expect(startedAtMs[1]! - startedAtMs[0]!).toBeGreaterThanOrEqual(2000); // the overlapping ticks were skipped
  }, 60_000);
});

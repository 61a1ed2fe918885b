// The node-cron scheduler: validates expressions by job name, runs jobs, never stacks a slow tick, stops cleanly.
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { ScheduleError, startScheduler } from "../../src/scheduler/index.js";

const log = createLogger("silent");

describe("scheduler", () => {
  it("rejects a bad cron expression naming the job", () => {
    expect(() => startScheduler([{ name: "reminders", cron: "every minute", run: async () => undefined }], log)).toThrow(ScheduleError);
    expect(() => startScheduler([{ name: "reminders", cron: "every minute", run: async () => undefined }], log)).toThrow(/job reminders/);
  });

  it("runs a job with the tick time, skips ticks while it is still running, and stop() waits for it", async () => {
    const starts: Date[] = [];
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
            running++;
            maxRunning = Math.max(maxRunning, running);
            await new Promise((r) => setTimeout(r, 2500));
            running--;
            finished++;
          },
        },
      ],
      log,
    );
    while (starts.length < 2) await new Promise((r) => setTimeout(r, 100));
    await s.stop();
    expect(maxRunning).toBe(1); // never two at once
    expect(finished).toBe(starts.length); // stop() waited for the running tick
    expect(starts[1]!.getTime() - starts[0]!.getTime()).toBeGreaterThanOrEqual(2000); // the overlapping ticks were skipped
  }, 60_000);
});

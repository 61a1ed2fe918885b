// The log's reader goes away (a log collector restarted, the terminal or the parent process closed): the
// service must still exit when asked. Real fault: the pipe's read end is closed, so each write gets EPIPE.
// Found as a service left behind by a test run, at 100% CPU for 30 minutes: pino's default destination
// buffers lines and flushes them at exit with sonic-boom's flushSync, which retries a failed write forever
// (sonic-boom 4.2: every error but EAGAIN is retried too). src/logger.ts writes each line as it is logged.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
let child: ChildProcess | undefined;
afterAll(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

describe("the log's reader has gone", () => {
  it("a burst of lines then exit: the process exits (0) instead of retrying the lines forever", async () => {
    child = spawn(process.execPath, ["--import", "tsx", join(root, "tests/faults/log-pipe-exit.process.ts")], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const c = child;
    await new Promise<void>((resolve, reject) => {
      c.stderr?.on("data", (d: Buffer) => d.toString().includes("ready") && resolve());
      c.once("exit", (code) => reject(new Error(`exited early (${code})`)));
    });
    // close the only read end of the child's stdout, then let it log and exit
    c.stdout?.destroy();
    await new Promise((r) => setTimeout(r, 100));
    c.stdin?.write("go\n");
    const exit = await new Promise<{ code: number | null; signal: string | null; hung: boolean }>((resolve) => {
      // a hang check, not a speed goal: the process exits in milliseconds, or never
      const timer = setTimeout(() => resolve({ code: null, signal: null, hung: true }), 20_000);
      c.once("exit", (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, hung: false });
      });
    });
    expect(exit).toEqual({ code: 0, signal: null, hung: false });
  }, 30_000);
});

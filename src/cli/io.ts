// Where the CLI writes and what it reads: the process (src/cli/index.ts) or, in tests, buffers
// (buildProgram/runCli in src/cli/program.ts run the real commands in-process).
import { format } from "node:util";
import type { Clock } from "../clock.js";

export interface CliIo {
  /** a line on stdout (console.log semantics) */
  out(...args: unknown[]): void;
  /** a line on stderr */
  err(...args: unknown[]): void;
  /** the stream progress bars draw on, and whether it is a terminal */
  stderr: NodeJS.WritableStream;
  stderrIsTTY: boolean;
  /** the environment the configuration is read from (default: the process's, read by src/config.ts) */
  env?: NodeJS.ProcessEnv;
  /** "now" for the commands (default: the system clock, read once in context.ts) */
  clock?: Clock;
  /** the exit code so far (a command may set it without stopping) */
  exitCode: number;
}

export function processIo(): CliIo {
  return {
    out: (...a) => process.stdout.write(`${format(...a)}\n`),
    err: (...a) => process.stderr.write(`${format(...a)}\n`),
    stderr: process.stderr,
    stderrIsTTY: Boolean(process.stderr.isTTY),
    exitCode: 0,
  };
}

/** An io that keeps what was written (tests). */
export function bufferIo(env: NodeJS.ProcessEnv): CliIo & { stdout: string[]; stderrText: string[] } {
  const stdout: string[] = [];
  const stderrText: string[] = [];
  const write = (chunk: unknown) => {
    stderrText.push(String(chunk));
    return true;
  };
  const sink = { write } as unknown as NodeJS.WritableStream;
  return {
    stdout,
    stderrText,
    out: (...a) => stdout.push(`${format(...a)}\n`),
    err: (...a) => stderrText.push(`${format(...a)}\n`),
    stderr: sink,
    stderrIsTTY: false,
    env,
    exitCode: 0,
  };
}

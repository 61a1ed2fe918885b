// Runs the real `ragtime` CLI against a test database: in-process (the program builder in src/cli/program.ts,
// with stdout, stderr and the exit code captured), so a command costs its own work and not a Node start-up;
// and, for the one smoke test (cli-smoke.test.ts), as a child process through bin/ragtime.mjs.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { bufferIo } from "../../src/cli/io.js";
import { runCli as runProgram } from "../../src/cli/program.js";

const root = join(import.meta.dirname, "..", "..");
export const FIXTURES = join(import.meta.dirname, "../../../shared/fixtures/plans");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `ragtime <args>` in this process, with this environment only (as a fresh shell with DATABASE_URL would have). */
export async function runCli(args: string[], databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<CliResult> {
  const io = bufferIo({ PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: databaseUrl, LOG_LEVEL: "silent", ...extraEnv });
  const code = await runProgram(args, io);
  return { code, stdout: io.stdout.join(""), stderr: io.stderrText.join("") };
}

/** `ragtime <args>` as a real process (bin/ragtime.mjs -> tsx -> src/cli/index.ts). */
export function runCliProcess(args: string[], databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: "silent",
    ...extraEnv,
  };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(root, "bin", "ragtime.mjs"), ...args],
      { cwd: root, env, maxBuffer: 32 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

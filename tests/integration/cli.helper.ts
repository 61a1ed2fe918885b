// Runs the real `ragtime` CLI in a child process against a test database.
import { execFile } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");
export const FIXTURES = join(import.meta.dirname, "../../../shared/fixtures/plans");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: "silent",
    ...extraEnv,
  };
  return new Promise((resolve) => {
    execFile(
      join(root, "node_modules", ".bin", "tsx"),
      [join(root, "src", "cli", "index.ts"), ...args],
      { cwd: root, env, maxBuffer: 32 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

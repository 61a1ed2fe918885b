// The real service (`src/main.ts`, Slack in HTTP mode against the fake Web API) as its own process, for the
// kill -9 tests: resolves once it says "slack: ready". Reminders and digests never tick on their own here.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { BOT_TOKEN, SIGNING_SECRET } from "../integration/slack-harness.js";

const root = join(import.meta.dirname, "..", "..");

export function startSlackService(opts: {
  port: number;
  databaseUrl: string;
  slackApiUrl: string;
}): Promise<{ child: ChildProcess; output: () => string }> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(opts.port),
    DATABASE_URL: opts.databaseUrl,
    LOG_LEVEL: "info",
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: opts.slackApiUrl,
    REMINDER_TICK: "0 0 1 1 *",
    DIGEST_TICK: "0 0 1 1 *",
    // under `npm run test:future` the service shares this process's faked clock (its Slack signatures are checked against it)
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k === "LD_PRELOAD" || k.startsWith("FAKETIME"))),
  };
  const child = spawn(process.execPath, [join(root, "node_modules", "tsx", "dist", "cli.mjs"), "src/main.ts"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (out += d));
  return new Promise((resolve, reject) => {
    const t = setInterval(() => {
      if (/slack: ready/.test(out)) {
        clearInterval(t);
        resolve({ child, output: () => out });
      }
      if (child.exitCode !== null) {
        clearInterval(t);
        reject(new Error(`the service exited: ${out}`));
      }
    }, 100);
  });
}

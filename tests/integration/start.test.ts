// `npm start` on a fresh machine: creates the SQLite database, applies migrations, serves /healthz and
// says which chat surfaces are off and how to turn them on.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../helpers/net.js";
import { environOf, servicePid } from "../helpers/proc.js";

const root = join(import.meta.dirname, "..", "..");

describe("npm start", () => {
  const dir = mkdtempSync(join(tmpdir(), "ragtime-start-"));
  let child: ChildProcess | undefined;
  afterAll(() => {
    // npm -> sh -> node bin/ragtime-server.mjs: signal the whole process group
    if (child?.pid) process.kill(-child.pid, "SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  });

  it("creates the database, runs with no chat credentials and reports health", async () => {
    const port = await freePort();
    const dbFile = join(dir, "fresh.db");
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      DATABASE_URL: `file:${dbFile}`,
      LOG_LEVEL: "info",
    };
    child = spawn("npm", ["start", "--silent"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let output = "";
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    let health: { ok: boolean; database: { ok: boolean }; surfaces: { slack: string; teams: string } } | undefined;
    for (let i = 0; i < 240 && !health; i++) {
      await new Promise((r) => setTimeout(r, 250));
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        health = (await res.json()) as typeof health;
      } catch {
        // not listening yet
      }
    }
    expect(health, output).toBeDefined();
    expect(health?.ok).toBe(true);
    expect(health?.database.ok).toBe(true);
    expect(health?.surfaces).toMatchObject({ slack: "off", teams: "off" });
    expect(existsSync(dbFile)).toBe(true);
    expect(output).toMatch(/Slack is off: set SLACK_BOT_TOKEN/);
    expect(output).toMatch(/Teams is off: set TEAMS_APP_ID/);
    // glibc's allocator settings that keep an idle service's memory down (README "Idle memory"), unless set
    const pid = servicePid(child.pid as number);
    expect(pid).not.toBeNull();
    expect(environOf(pid as number)).toMatchObject({
      MALLOC_ARENA_MAX: "2",
      MALLOC_TRIM_THRESHOLD_: "131072",
      MALLOC_MMAP_THRESHOLD_: "32768",
    });
  });
});

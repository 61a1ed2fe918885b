// `npm start` on a fresh machine: creates the SQLite database, applies migrations, serves /healthz and
// says which chat surfaces are off and how to turn them on.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSqliteTestDb } from "../helpers/db.js";
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
    // glibc's allocator settings that keep an idle service's memory down (docs/benchmarks.md "Idle memory"), unless set
    const pid = servicePid(child.pid as number);
    expect(pid).not.toBeNull();
    expect(environOf(pid as number)).toMatchObject({
      MALLOC_ARENA_MAX: "2",
      MALLOC_TRIM_THRESHOLD_: "131072",
      MALLOC_MMAP_THRESHOLD_: "32768",
    });
  });
});

describe("the service started without `npm start` (which migrates first)", () => {
  const dir = mkdtempSync(join(tmpdir(), "ragtime-unmigrated-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** `node bin/ragtime-server.mjs` on a database: its exit code and what it printed */
  async function serve(url: string): Promise<{ code: number | null; output: string }> {
    const port = await freePort();
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), DATABASE_URL: url, PLAYGROUND: "off" };
    return new Promise((resolve) => {
      // a service that does not stop on its own is killed after 60 s: the test then fails on its exit code
      execFile(process.execPath, [join(root, "bin", "ragtime-server.mjs")], { cwd: root, env, timeout: 60_000 }, (e, stdout, stderr) =>
        resolve({ code: e ? ((e as { code?: number }).code ?? null) : 0, output: `${stdout}${stderr}` }),
      );
    });
  }

  it("on a new database: stops with exit 2 and the command that sets it up, not a failing query every second", async () => {
    const r = await serve(`file:${join(dir, "new.db")}`);
    expect(r.code, r.output).toBe(2);
    expect(r.output).toMatch(
      /^ragtime: the database in DATABASE_URL has no ragtime tables yet \(db\.new\)\. .*`npm start`.*`ragtime db migrate`/m,
    );
    expect(r.output).not.toMatch(/does not exist|outbox drain failed/);
  });

  it("on a database behind the committed migrations: stops with exit 2, naming what is missing", async () => {
    const h = await createSqliteTestDb({ dir });
    const [last] = await h.db.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1`,
    );
    await h.db.$executeRawUnsafe(`DELETE FROM "_prisma_migrations" WHERE migration_name = ?`, last?.migration_name);
    await h.close();
    const r = await serve(h.url);
    expect(r.code, r.output).toBe(2);
    expect(r.output).toContain(`ragtime: the database is behind: 1 migration(s) not applied (${last?.migration_name}) (db.behind)`);
    expect(r.output).toMatch(/ragtime db migrate/);
  });
});

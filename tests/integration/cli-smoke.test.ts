// The one CLI test that starts a real process: `ragtime` as installed (bin/ragtime.mjs -> tsx ->
// src/cli/index.ts) against a brand-new SQLite file. It proves the entry point wires the program to the
// process's stdout, stderr, environment and exit code; every other CLI test runs the same program in-process
// (cli.helper.ts runCli), which is where the commands' behaviour is checked.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliProcess } from "./cli.helper.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ragtime-cli-smoke-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("ragtime as a process", () => {
  it("migrates a new database and lists its plans (exit 0); a user error is one ragtime: line on stderr and exit 2", async () => {
    const url = `file:${join(dir, "smoke.db")}`;
    const ok = await runCliProcess(["plans", "list"], url);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("No plans yet");
    const bad = await runCliProcess(["plan", "show", "no-such-plan"], url);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^ragtime: .*no-such-plan/m);
    expect(bad.stdout).toBe("");
  });
});

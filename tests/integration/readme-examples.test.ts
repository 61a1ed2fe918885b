// Every `npm run --silent ragtime -- …` line in a ```sh block of the README runs as written (through npm and
// bin/ragtime.mjs, as a person would), in order, against a fresh SQLite database, and exits 0.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

function readmeCommands(markdown: string): string[] {
  const out: string[] = [];
  for (const block of markdown.matchAll(/```sh\n([\s\S]*?)```/g))
    for (const line of block[1]!.split("\n")) {
      const l = line.replace(/\s+#.*$/, "").trim();
      if (l.startsWith("npm run --silent ragtime -- ")) out.push(l);
    }
  return out;
}

function sh(line: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("bash", ["-c", line], { cwd: root, env, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

describe("README examples", () => {
  it("the extractor finds commands in sh blocks only, without trailing comments", () => {
    const md = "text `npm run --silent ragtime -- <command>`\n```sh\nnpm run --silent ragtime -- plans list   # all plans\nnpm test\n```\n";
    expect(readmeCommands(md)).toEqual(["npm run --silent ragtime -- plans list"]);
  });

  it("every README command line runs as written and exits 0", async () => {
    const commands = readmeCommands(readFileSync(join(root, "README.md"), "utf8"));
    expect(commands.length).toBeGreaterThanOrEqual(8);
    const dir = mkdtempSync(join(tmpdir(), "ragtime-readme-"));
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: `file:${join(dir, "readme.db")}`, LOG_LEVEL: "silent" };
    const outputs = new Map<string, string>();
    try {
      for (const c of commands) {
        const r = await sh(c, env);
        expect(r.code, `${c}\n${r.stderr}`).toBe(0);
        outputs.set(c, r.stdout);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // and they say what the README says they say
    const ask = [...outputs].find(([c]) => c.includes('"what is overdue in priority 3"'));
    expect(ask?.[1]).toMatch(/^Overdue in Priority 3 — .*, as of 1 Mar 2018: \d+/);
    const n7 = [...outputs].find(([c]) => c.includes('"status of N7"'));
    expect(n7?.[1]).toContain("N7 — IRU to review MASH/IRT interface");
    const preview = [...outputs].find(([c]) => c.includes("--preview"));
    expect(preview?.[1]).toContain("on go-live: 12 owners get a catch-up of 33 overdue items");
    const dry = [...outputs].find(([c]) => c.includes("reminders --as-of"));
    const planned = JSON.parse(dry?.[1] ?? "[]") as { kind: string }[];
    expect(planned.some((r) => r.kind === "catchup")).toBe(true);
    expect(planned.some((r) => r.kind === "escalation")).toBe(false);
  }, 300_000);
});

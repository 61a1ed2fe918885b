// CLI latency: a command that reads the database (`ragtime plans list`, `ragtime plan show`), run as a person
// runs it (`node bin/ragtime.mjs`, a new process each time) against a migrated SQLite file with Thurrock imported.
// The first run builds the bundle (not counted); the figure is the median and p90 of the runs after it.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { figure, fmtMs, percentile } from "./util.js";

export const title = "CLI latency (new process per call, SQLite)";
const root = join(import.meta.dirname, "..");
const RUNS = 9;

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "ragtime-bench-cli-"));
  const env = { ...process.env, DATABASE_URL: `file:${join(dir, "b.db")}`, LOG_LEVEL: "silent" };
  const cli = (...args: string[]) =>
    execFileSync(process.execPath, [join(root, "bin", "ragtime.mjs"), ...args], { cwd: root, env, stdio: "pipe" });
  try {
    cli("db", "migrate");
    cli(
      "import",
      join(root, "..", "shared", "fixtures", "plans", "thurrock-development-plan.csv"),
      "--plan",
      "thurrock",
      "--scale",
      "numeric5",
    );
    for (const args of [["plans", "list"], ["plan", "show", "thurrock", "--as-of", "2018-03-01"], ["--help"]]) {
      cli(...args); // warm: builds the bundle if stale, fills the OS file cache
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        cli(...args);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      figure(`ragtime ${args.join(" ")}: median / p90`, `${fmtMs(percentile(times, 50))} / ${fmtMs(percentile(times, 90))}`, "< 500 ms");
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// src/core must stay pure: no chat SDKs, database, scheduler or I/O imports.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const coreDir = join(import.meta.dirname, "..", "..", "src", "core");
const FORBIDDEN = [
  /^@slack\//,
  /^@microsoft\//,
  /^@prisma\//,
  /^prisma/,
  /^node-cron$/,
  /^pg$/,
  /^better-sqlite3$/,
  /^exceljs$/,
  /^csv-parse/,
  /^pino$/,
  /^node:(fs|http|https|net|child_process|dgram|dns|tls|worker_threads|cluster)(\/|$)/,
  /^(fs|http|https|net|child_process)$/,
  /\/(adapters|storage|scheduler|delivery|services|importer|cli|generated)\//,
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

function imports(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(
    /(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)/g,
  )) {
    out.push((m[1] ?? m[2] ?? m[3]) as string);
  }
  return out;
}

describe("src/core purity", () => {
  it("imports no platform, database, scheduler or I/O module", () => {
    const offenders: string[] = [];
    for (const f of files(coreDir)) {
      for (const spec of imports(readFileSync(f, "utf8"))) {
        if (FORBIDDEN.some((re) => re.test(spec))) offenders.push(`${relative(coreDir, f)} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("the checker itself catches a forbidden import", () => {
    expect(imports(`import { App } from "@slack/bolt";\nconst x = await import("node:fs");`)).toEqual(["@slack/bolt", "node:fs"]);
    expect(FORBIDDEN.some((re) => re.test("@prisma/client"))).toBe(true);
  });
});

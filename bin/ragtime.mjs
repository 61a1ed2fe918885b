#!/usr/bin/env node
// `ragtime` admin CLI entry (package.json "bin", `npm run ragtime`). Runs a bundle of src/cli built with esbuild
// (.cache/cli/, rebuilt when any file under src/ is newer), so a call starts in plain Node instead of paying for
// tsx's loader and per-file transforms (~1.7 s before). Packages stay external and the heavy ones (exceljs, vega,
// the Slack and Teams SDKs) are still imported only by the commands that need them. Falls back to tsx when the
// bundle cannot be built.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(root, ".cache", "cli");
const bundle = join(outdir, "ragtime.js");

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

async function build() {
  const { build } = await import("esbuild");
  await build({
    entryPoints: { ragtime: join(root, "src", "cli", "index.ts") },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    logLevel: "error",
  });
}

async function main() {
  try {
    const stale =
      !existsSync(bundle) || statSync(bundle).mtimeMs < Math.max(newest(join(root, "src")), statSync(join(root, "package.json")).mtimeMs);
    if (stale) await build();
  } catch (e) {
    if (process.env.RAGTIME_DEBUG) console.error(e);
    const tsx = join(root, "node_modules", ".bin", "tsx");
    const r = spawnSync(tsx, [join(root, "src/cli/index.ts"), ...process.argv.slice(2)], { stdio: "inherit" });
    process.exit(r.status ?? 1);
  }
  await import(pathToFileURL(bundle).href);
}

await main();

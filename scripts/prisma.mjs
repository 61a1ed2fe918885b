#!/usr/bin/env node
// Wrapper for the Prisma CLI so it never tries to download an engine (these machines reach only npm):
//   node scripts/prisma.mjs generate   -> regenerate both schemas and both clients
//   node scripts/prisma.mjs deploy     -> apply committed migrations to DATABASE_URL (SQLite by default)
//   node scripts/prisma.mjs <args...>  -> any prisma command for the provider of DATABASE_URL
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || "/bin/false",
  PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY || "/bin/false",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};
const bin = join(root, "node_modules", ".bin", "prisma");

function run(args, extraEnv = {}) {
  const r = spawnSync(bin, args, { cwd: root, stdio: "inherit", env: { ...env, ...extraEnv } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const [cmd, ...rest] = process.argv.slice(2);
const url = process.env.DATABASE_URL?.trim() || "file:./data/ragtime.db";
const provider = /^postgres(ql)?:\/\//.test(url) ? "postgres" : "sqlite";

if (cmd === "generate") {
  const gen = spawnSync(process.execPath, [join(root, "scripts/gen-schemas.mjs")], { stdio: "inherit" });
  if (gen.status !== 0) process.exit(gen.status ?? 1);
  // generate needs a syntactically valid URL for each provider; nothing connects to it
  const dummy = { sqlite: "file:./data/ragtime.db", postgres: "postgresql://localhost:5432/ragtime" };
  for (const p of ["sqlite", "postgres"]) run(["generate"], { RAGTIME_PRISMA_PROVIDER: p, DATABASE_URL: dummy[p] });
} else if (cmd === "deploy") {
  if (provider === "sqlite") {
    mkdirSync(join(root, "data"), { recursive: true });
    // plan data can name families: the file is created readable by its owner only (SQLite gives -wal/-shm the same mode)
    const file = resolve(root, url.replace(/^file:/, "").split("?")[0]);
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      closeSync(openSync(file, "wx", 0o600));
    }
  }
  run(["migrate", "deploy"], { RAGTIME_PRISMA_PROVIDER: provider, DATABASE_URL: url });
} else {
  run([cmd, ...rest].filter(Boolean), { RAGTIME_PRISMA_PROVIDER: provider, DATABASE_URL: url });
}

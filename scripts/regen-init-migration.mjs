#!/usr/bin/env node
// Until ragtime's first release there is one migration per provider (…_init). After changing
// prisma/models.prisma run `npm run db:regen`: it regenerates both schemas, both clients and both init
// migrations from scratch (prisma migrate diff --from-empty; no database or shadow database needed).
// Delete data/ragtime.db afterwards (it was migrated with the old init). After the first release, add
// incremental migrations instead and remove this script.
import { spawnSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// once a later migration exists, rewriting _init would make it re-create what the later ones add
for (const p of ["sqlite", "postgres"]) {
  const later = readdirSync(join(root, "prisma", p, "migrations")).filter((d) => /^\d+_/.test(d) && !d.endsWith("_init"));
  if (later.length) {
    console.error(
      `prisma/${p}/migrations has migrations after _init (${later.join(", ")}): add a new migration instead (README "Changing the schema")`,
    );
    process.exit(1);
  }
}
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false",
  PRISMA_QUERY_ENGINE_LIBRARY: "/bin/false",
  CHECKPOINT_DISABLE: "1",
};
const gen = spawnSync(process.execPath, [join(root, "scripts/prisma.mjs"), "generate"], { stdio: "inherit", env });
if (gen.status !== 0) process.exit(gen.status ?? 1);
// With the JS schema engine even `migrate diff --from-empty` opens the driver adapter, so the PostgreSQL
// step needs a reachable server and an existing database (nothing is written to it).
const urls = {
  sqlite: "file:./data/ragtime.db",
  postgres: process.env.RAGTIME_REGEN_PG_URL || process.env.TEST_POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/postgres",
};
for (const p of ["sqlite", "postgres"]) {
  const dir = join(root, "prisma", p, "migrations");
  const init = readdirSync(dir).find((d) => d.endsWith("_init"));
  const r = spawnSync(
    join(root, "node_modules/.bin/prisma"),
    ["migrate", "diff", "--from-empty", "--to-schema-datamodel", `prisma/${p}/schema.prisma`, "--script"],
    { cwd: root, encoding: "utf8", env: { ...env, RAGTIME_PRISMA_PROVIDER: p, DATABASE_URL: urls[p] } },
  );
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(r.status ?? 1);
  }
  // tables go where search_path points (the schema of DATABASE_URL's ?schema=), not always "public"
  const sql = r.stdout.replace(/-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "public";\n\n/, "");
  writeFileSync(join(dir, init, "migration.sql"), sql);
  console.log(`rewrote prisma/${p}/migrations/${init}/migration.sql`);
}

// prisma/models.prisma is the one source of models; both provider schemas must be generated from it.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

describe("provider schemas", () => {
  it("prisma/sqlite and prisma/postgres schemas are up to date with prisma/models.prisma", () => {
    const r = spawnSync(process.execPath, [join(root, "scripts/gen-schemas.mjs"), "--check"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("both providers have the same migrations", () => {
    const names = (p: string) => readdirSync(join(root, "prisma", p, "migrations")).filter((d) => /^\d+_/.test(d));
    expect(names("sqlite")).toEqual(names("postgres"));
    expect(names("sqlite").length).toBeGreaterThan(0);
  });
});

describe("committed migrations", () => {
  // Until the first release each provider has one _init migration; it must create exactly the models.
  const prisma = join(root, "node_modules", ".bin", "prisma");
  function diffFromEmpty(provider: "sqlite" | "postgres", url: string): string {
    const r = spawnSync(
      prisma,
      ["migrate", "diff", "--from-empty", "--to-schema-datamodel", `prisma/${provider}/schema.prisma`, "--script"],
      {
        cwd: root,
        encoding: "utf8",
        env: {
          ...process.env,
          RAGTIME_PRISMA_PROVIDER: provider,
          DATABASE_URL: url,
          PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false",
          PRISMA_QUERY_ENGINE_LIBRARY: "/bin/false",
        },
      },
    );
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.replace(/-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "public";\n\n/, "");
  }
  function committed(provider: string): string {
    const dir = join(root, "prisma", provider, "migrations");
    const init = readdirSync(dir).find((d) => d.endsWith("_init")) as string;
    return readFileSync(join(dir, init, "migration.sql"), "utf8");
  }

  it("the SQLite init migration matches prisma/models.prisma (run npm run db:regen after changing models)", () => {
    expect(committed("sqlite")).toBe(diffFromEmpty("sqlite", "file:./data/ragtime.db"));
  });

  it.skipIf(!process.env.TEST_POSTGRES_URL)(
    "the PostgreSQL init migration matches prisma/models.prisma (needs TEST_POSTGRES_URL: the JS engine connects even to diff)",
    () => {
      expect(committed("postgres")).toBe(diffFromEmpty("postgres", process.env.TEST_POSTGRES_URL as string));
    },
  );
});

// prisma/models.prisma is the one source of models; both provider schemas must be generated from it.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
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

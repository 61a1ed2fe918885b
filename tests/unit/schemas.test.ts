// prisma/models.prisma is the one source of models; both provider schemas must be generated from it.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
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
  function committed(provider: string): string[] {
    const dir = join(root, "prisma", provider, "migrations");
    return readdirSync(dir)
      .filter((d) => /^\d+_/.test(d))
      .sort()
      .map((d) => readFileSync(join(dir, d, "migration.sql"), "utf8"));
  }

  /** tables -> their columns (name, type, not null, default) and indexes, as SQLite reports them */
  function sqliteShape(scripts: string[]): Record<string, unknown> {
    const db = new Database(":memory:");
    for (const sql of scripts) db.exec(sql);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as {
      name: string;
    }[];
    const out: Record<string, unknown> = {};
    for (const { name } of tables) {
      const cols = db.prepare(`PRAGMA table_info("${name}")`).all() as {
        name: string;
        type: string;
        notnull: number;
        dflt_value: unknown;
        pk: number;
      }[];
      const fks = db.prepare(`PRAGMA foreign_key_list("${name}")`).all() as { from: string; table: string; on_delete: string }[];
      const idx = db.prepare(`PRAGMA index_list("${name}")`).all() as { name: string; unique: number }[];
      out[name] = {
        columns: cols.map((c) => [c.name, c.type, c.notnull, c.dflt_value, c.pk]).sort(),
        foreignKeys: fks.map((f) => [f.from, f.table, f.on_delete]).sort(),
        indexes: idx
          .map((i) => [i.name, i.unique, (db.prepare(`PRAGMA index_info("${i.name}")`).all() as { name: string }[]).map((x) => x.name)])
          .sort(),
      };
    }
    db.close();
    return out;
  }

  // The _init migration was made from the models when ragtime started; every change since is a migration of
  // its own. Applied in order they must give exactly the tables the models describe.
  it("the SQLite migrations, applied in order, create exactly prisma/models.prisma", () => {
    expect(sqliteShape(committed("sqlite"))).toEqual(sqliteShape([diffFromEmpty("sqlite", "file:./data/ragtime.db")]));
  });

  it.skipIf(!process.env.TEST_POSTGRES_URL)(
    "the PostgreSQL migrations, applied in order, create exactly prisma/models.prisma (needs TEST_POSTGRES_URL: the JS engine connects even to diff)",
    async () => {
      const url = process.env.TEST_POSTGRES_URL as string;
      const pool = new pg.Pool({ connectionString: url, max: 1 });
      const shape = async (schema: string, scripts: string[]) => {
        const c = await pool.connect();
        try {
          await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; CREATE SCHEMA "${schema}"; SET search_path TO "${schema}"`);
          for (const sql of scripts) await c.query(sql);
          const cols = await c.query(
            `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = $1 ORDER BY 1, 2`,
            [schema],
          );
          const idx = await c.query(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY 1, 2`, [schema]);
          await c.query(`DROP SCHEMA "${schema}" CASCADE`);
          return {
            cols: cols.rows,
            idx: idx.rows.map((r) => ({ ...r, indexdef: String(r.indexdef).replaceAll(`"${schema}".`, "").replaceAll(`${schema}.`, "") })),
          };
        } finally {
          c.release();
        }
      };
      try {
        const fromMigrations = await shape("rt_mig_check_a", committed("postgres"));
        const fromModels = await shape("rt_mig_check_b", [diffFromEmpty("postgres", url)]);
        expect(fromMigrations.cols.map((r) => ({ ...r }))).toEqual(fromModels.cols.map((r) => ({ ...r })));
        expect(fromMigrations.idx).toEqual(fromModels.idx);
      } finally {
        await pool.end();
      }
    },
  );
});

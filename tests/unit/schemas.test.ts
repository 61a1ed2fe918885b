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
  // The _init migration plus every later one, applied in order, must build exactly the tables, columns and
  // indexes that prisma/models.prisma describes (Prisma's own diff from an empty database, applied to another).
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
  function sqliteShape(sqls: string[]): string[] {
    const db = new Database(":memory:");
    for (const sql of sqls) db.exec(sql);
    const out: string[] = [];
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[];
    for (const { name } of tables) {
      for (const c of db.prepare(`PRAGMA table_info("${name}")`).all() as Record<string, unknown>[])
        out.push(`${name}.${c.name} ${c.type} notnull=${c.notnull} default=${c.dflt_value} pk=${c.pk}`);
      for (const f of db.prepare(`PRAGMA foreign_key_list("${name}")`).all() as Record<string, unknown>[])
        out.push(`${name} fk ${f.from} -> ${f.table}.${f.to} ${f.on_delete}`);
    }
    for (const i of db.prepare(`SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`).all() as {
      sql: string;
    }[])
      out.push(i.sql);
    db.close();
    return out.sort();
  }

  it("the SQLite migrations build what prisma/models.prisma describes (add a migration after changing models)", () => {
    expect(sqliteShape(committed("sqlite"))).toEqual(sqliteShape([diffFromEmpty("sqlite", "file:./data/ragtime.db")]));
  });

  it.skipIf(!process.env.TEST_POSTGRES_URL)(
    "the PostgreSQL migrations build what prisma/models.prisma describes (needs TEST_POSTGRES_URL: the JS engine connects even to diff)",
    async () => {
      const url = process.env.TEST_POSTGRES_URL as string;
      const shape = async (sqls: string[]) => {
        const schema = `shape_${Math.random().toString(36).slice(2, 10)}`;
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        try {
          await c.query(`CREATE SCHEMA "${schema}"; SET search_path TO "${schema}"`);
          for (const sql of sqls) await c.query(sql);
          const cols = await c.query(
            `SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS s
             FROM information_schema.columns WHERE table_schema = $1`,
            [schema],
          );
          const idx = await c.query(`SELECT indexname || ' ' || replace(indexdef, $1, '') AS s FROM pg_indexes WHERE schemaname = $2`, [
            `${schema}.`,
            schema,
          ]);
          const fks = await c.query(
            `SELECT conname || ' ' || pg_get_constraintdef(oid) AS s FROM pg_constraint WHERE contype = 'f' AND connamespace = $1::regnamespace`,
            [schema],
          );
          return [...cols.rows, ...idx.rows, ...fks.rows].map((r) => String(r.s)).sort();
        } finally {
          await c.query(`DROP SCHEMA "${schema}" CASCADE`);
          await c.end();
        }
      };
      expect(await shape(committed("postgres"))).toEqual(await shape([diffFromEmpty("postgres", url)]));
    },
  );
});

// Driver adapters for the Prisma CLI process (migrate deploy/dev, generate). Holds the workarounds for
// Prisma 6.19.3's JS schema engine documented in ../README.md; none of this runs inside the app.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";

export const DEFAULT_SQLITE_URL = "file:./data/ragtime.db";

export function databaseUrl(): string {
  return process.env.DATABASE_URL?.trim() || DEFAULT_SQLITE_URL;
}

export function providerFromEnv(): "sqlite" | "postgres" {
  const forced = process.env.RAGTIME_PRISMA_PROVIDER;
  if (forced === "sqlite" || forced === "postgres") return forced;
  return /^postgres(ql)?:\/\//.test(databaseUrl()) ? "postgres" : "sqlite";
}

export async function sqliteAdapterForCli() {
  const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
  const url = databaseUrl();
  const file = url.replace(/^file:/, "");
  mkdirSync(dirname(resolve(file)), { recursive: true });
  return new PrismaBetterSQLite3({ url });
}

/** pg catalog types the JS schema engine cannot deserialize (prisma/orm#27403): relabel them as text. */
const CATALOG_OIDS = new Set([
  18 /* "char" */, 19 /* name */, 24 /* regproc */, 2205 /* regclass */, 2206 /* regtype */, 3769 /* regdictionary */,
  4089 /* regnamespace */, 4096 /* regrole */, 194 /* pg_node_tree */, 1002 /* _char */, 1003 /* _name */,
]);
const TEXT_OID = 25;
const TEXT_ARRAY_OID = 1009;

export async function pgAdapterForCli() {
  const pg = (await import("pg")).default;
  const Result = (await import("pg/lib/result.js" as string)).default as {
    prototype: { addFields(fields: { dataTypeID: number }[]): void; __ragtimePatched?: boolean };
  };
  if (!Result.prototype.__ragtimePatched) {
    const original = Result.prototype.addFields;
    Result.prototype.addFields = function (fields) {
      for (const f of fields) {
        if (CATALOG_OIDS.has(f.dataTypeID)) f.dataTypeID = f.dataTypeID === 1002 || f.dataTypeID === 1003 ? TEXT_ARRAY_OID : TEXT_OID;
      }
      return original.call(this, fields);
    };
    Result.prototype.__ragtimePatched = true;
  }
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const url = new URL(databaseUrl());
  // Pass fields, not connectionString: connectionString overrides `database`, which breaks the shadow DB.
  const poolConfig = {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || "postgres"),
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: url.pathname.replace(/^\//, "") || "postgres",
  };
  const schema = url.searchParams.get("schema") ?? undefined;
  if (schema) {
    // migration.sql names tables without a schema: point search_path at ?schema= (created if missing)
    const client = new pg.Client(poolConfig);
    await client.connect();
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '""')}"`);
    await client.end();
    return new PrismaPg({ ...poolConfig, options: `-c search_path="${schema}"` }, { schema });
  }
  return new PrismaPg(poolConfig);
}

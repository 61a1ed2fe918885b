// Bulk INSERT / UPDATE for big imports. Prisma's createMany costs about a millisecond per row here (each row goes
// through the query compiler); one raw statement per chunk whose single parameter is a JSON array of rows costs
// a few microseconds per row, on SQLite (json_each) and PostgreSQL (json_array_elements) alike.
// Values are written in the formats Prisma itself writes, so Prisma reads and filters them as its own.
import type { Db, Tx } from "./db.js";

export type ColType = "text" | "int" | "date" | "bool";
export type Cols = Record<string, ColType>;

export interface Target {
  provider: "sqlite" | "postgres";
  /** PostgreSQL schema of the client (?schema= in DATABASE_URL); raw SQL must name it, Prisma's own SQL does */
  schema: string | null;
}

const ROWS_PER_STATEMENT = 2000;

/** Which database a client talks to (read from the client, so services keep their `db` only signature). */
export function targetOf(db: Db): Target {
  const internal = db as unknown as { _activeProvider?: string; _engineConfig?: { adapter?: { options?: { schema?: string } } } };
  const provider = internal._activeProvider === "postgresql" ? "postgres" : "sqlite";
  return { provider, schema: provider === "postgres" ? (internal._engineConfig?.adapter?.options?.schema ?? null) : null };
}

function table(t: Target, name: string): string {
  return t.schema ? `"${t.schema.replace(/"/g, '""')}"."${name}"` : `"${name}"`;
}

function value(t: Target, type: ColType, v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (type === "date") {
    const iso = (v as Date).toISOString();
    // Prisma's SQLite adapter stores DateTime as "2018-01-31T00:00:00.000+00:00"
    return t.provider === "sqlite" ? iso.replace(/Z$/, "+00:00") : iso;
  }
  if (type === "bool") return t.provider === "sqlite" ? (v ? 1 : 0) : Boolean(v);
  return v;
}

const PG_CAST: Record<ColType, string> = { text: "text", int: "integer", date: "timestamp(3)", bool: "boolean" };

function selectList(t: Target, cols: [string, ColType][], aliases: boolean): string {
  return cols
    .map(([name, type], i) => {
      const expr = t.provider === "sqlite" ? `value ->> ${i}` : `(v ->> ${i})::${PG_CAST[type]}`;
      return aliases ? `${expr} AS "${name}"` : expr;
    })
    .join(", ");
}

function source(t: Target): string {
  return t.provider === "sqlite" ? "json_each(?)" : "json_array_elements($1::json) AS x(v)";
}

function payload(t: Target, cols: [string, ColType][], rows: Record<string, unknown>[]): string {
  return JSON.stringify(rows.map((r) => cols.map(([name, type]) => value(t, type, r[name]))));
}

/** INSERT rows (objects keyed by column name) in chunks. */
export async function bulkInsert(tx: Tx, t: Target, name: string, columns: Cols, rows: Record<string, unknown>[], tick?: (n: number) => void) {
  const cols = Object.entries(columns);
  const sql = `INSERT INTO ${table(t, name)} (${cols.map(([c]) => `"${c}"`).join(", ")}) SELECT ${selectList(t, cols, false)} FROM ${source(t)}`;
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    await tx.$executeRawUnsafe(sql, payload(t, cols, chunk));
    tick?.(chunk.length);
  }
}

/** UPDATE rows by "id": every listed column is set from the row (pass the full new values). */
export async function bulkUpdate(tx: Tx, t: Target, name: string, columns: Cols, rows: Record<string, unknown>[]) {
  const cols: [string, ColType][] = [["id", "text"], ...Object.entries(columns)];
  const sets = Object.keys(columns)
    .map((c) => `"${c}" = j."${c}"`)
    .join(", ");
  const sql =
    t.provider === "sqlite"
      ? `UPDATE ${table(t, name)} SET ${sets} FROM (SELECT ${selectList(t, cols, true)} FROM ${source(t)}) AS j WHERE ${table(t, name)}."id" = j."id"`
      : `UPDATE ${table(t, name)} AS u SET ${sets} FROM (SELECT ${selectList(t, cols, true)} FROM ${source(t)}) AS j WHERE u."id" = j."id"`;
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    await tx.$executeRawUnsafe(sql, payload(t, cols, rows.slice(i, i + ROWS_PER_STATEMENT)));
  }
}

// Bulk INSERT / UPDATE for big imports. Prisma's createMany costs about a millisecond per row here (each row goes
// through the query compiler); one raw statement per chunk whose single parameter is a JSON array of rows costs
// a few microseconds per row, on SQLite (json_each) and PostgreSQL (json_array_elements) alike.
// Values are written in the formats Prisma itself writes, so Prisma reads and filters them as its own.
// On SQLite the statements go straight to the adapter's own better-sqlite3 connection while the import's
// transaction is open on it (so they are part of that transaction), with the JSON as a bound parameter: through
// Prisma each megabyte of JSON was copied several times (escaped into the SQL, serialised into the query), and
// those large strings (large-object space, freed only by a full GC) took a 50,000-row import's heap past 300 MB.
import type BetterSqlite3 from "better-sqlite3";
import type { Db, Tx } from "./db.js";
import { dbInfo, driverOf } from "./db-registry.js";

export type ColType = "text" | "int" | "date" | "bool";
export type Cols = Record<string, ColType>;

export interface Target {
  provider: "sqlite" | "postgres";
  /** PostgreSQL schema of the client (?schema= in DATABASE_URL); raw SQL must name it, Prisma's own SQL does */
  schema: string | null;
  /** SQLite: the connection under the client (the transaction's own: the adapter has one connection) */
  connection?: () => BetterSqlite3.Database | null;
}

const ROWS_PER_STATEMENT = 2000;

/** Which database a client talks to (remembered by openDb, so services keep their `db` only signature). */
export function targetOf(db: Db): Target {
  const { provider, schema } = dbInfo(db);
  if (provider === "postgres") return { provider, schema };
  const driver = driverOf(db);
  return { provider, schema: null, connection: driver.kind === "sqlite" ? () => driver.connection.current() : undefined };
}

const prepared = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/**
 * The SQLite connection when the caller's transaction is open on it (else the statement goes through Prisma).
 * Only for statements made inside that transaction (the `tx` passed in): the adapter runs one transaction at a
 * time on its one connection, so the transaction open on it is the caller's.
 */
export function direct(t: Target): BetterSqlite3.Database | null {
  const c = t.connection?.() ?? null;
  return c?.open && c.inTransaction ? c : null;
}

/** A statement prepared once per connection (imports run the same few statements many times). */
export function statement(c: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
  let byConnection = prepared.get(c);
  if (!byConnection) {
    byConnection = new Map();
    prepared.set(c, byConnection);
  }
  let st = byConnection.get(sql);
  if (!st) {
    st = c.prepare(sql);
    // numbers as numbers: the adapter turns safe integers on for its connection (BigInt); Prisma's reads give numbers
    if (st.reader) st.safeIntegers(false);
    byConnection.set(sql, st);
  }
  return st;
}

function run(c: BetterSqlite3.Database, sql: string, json: string): void {
  statement(c, sql).run(json);
}

export function table(t: Target, name: string): string {
  return t.schema ? `"${t.schema.replace(/"/g, '""')}"."${name}"` : `"${name}"`;
}

/** Prisma's SQLite adapter stores a DateTime as ISO text ("...+00:00") or, written by older code, epoch ms. */
export function sqliteDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  return new Date(typeof v === "string" && /^\d+$/.test(v) ? Number(v) : (v as string | number));
}

/** Prisma's SQLite adapter stores DateTime as "2018-01-31T00:00:00.000+00:00" (from an ISO "...Z" string). */
export function sqliteDateText(iso: string): string {
  return `${iso.slice(0, -1)}+00:00`;
}

// dates repeat a lot in a plan (the same month ends, the import time): format each once
const dateText = new Map<number, string>();

function value(t: Target, type: ColType, v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (type === "date") {
    const ms = (v as Date).getTime();
    let iso = dateText.get(ms);
    if (iso === undefined) {
      iso = (v as Date).toISOString();
      if (dateText.size > 50_000) dateText.clear();
      dateText.set(ms, iso);
    }
    return t.provider === "sqlite" ? sqliteDateText(iso) : iso;
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

/** The n-th positional parameter in raw SQL ("?" for SQLite, "$n" for PostgreSQL). */
export function param(t: Target, n: number): string {
  return t.provider === "sqlite" ? "?" : `$${n}`;
}

// SQLite gets the JSON as a string literal (quotes doubled; JSON.stringify escapes every control character):
// passing a megabyte as a bound parameter costs a quarter more CPU through Prisma's raw-query path.
// PostgreSQL gets it as the bound parameter $1.
function source(t: Target, json: string): { from: string; args: string[] } {
  return t.provider === "sqlite"
    ? { from: `json_each('${json.replace(/'/g, "''")}')`, args: [] }
    : { from: "json_array_elements($1::json) AS x(v)", args: [json] };
}

function payload(t: Target, cols: [string, ColType][], rows: Record<string, unknown>[]): string {
  return JSON.stringify(rows.map((r) => cols.map(([name, type]) => value(t, type, r[name]))));
}

/** INSERT rows (objects keyed by column name) in chunks. */
export async function bulkInsert(
  tx: Tx,
  t: Target,
  name: string,
  columns: Cols,
  rows: Record<string, unknown>[],
  tick?: (n: number) => void,
) {
  const cols = Object.entries(columns);
  const head = `INSERT INTO ${table(t, name)} (${cols.map(([c]) => `"${c}"`).join(", ")}) SELECT ${selectList(t, cols, false)} FROM `;
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    const json = payload(t, cols, chunk);
    const c = direct(t);
    if (c) run(c, `${head}json_each(?)`, json);
    else {
      const { from, args } = source(t, json);
      await tx.$executeRawUnsafe(head + from, ...args);
    }
    tick?.(chunk.length);
  }
}

/** UPDATE rows by "id": every listed column is set from the row (pass the full new values). */
export async function bulkUpdate(tx: Tx, t: Target, name: string, columns: Cols, rows: Record<string, unknown>[]) {
  const cols: [string, ColType][] = [["id", "text"], ...Object.entries(columns)];
  const sets = Object.keys(columns)
    .map((c) => `"${c}" = j."${c}"`)
    .join(", ");
  const sql = (from: string) =>
    t.provider === "sqlite"
      ? `UPDATE ${table(t, name)} SET ${sets} FROM (SELECT ${selectList(t, cols, true)} FROM ${from}) AS j WHERE ${table(t, name)}."id" = j."id"`
      : `UPDATE ${table(t, name)} AS u SET ${sets} FROM (SELECT ${selectList(t, cols, true)} FROM ${from}) AS j WHERE u."id" = j."id"`;
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const json = payload(t, cols, rows.slice(i, i + ROWS_PER_STATEMENT));
    const c = direct(t);
    if (c) run(c, sql("json_each(?)"), json);
    else {
      const { from, args } = source(t, json);
      await tx.$executeRawUnsafe(sql(from), ...args);
    }
  }
}

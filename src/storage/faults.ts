// Which errors are the database failing (locked, read-only, full, I/O, connection lost or refused) rather than
// the request being wrong. Work that fails with one is retried later (services/inbound-retry.ts); any other
// error is an outcome and is recorded as such.
const SQLITE_FAULTS = /^SQLITE_(BUSY|LOCKED|READONLY|FULL|IOERR|CANTOPEN|PROTOCOL|NOMEM|CORRUPT|NOTADB)/;
// PostgreSQL SQLSTATEs: connection exceptions, admin shutdown/crash/cannot connect now, insufficient
// resources (disk full, out of memory, too many connections), read-only transaction, system errors
const PG_FAULTS = /^(08|57P0[1-4]|53|58|25006|40001|40P01|55P03|57014)/;
const NET_FAULTS = /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|ENOSPC|EROFS|EIO)$/;
// P2028: a transaction that could not finish (timed out, or ended by SQLite itself after a failed write)
const PRISMA_FAULTS = /^P(1001|1002|1008|1011|1017|2024|2028|2034)$/;
const ADAPTER_KINDS =
  /^(SocketTimeout|DatabaseNotReachable|DatabaseDoesNotExist|ConnectionClosed|TooManyConnections|TransactionWriteConflict|TransactionAlreadyClosed|DatabaseAccessDenied|AuthenticationFailed)$/;
const MESSAGES =
  /(database is locked|database table is locked|readonly database|read-only|disk is full|database or disk is full|disk I\/O error|unable to open database|Connection terminated|terminating connection|connection .*closed|Can't reach database|Timed out fetching a new connection|ECONNREFUSED|ECONNRESET|no space left)/i;

interface Errish {
  name?: unknown;
  code?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  message?: unknown;
  originalMessage?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
}

export function isDatabaseFault(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== "object" || depth > 5) return false;
  const x = e as Errish;
  const code = typeof x.code === "string" ? x.code : "";
  const original = typeof x.originalCode === "string" ? x.originalCode : "";
  if (x.name === "DatabaseBusyError" || x.name === "PrismaClientInitializationError") return true;
  if (SQLITE_FAULTS.test(code) || SQLITE_FAULTS.test(original)) return true;
  if (PRISMA_FAULTS.test(code) || NET_FAULTS.test(code)) return true;
  if (typeof x.kind === "string" && ADAPTER_KINDS.test(x.kind)) return true;
  if (x.kind === "postgres" && (PG_FAULTS.test(code) || PG_FAULTS.test(original))) return true;
  if (/^[0-9A-Z]{5}$/.test(code) && PG_FAULTS.test(code) && !code.startsWith("P")) return true;
  for (const m of [x.message, x.originalMessage]) if (typeof m === "string" && MESSAGES.test(m)) return true;
  return isDatabaseFault(x.meta?.driverAdapterError, depth + 1) || isDatabaseFault(x.cause, depth + 1);
}

// The SQLite driver adapter for Prisma: @prisma/adapter-better-sqlite3 6.19 with two fixes, both about its
// one better-sqlite3 connection.
//
// 1. Queries outside a transaction wait for an open interactive transaction to end. The adapter serialises
//    transactions among themselves, but a query made outside one while another is open (awaiting between its
//    statements) runs on the same connection, so it silently becomes part of that transaction: it is undone
//    if the transaction rolls back (a status update, an outbox "sent" mark), and it reads rows not yet
//    committed. (Bun fixed the same bug in its own SQLite driver: oven-sh/bun#33581.)
// 2. The connection itself is reachable (driverOf in db.ts), for the one hot insert that skips Prisma.
//    The adapter builds it inside connect() and keeps it in its `client` field (public in the 6.19 JS, absent
//    from its types); tests/integration/sqlite-adapter.test.ts fails if an upgrade renames it.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type BetterSqlite3 from "better-sqlite3";

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;
type Query = Parameters<Adapter["queryRaw"]>[0];

export interface SqliteConnection {
  /** the open connection (null until Prisma connects, and after it disconnects) */
  current(): BetterSqlite3.Database | null;
  /**
   * Resolves when no Prisma transaction is open. Use the connection synchronously right after (check again:
   * another may have opened in between), or a statement joins whatever transaction is open by then.
   */
  transactionEnded(): Promise<void>;
  /** true while a Prisma transaction is open on the connection */
  inTransaction(): boolean;
}

export function sqliteAdapter(
  url: string,
  onConnect: (c: BetterSqlite3.Database) => void = () => {},
): { factory: PrismaBetterSQLite3; connection: SqliteConnection } {
  const factory = new PrismaBetterSQLite3({ url });
  let client: BetterSqlite3.Database | null = null;
  let open: { ended: Promise<void> } | null = null;

  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const c = (adapter as unknown as { client?: BetterSqlite3.Database }).client;
    if (!c || typeof c.prepare !== "function") throw new Error("@prisma/adapter-better-sqlite3 changed: its connection is not in `client`");
    client = c;
    onConnect(c);
    serialise(adapter);
    return adapter;
  };

  /** Queries outside a transaction wait for the open one (see 1. above). */
  function serialise(adapter: Adapter): void {
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      // resolves once the adapter holds its transaction mutex and has run BEGIN
      const tx: Transaction = await startTransaction(isolationLevel);
      let end: () => void = () => {};
      const mine = { ended: new Promise<void>((r) => (end = r)) };
      open = mine;
      const finish = () => {
        if (open === mine) open = null;
        end();
      };
      const commit = tx.commit.bind(tx);
      const rollback = tx.rollback.bind(tx);
      // The adapter's commit()/rollback() run no SQL: Prisma sends COMMIT (or ROLLBACK) as a statement first.
      // When that COMMIT fails (SQLITE_FULL on a full disk, SQLITE_IOERR), or SQLite ends the transaction itself
      // after a failed statement, Prisma never calls rollback(): the adapter's mutex stays held and every later
      // statement waits for it forever (the service wedges until restarted; found by tests/faults/disk-full).
      // So: a failed COMMIT is rolled back here, and the transaction is ended (once) as soon as SQLite says so.
      let ended = false;
      const close = (how: () => Promise<void>) => {
        if (ended) return Promise.resolve();
        ended = true;
        return how().finally(finish);
      };
      tx.commit = () => close(commit);
      tx.rollback = () => close(rollback);
      for (const method of ["queryRaw", "executeRaw"] as const) {
        const run = tx[method].bind(tx) as (q: Query) => Promise<unknown>;
        (tx as unknown as Record<string, (q: Query) => Promise<unknown>>)[method] = async (q: Query) => {
          try {
            return await run(q);
          } catch (e) {
            const c = client;
            if (c?.open && /^\s*COMMIT\b/i.test(q.sql) && c.inTransaction) {
              try {
                c.exec("ROLLBACK");
              } catch {
                // the connection cannot even roll back now; it is released below all the same
              }
            }
            if (!c?.open || !c.inTransaction) await close(rollback);
            throw e;
          }
        };
      }
      return tx;
    };
    for (const method of ["queryRaw", "executeRaw"] as const) {
      const run = adapter[method].bind(adapter) as (q: Query) => Promise<unknown>;
      (adapter as unknown as Record<string, (q: Query) => Promise<unknown>>)[method] = async (q: Query) => {
        // checked synchronously right before the statement runs: nothing can open a transaction in between
        while (busy()) await waitOnce();
        return run(q);
      };
    }
  }

  /** A transaction is open — or has just run BEGIN and is about to be registered as open. */
  const busy = () => open !== null || Boolean(client?.open && client.inTransaction);
  const waitOnce = () => open?.ended ?? new Promise<void>((r) => setImmediate(r));

  return {
    factory,
    connection: {
      current: () => (client?.open ? client : null),
      async transactionEnded() {
        while (busy()) await waitOnce();
      },
      inTransaction: busy,
    },
  };
}

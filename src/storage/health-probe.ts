// The write probe behind GET /healthz: rewrites one HealthProbe row and commits, so readiness reflects whether a
// commit succeeds right now (a locked or read-only file, a full disk, a lost PostgreSQL connection all fail it).
// SQLite: on the driver connection with busy_timeout 0 (withSqliteConnection), waiting asynchronously for a lock
// for at most `waitMs`, so a probe never freezes the event loop. PostgreSQL: on the shared pool, bounded by waitMs.
import { table, targetOf } from "./bulk.js";
import type { Db } from "./db.js";
import { driverOf } from "./db-registry.js";
import { DatabaseBusyError, withSqliteConnection } from "./inbound.js";

const ID = "healthz";

export async function probeWrite(db: Db, now: Date, waitMs = 1000): Promise<void> {
  const driver = driverOf(db);
  if (driver.kind === "postgres") {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no commit within ${waitMs} ms`)), waitMs);
    });
    try {
      await Promise.race([
        driver.pool.query(
          `INSERT INTO ${table(targetOf(db), "HealthProbe")} ("id", "at") VALUES ($1, $2::timestamp) ON CONFLICT ("id") DO UPDATE SET "at" = EXCLUDED."at"`,
          [ID, now.toISOString().replace("Z", "")],
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
    return;
  }
  const iso = `${now.toISOString().slice(0, -1)}+00:00`;
  await withSqliteConnection(
    db,
    driver.connection,
    (c) => {
      c.prepare(`INSERT INTO "HealthProbe" ("id", "at") VALUES (?, ?) ON CONFLICT ("id") DO UPDATE SET "at" = excluded."at"`).run(ID, iso);
    },
    waitMs,
  ).catch((e: unknown) => {
    if (e instanceof DatabaseBusyError) throw new DatabaseBusyError(`the database has been locked for over ${waitMs} ms`);
    throw e;
  });
}

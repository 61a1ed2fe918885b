// The database side of /healthz.
import type { Db } from "./db.js";

/** Resolves when the database answers a query; rejects with the driver's error otherwise. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.plan.count();
}

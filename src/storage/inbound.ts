// Raw inbound interactions (InboundEvent): stored before processing, deduped by their unique key.
import type { InboundEvent } from "../generated/sqlite/client.js";
import type { Db, Tx } from "./db.js";

export type { InboundEvent };

export function findInboundByKey(db: Db | Tx, key: string): Promise<InboundEvent | null> {
  return db.inboundEvent.findUnique({ where: { key } });
}

export function createInbound(
  db: Db | Tx,
  data: { key: string; source: string; kind: string; payloadJson: string; receivedAt?: Date },
): Promise<InboundEvent> {
  return db.inboundEvent.create({ data });
}

export async function setInboundOutcome(
  db: Db | Tx,
  id: string,
  outcome: { processedAt: Date; resultJson: string | null; error: string | null },
): Promise<void> {
  await db.inboundEvent.update({ where: { id }, data: outcome });
}

/** Interactions stored (and acked) but never processed, e.g. because the process stopped mid-way. */
export function unprocessedInbound(db: Db, source: string, before: Date, take = 500) {
  return db.inboundEvent.findMany({
    where: { source, processedAt: null, receivedAt: { lt: before } },
    orderBy: { receivedAt: "asc" },
    take,
    select: { id: true, kind: true, payloadJson: true, receivedAt: true },
  });
}

// Group commit for "processed" marks (markInboundProcessed) of a burst of interactions: the marks given in
// one event-loop turn, or while the previous group is being written, are written in ONE statement. A mark
// that is an error goes through markInboundProcessed itself (with retryOnFault, a database fault leaves the
// row for the retry worker). If the group's statement fails, each mark is written on its own, so each is
// settled (or fails) exactly as it would have alone.
import type { Db } from "../storage/db.js";
import { setInboundOutcomes } from "../storage/inbound.js";
import { markInboundProcessed } from "./inbound.js";

interface Mark {
  id: string;
  outcome: unknown;
  now: Date;
  resolve(r: "done" | "retry"): void;
  reject(e: unknown): void;
}

export type SettleInbound = (db: Db, id: string, outcome: unknown, now: Date) => Promise<"done" | "retry">;

const isError = (o: unknown) =>
  o instanceof Error || (typeof o === "object" && o !== null && !Array.isArray(o) && Object.keys(o).length === 1 && "error" in o);

/** markInboundProcessed, group-committed per database; retryOnFault as markInboundProcessed's (Slack: true) */
export function createInboundSettler(opts: { maxBatch?: number; retryOnFault: boolean }): SettleInbound {
  const maxBatch = opts.maxBatch ?? 500;
  const retryOnFault = opts.retryOnFault;
  const queues = new WeakMap<Db, { waiting: Mark[]; busy: boolean }>();

  async function flush(db: Db, q: { waiting: Mark[]; busy: boolean }): Promise<void> {
    try {
      while (q.waiting.length > 0) {
        const batch = q.waiting.splice(0, maxBatch);
        try {
          await setInboundOutcomes(
            db,
            batch.map((m) => ({
              id: m.id,
              processedAt: m.now,
              resultJson: m.outcome === undefined ? null : JSON.stringify(m.outcome),
              error: null,
            })),
          );
          for (const m of batch) m.resolve("done");
        } catch {
          for (const m of batch) await markInboundProcessed(db, m.id, m.outcome, m.now, { retryOnFault }).then(m.resolve, m.reject);
        }
      }
    } finally {
      q.busy = false;
    }
  }

  return (db, id, outcome, now) => {
    if (isError(outcome)) return markInboundProcessed(db, id, outcome, now, { retryOnFault });
    let q = queues.get(db);
    if (!q) {
      q = { waiting: [], busy: false };
      queues.set(db, q);
    }
    const queue = q;
    return new Promise((resolve, reject) => {
      queue.waiting.push({ id, outcome, now, resolve, reject });
      if (queue.busy) return;
      queue.busy = true;
      setImmediate(() => void flush(db, queue));
    });
  };
}

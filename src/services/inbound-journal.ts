// Group commit for raw inbound interactions. An interaction must be stored before it is acknowledged (once
// Slack has its 200, a crash must not lose the click), but one INSERT per request costs more event-loop time
// than the whole ack is allowed under load. So appends wait for the end of the current event-loop turn
// (setImmediate: every request whose body arrived in this turn) and are written together in ONE statement;
// while a batch is being written, the next one gathers. One click alone still waits only for its own insert.
//
// The unique key decides freshness exactly as receiveInbound does: a retry, a double click or a second
// replica with the same key gets `fresh: false` and is not processed again.
import type { Clock } from "../clock.js";
import type { Db } from "../storage/db.js";
import { DatabaseBusyError, insertNewInbound } from "../storage/inbound.js";
import { type InboundInput, receiveInbound } from "./inbound.js";

export interface JournalReceipt {
  /** the stored row (null for a duplicate) */
  id: string | null;
  /** true the first time this key is seen: process it */
  fresh: boolean;
}

export interface InboundJournal {
  /** resolves once the interaction is stored (or known to be a duplicate); rejects if it could not be stored */
  append(input: Omit<InboundInput, "receivedAt"> & { receivedAt?: Date }): Promise<JournalReceipt>;
  /** resolves when nothing is waiting to be written */
  drain(): Promise<void>;
}

export interface JournalStats {
  batches: number;
  rows: number;
  largestBatch: number;
}

interface Waiting {
  input: Omit<InboundInput, "receivedAt">;
  receivedAt: Date;
  resolve(r: JournalReceipt): void;
  reject(e: unknown): void;
}

const payloadText = (p: unknown) => (typeof p === "string" ? p : JSON.stringify(p ?? null));

export function createInboundJournal(db: Db, opts: { clock: Clock; maxBatch?: number }): InboundJournal & { stats: JournalStats } {
  const maxBatch = opts.maxBatch ?? 200;
  const stats: JournalStats = { batches: 0, rows: 0, largestBatch: 0 };
  let waiting: Waiting[] = [];
  let writing: Promise<void> | null = null;
  let scheduled = false;
  const drained: (() => void)[] = [];

  const schedule = () => {
    if (scheduled || writing) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      writing = writeAll().finally(() => {
        writing = null;
        if (waiting.length > 0) schedule();
        else for (const d of drained.splice(0)) d();
      });
    });
  };

  async function writeAll(): Promise<void> {
    while (waiting.length > 0) {
      const batch = waiting.slice(0, maxBatch);
      waiting = waiting.slice(batch.length);
      await write(batch);
    }
  }

  async function write(batch: Waiting[]): Promise<void> {
    // one row per key: a double click inside one batch is a duplicate without reaching the database
    const first = new Map<string, Waiting>();
    for (const w of batch) if (!first.has(w.input.key)) first.set(w.input.key, w);
    let ids: Map<string, string>;
    try {
      ids = await insertNewInbound(
        db,
        [...first.values()].map((w) => ({
          key: w.input.key,
          source: w.input.source,
          kind: w.input.kind,
          payloadJson: payloadText(w.input.payload),
          receivedAt: w.receivedAt,
        })),
      );
    } catch (e) {
      // locked for too long: one at a time would only wait again (and block); refuse the batch, Slack shows an error
      if (e instanceof DatabaseBusyError) {
        for (const w of batch) w.reject(e);
        return;
      }
      // the statement failed as a whole: store them one at a time, so one bad row cannot refuse the rest
      for (const w of batch) {
        try {
          const r = await receiveInbound(db, { ...w.input, receivedAt: w.receivedAt });
          w.resolve({ id: r.fresh ? r.id : null, fresh: r.fresh });
        } catch (e) {
          w.reject(e);
        }
      }
      return;
    }
    stats.batches += 1;
    stats.rows += first.size;
    stats.largestBatch = Math.max(stats.largestBatch, batch.length);
    for (const w of batch) {
      const id = first.get(w.input.key) === w ? ids.get(w.input.key) : undefined;
      w.resolve(id ? { id, fresh: true } : { id: null, fresh: false });
    }
  }

  return {
    stats,
    append(input) {
      if (!input.key) return Promise.reject(new Error("inbound journal: key is required"));
      return new Promise<JournalReceipt>((resolve, reject) => {
        waiting.push({ input, receivedAt: input.receivedAt ?? opts.clock.now(), resolve, reject });
        schedule();
      });
    },
    drain() {
      if (!writing && !scheduled && waiting.length === 0) return Promise.resolve();
      return new Promise<void>((r) => drained.push(r));
    },
  };
}

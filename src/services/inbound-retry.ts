// The retry worker for acknowledged inbound work. A Slack interaction is stored (InboundEvent) before its ack;
// if its processing then hits a database fault (locked, read-only, full, connection lost) or the process dies,
// the row stays unprocessed. This worker, in the running service, claims such rows (storage/inbound-claims.ts:
// SKIP LOCKED on PostgreSQL, so replicas never both take one) and hands each to the adapter's `process`
// (the Slack surface's processStored), with backoff between attempts. Nothing is expired for its age.
//
// It also watches the backlog: acknowledged work older than `staleMs` is logged at error with its count (at
// most once a minute) and reported by status(), which /healthz shows as degraded.
//
// At start-up it makes one pass before the surface says it is ready; on SQLite (one writer per file) that pass
// takes rows of any age, since nothing else can be processing them. On PostgreSQL a row stays with the
// replica that acked it for `freshMs`, then any replica may take it.
import type { Logger } from "../logger.js";
import type { Db } from "../storage/db.js";
import { dbInfo } from "../storage/db-registry.js";
import { type ClaimedInbound, claimInbound, type InboundBacklog, inboundBacklog } from "../storage/inbound-claims.js";

export interface InboundRetryOptions {
  db: Db;
  source: string;
  log: Logger;
  now: () => Date;
  workerId: string;
  /** single writer (SQLite): the start-up pass takes unclaimed rows of any age (default: from the database's provider) */
  singleWriter?: boolean;
  /** processes one stored interaction; resolves when done (whether or not it could be recorded) */
  process(row: ClaimedInbound, now: Date): Promise<void>;
  /** how long a row is left to the process that acked it, and the first retry's lease (default 30 s) */
  freshMs?: number;
  /** longest wait between attempts (default 5 min) */
  capMs?: number;
  pollMs?: number;
  /** acknowledged work older than this is an error (default 3 min) */
  staleMs?: number;
  batch?: number;
}

export interface InboundRetryStatus extends InboundBacklog {
  /** acknowledged, unprocessed and older than staleMs */
  degraded: boolean;
  staleMs: number;
  /** the last pass could not claim or count (the database is failing) */
  lastError: string | null;
  /** rows processed by this worker so far */
  processed: number;
}

export interface InboundRetry {
  /** one claim-and-process pass; returns how many rows it processed */
  runOnce(opts?: { startup?: boolean }): Promise<number>;
  start(): void;
  stop(): Promise<void>;
  status(): InboundRetryStatus;
}

const LOG_EVERY_MS = 60_000;

export function createInboundRetry(o: InboundRetryOptions): InboundRetry {
  const freshMs = o.freshMs ?? 30_000;
  const capMs = o.capMs ?? 5 * 60_000;
  const staleMs = o.staleMs ?? 3 * 60_000;
  const singleWriter = o.singleWriter ?? dbInfo(o.db).provider === "sqlite";
  const pollMs = o.pollMs ?? Math.min(5000, Math.max(200, Math.floor(freshMs / 4)));
  const state: InboundRetryStatus = { count: 0, oldestReceivedAt: null, degraded: false, staleMs, lastError: null, processed: 0 };
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let stopped = false;
  let lastLoggedAt = Number.NEGATIVE_INFINITY; // elapsed time (performance.now), not the domain clock

  async function pass(startup: boolean): Promise<number> {
    const now = o.now();
    let n = 0;
    try {
      const rows = await claimInbound(o.db, {
        source: o.source,
        workerId: o.workerId,
        now,
        freshMs,
        baseMs: freshMs,
        capMs,
        limit: o.batch ?? 50,
        orphansToo: startup && singleWriter,
      });
      // handed over together: the adapter's work queue decides how many run at once
      await Promise.all(
        rows.map(async (row) => {
          if (stopped) return;
          if (row.attempts > 1) o.log.warn({ id: row.id, kind: row.kind, attempts: row.attempts }, "inbound: retrying acknowledged work");
          await o.process(row, o.now());
          n += 1;
        }),
      );
      state.processed += n;
      state.lastError = null;
    } catch (e) {
      state.lastError = e instanceof Error ? e.message : String(e);
      o.log.warn({ err: e }, "inbound: could not claim unprocessed work (retrying)");
    }
    // counted even when claiming failed: a read often still works while writes fail (locked, full, read-only)
    try {
      const backlog = await inboundBacklog(o.db, o.source, new Date(o.now().getTime() - staleMs));
      Object.assign(state, backlog, { degraded: backlog.count > 0 });
    } catch {
      // unknown for now: the last count stands
    }
    if (state.degraded && performance.now() - lastLoggedAt >= LOG_EVERY_MS) {
      lastLoggedAt = performance.now();
      o.log.error(
        { unprocessed: state.count, oldestReceivedAt: state.oldestReceivedAt?.toISOString(), staleMinutes: staleMs / 60_000 },
        "inbound: acknowledged interactions are still unprocessed (retrying with backoff; see /healthz)",
      );
    }
    return n;
  }

  function runOnce(opts: { startup?: boolean } = {}): Promise<number> {
    if (running) return running;
    running = pass(Boolean(opts.startup)).finally(() => {
      running = null;
    });
    return running;
  }

  const tick = () => {
    timer = null;
    if (stopped) return;
    void runOnce().finally(() => {
      if (!stopped) timer = setTimeout(tick, pollMs);
    });
  };

  return {
    runOnce,
    start() {
      stopped = false;
      if (!timer) timer = setTimeout(tick, pollMs);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
    status: () => ({ ...state }),
  };
}

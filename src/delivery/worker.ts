// The outbox worker: claims due messages with a lease, sends them through the platform's Messenger within
// the rate limits, records the platform reference, retries failures with exponential backoff and honours
// Retry-After on 429.
//
// Exactly-once, and the one window where it is not:
//  - claiming is exclusive (PostgreSQL FOR UPDATE SKIP LOCKED; SQLite runs one worker per file);
//  - before each send the worker makes sure its lease still holds: within the first half of the lease it
//    knows so locally (claimedAt + lease/2, measured before the claim); after that it re-checks and extends
//    the lease in the database (confirmLease). If another worker took the row over, we do not send;
//  - after a send the row is marked sent, conditioned on our lease; a sent row is never claimed again.
//  - a multi-part message (root post, then chart uploads / thread replies) is checkpointed: after each part
//    the platform accepted, the messenger calls checkpoint(), which stores SendProgress (root reference,
//    parts done) on the row (saveProgress, conditioned on our lease) BEFORE the next part is sent. A failed
//    part (429, 5xx, timeout) is retried from there, in-lane or on a later claim: the root and the parts
//    already accepted are never posted again. A lost lease at a checkpoint stops the send.
//  CRASH WINDOW: if the process dies after the platform accepted a part (the root, one reply or upload)
//  but before its checkpoint committed -- or, for the last part, before markSent committed -- the row stays
//  "sending" until its lease expires, then is claimed again and that one part is sent a second time (the
//  earlier, checkpointed parts are not). The window is one HTTP response + one UPDATE (milliseconds); each
//  channel lane has at most one message in flight, so a crash duplicates at most one part per active lane
//  (one per crash in the common single-bucket case). Platforms give no idempotency key for
//  chat.postMessage / Teams activities, so this window cannot be closed from our side; the dedupe key is
//  carried in the outgoing message so a platform adapter may use it where the platform allows.
import { randomUUID } from "node:crypto";
import type { Card } from "../core/cards/model.js";
import type { Logger } from "../logger.js";
import type { Db } from "../storage/db.js";
import { isDatabaseFault } from "../storage/faults.js";
import {
  type ClaimedMessage,
  claimDue,
  confirmLease,
  markDead,
  markSent,
  markWithdrawn,
  reschedule,
  saveProgress,
} from "../storage/outbox.js";
import { type Messenger, PermanentSendError, type Platform, RateLimitedError, type Recipient, type SendProgress } from "./messenger.js";
import { defaultLimits, RateLimiter, type RateLimits } from "./rate-limit.js";

export interface WorkerOptions {
  db: Db;
  messengers: Partial<Record<Platform, Messenger>>;
  limits?: RateLimits;
  log: Logger;
  workerId?: string;
  /** poll the outbox every pollMs (default true; the CLI's one-shot --send uses drainOnce only) */
  poll?: boolean;
  pollMs?: number;
  /** lease on claimed rows; must exceed one send's timeout (default 60 s) */
  leaseMs?: number;
  /** rows claimed per round (default 50; the lease is re-checked and extended before late sends) */
  batchSize?: number;
  /** channel lanes sent in parallel (default 4); each lane sends one message at a time */
  lanes?: number;
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** a 429 asking to wait up to this long is waited out in-lane; longer goes back to the queue */
  maxInlineWaitMs?: number;
  /** the composition root's clock: leases, retries and due times are compared with it */
  now: () => Date;
  /**
   * Asked once before a message's first part is sent: a reason not to send it after all (say, every
   * milestone in a reminder was completed while it waited), or null to send. The row becomes "withdrawn".
   */
  withdrawReason?: (m: { id: string; dedupeKey: string }, now: Date) => Promise<string | null>;
}

export interface DrainResult {
  sent: number;
  retried: number;
  dead: number;
  rateLimited: number;
  skipped: number;
  withdrawn: number;
}

export interface OutboxWorker {
  workerId: string;
  drainOnce(): Promise<DrainResult>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A checkpoint found the row taken over by another worker: stop sending parts. */
class LeaseLostError extends Error {
  constructor() {
    super("lease lost during a multi-part send");
    this.name = "LeaseLostError";
  }
}

function parseProgress(json: string | null): SendProgress | undefined {
  if (!json) return undefined;
  try {
    const p = JSON.parse(json) as SendProgress;
    return typeof p.partsDone === "number" && p.partsDone >= 0 ? p : undefined;
  } catch {
    return undefined;
  }
}

export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp * (0.8 + Math.random() * 0.4));
}

export function startOutboxWorker(o: WorkerOptions): OutboxWorker {
  const workerId = o.workerId ?? `w-${randomUUID().slice(0, 8)}`;
  const now = o.now;
  const leaseMs = o.leaseMs ?? 60_000;
  const batchSize = o.batchSize ?? 50;
  const lanes = Math.max(1, o.lanes ?? 4);
  const maxAttempts = o.maxAttempts ?? 8;
  const baseMs = o.backoffBaseMs ?? 5_000;
  const maxMs = o.backoffMaxMs ?? 30 * 60_000;
  const maxInlineWaitMs = o.maxInlineWaitMs ?? 30_000;
  const limiter = new RateLimiter(o.limits ?? defaultLimits());
  const platforms = Object.entries(o.messengers)
    .filter(([, m]) => m)
    .map(([p]) => p);
  const log = o.log.child({ worker: workerId });
  let stopping = false;
  let draining: Promise<DrainResult> | null = null;
  /** until when a claimed row's lease is certainly ours without asking the database */
  const leaseSafeUntil = new Map<string, number>();

  async function sendOne(m: ClaimedMessage, r: DrainResult): Promise<void> {
    const messenger = o.messengers[m.platform as Platform];
    if (!messenger) return; // not claimable without one; defensive
    let card: Card;
    let recipient: Recipient;
    try {
      card = JSON.parse(m.payloadJson) as Card;
      recipient = JSON.parse(m.recipientJson) as Recipient;
    } catch (e) {
      await markDead(o.db, m.id, workerId, `unreadable outbox row: ${(e as Error).message}`);
      r.dead++;
      return;
    }
    let progress = parseProgress(m.progressJson);
    // nothing of it has gone out yet: is it still wanted?
    if (o.withdrawReason && !progress?.rootRef && !progress?.partsDone) {
      const why = await o.withdrawReason({ id: m.id, dedupeKey: m.dedupeKey }, now());
      if (why) {
        await markWithdrawn(o.db, m.id, workerId, why);
        r.withdrawn++;
        log.info({ id: m.id, dedupeKey: m.dedupeKey, why }, "message withdrawn before sending");
        return;
      }
    }
    const checkpoint = async (p: SendProgress) => {
      if (!(await saveProgress(o.db, m.id, workerId, JSON.stringify(p)))) throw new LeaseLostError();
      progress = p;
    };
    for (let tries = 0; ; tries++) {
      if (stopping) {
        await reschedule(o.db, m.id, workerId, now(), null, true);
        return;
      }
      await limiter.take(m.channelKey);
      // our lease is known locally; re-check (and extend) it in the database once half of it is used
      const t = now().getTime();
      if (t >= (leaseSafeUntil.get(m.id) ?? 0) && !(await confirmLease(o.db, m.id, workerId, now(), leaseMs))) {
        r.skipped++;
        log.warn({ id: m.id, dedupeKey: m.dedupeKey }, "lease lost before send; not sending");
        return;
      }
      try {
        if (t >= (leaseSafeUntil.get(m.id) ?? 0)) leaseSafeUntil.set(m.id, now().getTime() + leaseMs / 2);
        unfinished.delete(m.id); // from here it may reach the platform: only its lease may hand it on
        const res = await messenger.send({ id: m.id, dedupeKey: m.dedupeKey, recipient, card, progress, checkpoint });
        // ---- crash window: the platform has the message, our row still says "sending" ----
        if (await recordSent(m, res.platformRef)) r.sent++;
        else log.error({ id: m.id, dedupeKey: m.dedupeKey }, "sent but lease was lost meanwhile: may be delivered twice");
        return;
      } catch (e) {
        if (e instanceof LeaseLostError) {
          r.skipped++;
          log.warn({ id: m.id, dedupeKey: m.dedupeKey, progress }, "lease lost during a multi-part send; stopping");
          return;
        }
        if (e instanceof RateLimitedError) {
          r.rateLimited++;
          limiter.pause(m.channelKey, e.retryAfterMs);
          if (e.retryAfterMs <= maxInlineWaitMs && tries < 20) continue;
          await reschedule(o.db, m.id, workerId, new Date(now().getTime() + e.retryAfterMs), `429: retry after ${e.retryAfterMs} ms`, true);
          r.retried++;
          return;
        }
        const msg = e instanceof Error ? e.message : String(e);
        if (e instanceof PermanentSendError || m.attempts >= maxAttempts) {
          await markDead(o.db, m.id, workerId, msg);
          r.dead++;
          log.error({ id: m.id, dedupeKey: m.dedupeKey, attempts: m.attempts, err: e }, "message dead-lettered");
          return;
        }
        await reschedule(o.db, m.id, workerId, new Date(now().getTime() + backoffMs(m.attempts, baseMs, maxMs)), msg);
        r.retried++;
        log.warn({ id: m.id, dedupeKey: m.dedupeKey, attempts: m.attempts, err: e }, "send failed; will retry");
        return;
      }
    }
  }

  /**
   * markSent, retried while the database is failing (locked, read-only, full, connection lost): the platform
   * already has the message, so giving up here would send it again once the lease runs out. Only a crash (or
   * a fault outlasting 10 minutes) leaves the documented window.
   */
  async function recordSent(m: ClaimedMessage, platformRef: string): Promise<boolean> {
    const started = performance.now(); // elapsed time, not the domain clock
    for (let wait = 100; ; wait = Math.min(wait * 2, 5000)) {
      try {
        return await markSent(o.db, m.id, workerId, platformRef, now());
      } catch (e) {
        if (!isDatabaseFault(e) || performance.now() - started > 600_000) throw e;
        log.warn({ id: m.id, dedupeKey: m.dedupeKey, err: (e as Error).message }, "sent; recording it failed (database fault), retrying");
        await sleep(wait);
      }
    }
  }

  async function processBatch(batch: ClaimedMessage[], r: DrainResult): Promise<void> {
    const byLane = new Map<string, ClaimedMessage[]>();
    for (const m of batch) {
      const list = byLane.get(m.channelKey);
      if (list) list.push(m);
      else byLane.set(m.channelKey, [m]);
    }
    const queues = [...byLane.values()];
    let next = 0;
    const runLane = async () => {
      while (next < queues.length) {
        const q = queues[next++] as ClaimedMessage[];
        for (const m of q) await sendOne(m, r);
      }
    };
    await Promise.all(Array.from({ length: Math.min(lanes, queues.length) }, runLane));
  }

  /**
   * Rows claimed by a drain that a database fault cut short before their send began: still ours, so they go
   * back to pending as soon as the database answers again, instead of waiting out their lease. A row whose send
   * had begun is left to its lease (it may have reached the platform).
   */
  const unfinished = new Set<string>();
  async function releaseUnfinished(): Promise<void> {
    for (const id of [...unfinished]) {
      await reschedule(o.db, id, workerId, now(), "claimed when the database failed; not sent", true);
      unfinished.delete(id);
    }
  }

  async function drain(): Promise<DrainResult> {
    const r: DrainResult = { sent: 0, retried: 0, dead: 0, rateLimited: 0, skipped: 0, withdrawn: 0 };
    await releaseUnfinished();
    while (!stopping) {
      const claimedAt = now().getTime();
      const batch = await claimDue(o.db, { workerId, platforms, now: now(), leaseMs, limit: batchSize });
      if (batch.length === 0) break;
      for (const m of batch) {
        leaseSafeUntil.set(m.id, claimedAt + leaseMs / 2);
        unfinished.add(m.id);
      }
      await processBatch(batch, r);
      for (const m of batch) {
        leaseSafeUntil.delete(m.id);
        unfinished.delete(m.id);
      }
    }
    return r;
  }

  function drainOnce(): Promise<DrainResult> {
    if (!draining)
      draining = drain().finally(() => {
        draining = null;
      });
    return draining;
  }

  let timer: NodeJS.Timeout | null = null;
  const pollMs = o.pollMs ?? 1000;
  const loop = async () => {
    if (stopping) return;
    try {
      const r = await drainOnce();
      if (r.sent || r.dead || r.retried) log.debug(r, "outbox drained");
    } catch (e) {
      log.error({ err: e }, "outbox drain failed");
    }
    if (!stopping) timer = setTimeout(loop, pollMs);
  };
  if (o.poll !== false) timer = setTimeout(loop, 0);

  return {
    workerId,
    drainOnce,
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      if (draining) await draining.catch(() => undefined);
      await sleep(0);
    },
  };
}

// Inbound idempotency: every Slack/Teams interaction is stored raw (InboundEvent) BEFORE it is processed.
// The key (Slack: team + action ts + user; Teams: activity id) is unique, so a retry or a double click is
// recognised and can be answered with the first outcome instead of being processed again.
import type { Db, Tx } from "../storage/db.js";
import { isUniqueViolation } from "../storage/errors.js";
import { isDatabaseFault } from "../storage/faults.js";
import {
  createInbound,
  deleteProcessedInboundBefore,
  deleteUnprocessedInboundBefore,
  findInboundByKey,
  type InboundEvent,
  setInboundOutcome,
  unprocessedInbound,
} from "../storage/inbound.js";
import { noteInboundFailure } from "../storage/inbound-claims.js";

export interface InboundInput {
  key: string;
  source: "slack" | "teams" | string;
  kind: string;
  /** the raw payload as received (object or string); stored as JSON text */
  payload: unknown;
  /** when it arrived, by the caller's clock */
  receivedAt: Date;
}

export interface InboundReceipt {
  id: string;
  /** true the first time this key is seen: process it. false: a retry/duplicate, do not process again */
  fresh: boolean;
  /** for duplicates: whether the first delivery finished, and its outcome */
  processed: boolean;
  result: unknown;
  error: string | null;
}

function payloadText(payload: unknown): string {
  if (typeof payload === "string") return payload;
  return JSON.stringify(payload ?? null);
}

function receiptOf(row: InboundEvent, fresh: boolean): InboundReceipt {
  let result: unknown = null;
  if (row.resultJson !== null) {
    try {
      result = JSON.parse(row.resultJson);
    } catch {
      result = row.resultJson;
    }
  }
  return { id: row.id, fresh, processed: row.processedAt !== null, result, error: row.error };
}

export async function receiveInbound(db: Db | Tx, input: InboundInput): Promise<InboundReceipt> {
  if (!input.key) throw new Error("receiveInbound: key is required");
  const existing = await findInboundByKey(db, input.key);
  if (existing) return receiptOf(existing, false);
  try {
    const row = await createInbound(db, {
      key: input.key,
      source: input.source,
      kind: input.kind,
      payloadJson: payloadText(input.payload),
      receivedAt: input.receivedAt,
    });
    return receiptOf(row, true);
  } catch (e) {
    // two replicas / two concurrent retries: the unique key decides who processes it
    if (isUniqueViolation(e)) {
      const row = await findInboundByKey(db, input.key);
      if (row) return receiptOf(row, false);
    }
    throw e;
  }
}

/**
 * Records how processing ended. Pass the result (any JSON-able value) or an Error (its message is stored as
 * the error). `{ error: "..." }` with only an error property is also treated as an error.
 */
export async function markInboundProcessed(
  db: Db | Tx,
  id: string,
  outcome: unknown,
  now: Date,
  opts: { retryOnFault?: boolean } = {},
): Promise<"done" | "retry"> {
  // retryOnFault (acknowledged Slack work): the database failing is not an outcome. The row stays unprocessed
  // and the retry worker takes it again (services/inbound-retry.ts), so an acked click is never closed by a fault.
  if (opts.retryOnFault && outcome instanceof Error && isDatabaseFault(outcome)) {
    await noteInboundFailure(db as Db, id, outcome.message || outcome.name).catch(() => {});
    return "retry";
  }
  let error: string | null = null;
  let resultJson: string | null = null;
  if (outcome instanceof Error) error = outcome.message || outcome.name;
  else if (isErrorOnly(outcome)) error = String(outcome.error);
  else resultJson = outcome === undefined ? null : JSON.stringify(outcome);
  await setInboundOutcome(db, id, { processedAt: now, resultJson, error });
  return "done";
}

function isErrorOnly(v: unknown): v is { error: unknown } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && "error" in v;
}

/**
 * Is this error the database failing (locked, read-only, full, I/O, connection lost) rather than the request
 * being wrong? Then nothing could be recorded now, and the platform is told so (Teams: an error on the card).
 */
export function isStoreUnavailable(e: unknown): boolean {
  return isDatabaseFault(e);
}

/** Interactions to replay after a restart: stored before processing, never marked processed. */
export function pendingInbound(db: Db, source: string, before: Date) {
  return unprocessedInbound(db, source, before);
}

/**
 * Sources whose reply is the acknowledgement: a Teams invoke is answered only once it is processed (the
 * recorded card, or Universal Actions' error response when the database could not take it), so a row of theirs
 * left unprocessed was never acknowledged as done; the person was told to press again, and Teams does not
 * redeliver it days later. Slack's rows are acked before processing and are never dropped unprocessed.
 */
const REPLY_IS_ACK = ["teams"];

/**
 * Data minimisation: the raw payloads (names, messages, questions as people typed them) are needed only until
 * they are processed and for a while after, to look into problems. Deletes the processed ones older than
 * `days`, and the unanswered ones of sources whose reply is the ack (above); an acknowledged Slack row still
 * unprocessed is kept whatever its age, because it still has to be replayed. The recorded StatusUpdates are not
 * touched: they are the plan's history.
 */
export async function pruneInbound(db: Db, now: Date, days: number): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  return (await deleteProcessedInboundBefore(db, cutoff)) + (await deleteUnprocessedInboundBefore(db, REPLY_IS_ACK, cutoff));
}

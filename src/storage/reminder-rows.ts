// Reminder + outbox rows written straight to SQLite, on the adapter's own better-sqlite3 connection while the
// planning transaction is open on it (so they are part of that transaction, as the import's bulk statements are).
// Each row's card JSON is bound as it is (one parameter, never escaped into SQL or a JSON array, never copied
// through Prisma's query engine). The dedupe keys stay unique in both tables: the existence check below drops
// keys already written, and the unique indexes would fail the transaction on a race (it then writes nothing).
import { randomUUID } from "node:crypto";
import type BetterSqlite3 from "better-sqlite3";
import { sqliteDateText, statement } from "./bulk.js";

/** One planned reminder and its outbox row (the same dedupe key). */
export interface ReminderWrite {
  dedupeKey: string;
  kind: string;
  planId: string;
  recipientId: string;
  onBehalfOfId: string | null;
  milestoneIds: string[];
  plannedFor: Date;
  outbox: {
    platform: string;
    channelKey: string;
    recipientJson: string;
    payloadJson: string;
    notBefore: Date;
  };
}

const EXISTING = [
  `SELECT "dedupeKey" AS k FROM "Reminder" WHERE "dedupeKey" IN (SELECT value FROM json_each(?))`,
  `SELECT "dedupeKey" AS k FROM "OutboxMessage" WHERE "dedupeKey" IN (SELECT value FROM json_each(?))`,
];
const INSERT_OUTBOX = `INSERT INTO "OutboxMessage" ("id", "dedupeKey", "platform", "channelKey", "recipientJson", "payloadJson", "nextAttemptAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_REMINDER = `INSERT INTO "Reminder" ("id", "dedupeKey", "kind", "planId", "recipientId", "onBehalfOfId", "milestoneIds", "plannedFor", "outboxId", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const KEYS_PER_CHECK = 2000;

/** The rows whose keys are not written yet, in key order (the order both paths insert in). */
export function freshOf(rows: ReminderWrite[], existing: Set<string>): ReminderWrite[] {
  return rows.filter((r) => !existing.has(r.dedupeKey)).sort((a, b) => a.dedupeKey.localeCompare(b.dedupeKey));
}

const dateText = (d: Date) => sqliteDateText(d.toISOString());

/** writeReminders on SQLite: `c` must be the connection the caller's transaction is open on (bulk.ts `direct`). */
export function writeRemindersSqlite(c: BetterSqlite3.Database, rows: ReminderWrite[], now: Date): string[] {
  const existing = new Set<string>();
  for (let i = 0; i < rows.length; i += KEYS_PER_CHECK) {
    const keys = JSON.stringify(rows.slice(i, i + KEYS_PER_CHECK).map((r) => r.dedupeKey));
    for (const sql of EXISTING) for (const row of statement(c, sql).all(keys) as { k: string }[]) existing.add(row.k);
  }
  const fresh = freshOf(rows, existing);
  const outbox = statement(c, INSERT_OUTBOX);
  const reminder = statement(c, INSERT_REMINDER);
  const created = dateText(now);
  for (const r of fresh) {
    const outboxId = randomUUID();
    const o = r.outbox;
    outbox.run(outboxId, r.dedupeKey, o.platform, o.channelKey, o.recipientJson, o.payloadJson, dateText(o.notBefore), created);
    reminder.run(
      randomUUID(),
      r.dedupeKey,
      r.kind,
      r.planId,
      r.recipientId,
      r.onBehalfOfId,
      JSON.stringify(r.milestoneIds),
      dateText(r.plannedFor),
      outboxId,
      created,
    );
  }
  return fresh.map((r) => r.dedupeKey);
}

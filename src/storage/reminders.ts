// Reminder repository: what the planner needs is loaded by planner-data.ts (re-exported here); this module writes
// planned reminders + their outbox rows in ONE transaction. Dedupe keys are unique in both tables, and on
// PostgreSQL the planning transaction takes an advisory lock, so two replicas planning the same tick
// serialise: the second sees the first's rows and plans nothing new.
import { randomUUID } from "node:crypto";
import { direct, type Target } from "./bulk.js";
import type { Db, Tx } from "./db.js";
import { providerOf } from "./outbox.js";
import { jsonArray } from "./planner-data.js";
import { freshOf, type ReminderWrite, writeRemindersSqlite } from "./reminder-rows.js";

export { findPlanByKey } from "./plans.js";

const CHUNK = 500;

// what a tick reads (planner-data.ts; its rows: planner-rows.ts)
export { HISTORY_DAYS, loadPlannerData, type PlannerData } from "./planner-data.js";

/** A milestone's plan (key, reminder policy, time zone), to work out when a snooze ends; null when there is no such milestone. */
export function milestoneSnoozeContext(db: Db | Tx, milestoneId: string) {
  return db.milestone.findUnique({
    where: { id: milestoneId },
    select: { id: true, action: { select: { plan: { select: { key: true, policyJson: true, timeZone: true } } } } },
  });
}

/** Postpones the milestone's reminders until this instant. */
export async function setMilestoneSnoozedUntil(db: Db | Tx, milestoneId: string, until: Date): Promise<void> {
  await db.milestone.update({ where: { id: milestoneId }, data: { snoozedUntil: until } });
}

export type { ReminderWrite };

/** Serialises planning across replicas (PostgreSQL advisory lock held until the transaction ends). */
export async function lockPlanning(tx: Tx, provider: "sqlite" | "postgres"): Promise<void> {
  if (provider === "postgres") await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(7261677469)");
}

/**
 * Inserts reminders and their outbox rows (same dedupe key) unless the key exists; returns the keys
 * written. Bulk inserts keep a 2,000-reminder tick to a handful of statements. On SQLite (`target` given and its
 * transaction open on the adapter's connection) the check and the inserts go straight to that connection
 * (storage/reminder-rows.ts): through Prisma's createMany a first tick's 6 MB of card JSON was copied several
 * times, and the service kept that high-water mark. PostgreSQL goes through Prisma.
 */
export async function writeReminders(tx: Tx, rows: ReminderWrite[], now: Date, target?: Target): Promise<string[]> {
  if (rows.length === 0) return [];
  const c = target ? direct(target) : null;
  if (c) return writeRemindersSqlite(c, rows, now);
  const keys = rows.map((r) => r.dedupeKey);
  const existing = new Set<string>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const part = keys.slice(i, i + CHUNK);
    for (const r of await tx.reminder.findMany({ where: { dedupeKey: { in: part } }, select: { dedupeKey: true } }))
      existing.add(r.dedupeKey);
    for (const r of await tx.outboxMessage.findMany({ where: { dedupeKey: { in: part } }, select: { dedupeKey: true } }))
      existing.add(r.dedupeKey);
  }
  const fresh = freshOf(rows, existing);
  const withIds = fresh.map((r) => ({ r, outboxId: randomUUID() }));
  for (let i = 0; i < withIds.length; i += CHUNK) {
    const part = withIds.slice(i, i + CHUNK);
    await tx.outboxMessage.createMany({
      data: part.map(({ r, outboxId }) => ({
        id: outboxId,
        dedupeKey: r.dedupeKey,
        platform: r.outbox.platform,
        channelKey: r.outbox.channelKey,
        recipientJson: r.outbox.recipientJson,
        payloadJson: r.outbox.payloadJson,
        nextAttemptAt: r.outbox.notBefore,
        createdAt: now,
      })),
    });
    await tx.reminder.createMany({
      data: part.map(({ r, outboxId }) => ({
        dedupeKey: r.dedupeKey,
        kind: r.kind,
        planId: r.planId,
        recipientId: r.recipientId,
        onBehalfOfId: r.onBehalfOfId,
        milestoneIds: JSON.stringify(r.milestoneIds),
        plannedFor: r.plannedFor,
        outboxId,
        createdAt: now,
      })),
    });
  }
  return fresh.map((r) => r.dedupeKey);
}

export { targetOf } from "./bulk.js";
export { providerOf };

/** The milestones of the reminder queued as this outbox row, as they stand now (null: not a reminder). */
export async function reminderMilestonesNow(
  db: Db,
  outboxId: string,
): Promise<{ kind: string; milestones: { id: string; status: string; paused: boolean; snoozedUntil: Date | null }[] } | null> {
  const reminder = await db.reminder.findFirst({ where: { outboxId }, select: { kind: true, milestoneIds: true } });
  if (!reminder) return null;
  const ids = jsonArray(reminder.milestoneIds) ?? [];
  const rows = await db.milestone.findMany({
    where: { id: { in: ids } },
    select: { id: true, status: true, paused: true, unownedSince: true, snoozedUntil: true, action: { select: { paused: true } } },
  });
  return {
    kind: reminder.kind,
    // an item disowned ("Not mine") while its reminder waited is withdrawn like a paused one
    milestones: rows.map((m) => ({
      id: m.id,
      status: m.status,
      paused: m.paused || m.action.paused || m.unownedSince !== null,
      snoozedUntil: m.snoozedUntil,
    })),
  };
}

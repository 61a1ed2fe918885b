// Reminder tick: load -> plan (pure core) -> write Reminder + OutboxMessage rows in ONE transaction.
// Idempotent: dedupe keys are deterministic and unique, and PostgreSQL replicas serialise on an advisory
// lock, so restarts, catch-up ticks and two replicas never queue a reminder twice.
import type { Card } from "../core/cards/model.js";
import { reminderCards } from "../core/cards/reminder.js";
import { planReminders } from "../core/reminders/planner.js";
import type { PlannedReminder } from "../core/reminders/types.js";
import { type EnabledPlatforms, type RoutablePerson, routeToPerson } from "../delivery/outbox.js";
import type { Db } from "../storage/db.js";
import { loadPlannerData, lockPlanning, providerOf, type ReminderWrite, targetOf, writeReminders } from "../storage/reminders.js";

/** The `ragtime reminders --dry-run --json` shape (issue 3). */
export interface ReminderJson {
  kind: string;
  to: string;
  via: "slack" | "teams" | "none";
  items: { ref: string | null; milestone: string; due: string | null; daysOverdue: number | null }[];
  dedupeKey: string;
}

export interface TickOptions {
  enabled: EnabledPlatforms;
  planKey?: string;
  dryRun?: boolean;
}

export interface TickResult {
  planned: (PlannedReminder & { via: ReminderJson["via"] })[];
  /** dedupe keys newly written (empty on a dry run) */
  written: string[];
  /** recipients with no chat account (sent to the log, reported) */
  unmapped: string[];
}

export function toJson(r: PlannedReminder & { via: ReminderJson["via"] }): ReminderJson {
  return {
    kind: r.kind,
    to: r.view.recipientName,
    via: r.via,
    items: r.view.items.map((i) => ({
      ref: i.ref,
      milestone: i.milestoneTitle,
      due: i.due,
      daysOverdue: i.daysToDue === null ? null : 0 - i.daysToDue || 0,
    })),
    dedupeKey: r.dedupeKey,
  };
}

/**
 * First page as the message; further pages (more than ITEMS_PER_CARD items) follow as its thread. Every page
 * names its actors (owners, deputies, leads, recipient), so Teams shows them an editable card and others a
 * read-only one.
 */
export function reminderMessageCard(r: PlannedReminder): Card {
  const actors = r.actorIds;
  const [first, ...rest] = reminderCards(r.view).map((c) => ({ ...c, actors })) as [Card, ...Card[]];
  return rest.length ? { ...first, thread: rest } : first;
}

function route(r: PlannedReminder, routing: Map<string, RoutablePerson>, enabled: EnabledPlatforms) {
  const person = routing.get(r.recipientId) ?? { id: r.recipientId, name: r.view.recipientName, slackUserId: null };
  const rt = routeToPerson(person, enabled);
  const via: ReminderJson["via"] = rt.platform === "log" ? "none" : rt.platform;
  return { ...rt, via };
}

/**
 * One reminder tick as of `now`. Loading and planning happen outside the transaction (they only read);
 * the write transaction is short: take the planning lock (PostgreSQL), drop keys that already exist, insert
 * the rest. Planning is deterministic, so a replica that read slightly stale history proposes the same
 * keys, which the locked existence check (and the unique constraints behind it) then discards.
 */
export async function runReminderTick(db: Db, now: Date, opts: TickOptions): Promise<TickResult> {
  const { input, routing } = await loadPlannerData(db, { now, planKey: opts.planKey });
  const planned = planReminders(input).map((r) => {
    const rt = route(r, routing, opts.enabled);
    return { r: { ...r, via: rt.via }, rt };
  });
  const list = planned.map((p) => p.r);
  if (opts.dryRun) return { planned: list, written: [], unmapped: unmappedOf(list) };
  const writes: ReminderWrite[] = planned.map(({ r, rt }) => ({
    dedupeKey: r.dedupeKey,
    kind: r.kind,
    planId: r.planId,
    recipientId: r.recipientId,
    onBehalfOfId: r.onBehalfOfId,
    milestoneIds: r.milestoneIds,
    plannedFor: r.plannedFor,
    outbox: {
      platform: rt.platform,
      channelKey: rt.channelKey,
      recipientJson: JSON.stringify(rt.recipient),
      payloadJson: JSON.stringify(reminderMessageCard(r)),
      notBefore: now,
    },
  }));
  if (writes.length === 0) return { planned: list, written: [], unmapped: unmappedOf(list) };
  const provider = providerOf(db);
  const target = targetOf(db);
  const written = await db.$transaction(
    async (tx) => {
      await lockPlanning(tx, provider);
      return writeReminders(tx, writes, now, target);
    },
    { timeout: 120_000, maxWait: 60_000 },
  );
  const fresh = new Set(written);
  const out = list.filter((r) => fresh.has(r.dedupeKey));
  return { planned: out, written, unmapped: unmappedOf(out) };
}

function unmappedOf(planned: { via: string; view: { recipientName: string } }[]): string[] {
  return [...new Set(planned.filter((p) => p.via === "none").map((p) => p.view.recipientName))].sort();
}

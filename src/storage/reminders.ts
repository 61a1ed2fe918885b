// Reminder repository: loads what the planner needs (plans, milestones, people, boards, history) and writes
// planned reminders + their outbox rows in ONE transaction. Dedupe keys are unique in both tables, and on
// PostgreSQL the planning transaction takes an advisory lock, so two replicas planning the same tick
// serialise: the second sees the first's rows and plans nothing new.
import { randomUUID } from "node:crypto";
import type { ReminderKind } from "../core/cards/reminder.js";
import { parsePolicy } from "../core/reminders/policy.js";
import type { PlannerBoard, PlannerInput, PlannerMilestone, PlannerPerson, PlannerPlan, SentReminder } from "../core/reminders/types.js";
import { isStatus, scaleOf } from "../core/status.js";
import { direct, type Target } from "./bulk.js";
import type { Db, Tx } from "./db.js";
import { providerOf } from "./outbox.js";
import type { RoutingInfo as RoutablePerson } from "./people.js";
import { freshOf, type ReminderWrite, writeRemindersSqlite } from "./reminder-rows.js";

export { findPlanByKey } from "./plans.js";

/** How far back the planner looks at earlier reminders (chaser counts, catch-up). */
export const HISTORY_DAYS = 400;
const CHUNK = 500;

export interface PlannerData {
  input: PlannerInput;
  routing: Map<string, RoutablePerson>;
}

function jsonArray(raw: string | null | undefined): string[] | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as unknown;
    return Array.isArray(v) ? v.map(String) : null;
  } catch {
    return null;
  }
}

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

export async function loadPlannerData(db: Db | Tx, opts: { now: Date; planKey?: string }): Promise<PlannerData> {
  const plans = await db.plan.findMany({
    where: opts.planKey ? { key: opts.planKey } : {},
    include: { boards: true },
    orderBy: { key: "asc" },
  });
  const planIds = plans.map((p) => p.id);
  // flat queries joined here, not one nested include: Prisma's nested read of 5,000 milestones with their
  // action, section, owners and leads took the service's RSS up by about 30 MB a tick (flat: about 10 MB)
  const actionRows = await db.action.findMany({
    where: { planId: { in: planIds } },
    select: { id: true, planId: true, ref: true, handle: true, title: true, paused: true, position: true, sectionId: true },
  });
  const sectionRows = await db.section.findMany({
    where: { planId: { in: planIds } },
    select: { id: true, label: true, number: true, position: true },
  });
  const leadRows = await db.actionLead.findMany({
    where: { action: { planId: { in: planIds } } },
    select: { actionId: true, personId: true },
  });
  const sectionById = new Map(sectionRows.map((s) => [s.id, s]));
  const leadsOf = new Map<string, string[]>();
  for (const l of leadRows) {
    const list = leadsOf.get(l.actionId);
    if (list) list.push(l.personId);
    else leadsOf.set(l.actionId, [l.personId]);
  }
  const actionById = new Map(
    actionRows.map((a) => [
      a.id,
      { ...a, section: a.sectionId ? (sectionById.get(a.sectionId) ?? null) : null, leads: leadsOf.get(a.id) ?? [] },
    ]),
  );
  const milestoneRows = await db.milestone.findMany({
    where: { action: { planId: { in: planIds } } },
    // only what the planner reads (not the narrative, impact or import columns): a tick loads every milestone
    select: {
      id: true,
      actionId: true,
      title: true,
      due: true,
      dueRaw: true,
      status: true,
      statusLabel: true,
      paused: true,
      unownedSince: true,
      snoozedUntil: true,
      position: true,
    },
  });
  const ownerRows = await db.milestoneOwner.findMany({
    where: { milestone: { action: { planId: { in: planIds } } } },
    select: { milestoneId: true, personId: true },
  });
  const ownersOf = new Map<string, string[]>();
  for (const o of ownerRows) {
    const list = ownersOf.get(o.milestoneId);
    if (list) list.push(o.personId);
    else ownersOf.set(o.milestoneId, [o.personId]);
  }
  const milestones = milestoneRows.flatMap((m) => {
    const action = actionById.get(m.actionId);
    return action ? [{ ...m, action, owners: ownersOf.get(m.id) ?? [] }] : [];
  });
  const lastUpdates = await db.statusUpdate.groupBy({
    by: ["milestoneId"],
    where: { source: { not: "import" }, milestone: { action: { planId: { in: planIds } } } },
    _max: { createdAt: true },
  });
  const lastUpdate = new Map(lastUpdates.map((u) => [u.milestoneId, u._max.createdAt]));

  const persons = await db.person.findMany({
    select: { id: true, name: true, timeZone: true, nation: true, deputyId: true, awayUntil: true, slackUserId: true },
  });
  const convs = await db.conversationRef.findMany({
    where: { kind: "personal", personId: { not: null } },
    orderBy: { updatedAt: "asc" },
    select: { personId: true, conversationId: true, serviceUrl: true },
  });
  const teamsConv = new Map(convs.map((c) => [c.personId as string, { conversationId: c.conversationId, serviceUrl: c.serviceUrl }]));
  const people = new Map<string, PlannerPerson>();
  const routing = new Map<string, RoutablePerson>();
  for (const p of persons) {
    people.set(p.id, { id: p.id, name: p.name, timeZone: p.timeZone, nation: p.nation, deputyId: p.deputyId, awayUntil: p.awayUntil });
    routing.set(p.id, { id: p.id, name: p.name, slackUserId: p.slackUserId, teamsConversation: teamsConv.get(p.id) ?? null });
  }

  const byPlan = new Map<string, PlannerMilestone[]>(planIds.map((id) => [id, []]));
  for (const m of milestones) {
    byPlan.get(m.action.planId)?.push({
      id: m.id,
      actionId: m.actionId,
      // the handle (the ref, or the one made at import): what the person types back
      ref: m.action.handle ?? m.action.ref,
      sectionLabel: m.action.section?.label ?? null,
      sectionNumber: m.action.section?.number ?? null,
      actionTitle: m.action.title,
      title: m.title,
      due: m.due ? m.due.toISOString().slice(0, 10) : null,
      dueRaw: m.dueRaw,
      status: isStatus(m.status) ? m.status : "unknown",
      statusLabel: m.statusLabel,
      paused: m.paused || m.action.paused,
      unowned: m.unownedSince !== null,
      snoozedUntil: m.snoozedUntil,
      ownerIds: [...m.owners].sort(),
      leadIds: [...m.action.leads].sort(),
      lastUpdateAt: lastUpdate.get(m.id) ?? null,
    });
  }

  const plannerPlans: PlannerPlan[] = plans.map((p) => ({
    id: p.id,
    key: p.key,
    name: p.name,
    scale: scaleOf(p.scale),
    policy: parsePolicy(p.policyJson, p.key),
    status: p.status === "live" ? "live" : "draft",
    liveFrom: p.liveFrom,
    milestones: byPlan.get(p.id) ?? [],
    boards: p.boards
      .map(
        (b): PlannerBoard => ({
          id: b.id,
          name: b.name,
          chairId: b.chairId,
          sections: jsonArray(b.sectionsJson),
          meetings: jsonArray(b.meetingsJson) ?? [],
        }),
      )
      .sort((a, b) => a.name.localeCompare(b.name)),
  }));

  const since = new Date(opts.now.getTime() - HISTORY_DAYS * 86_400_000);
  const rows = await db.reminder.findMany({
    where: { planId: { in: planIds }, plannedFor: { gte: since } },
    select: { dedupeKey: true, kind: true, recipientId: true, onBehalfOfId: true, milestoneIds: true, plannedFor: true },
  });
  const history: SentReminder[] = rows.map((r) => ({
    dedupeKey: r.dedupeKey,
    kind: r.kind as ReminderKind,
    recipientId: r.recipientId,
    onBehalfOfId: r.onBehalfOfId,
    milestoneIds: jsonArray(r.milestoneIds) ?? [],
    plannedFor: r.plannedFor,
  }));

  return { input: { plans: plannerPlans, people, history, now: opts.now }, routing };
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

// What the reminder planner reads, joined in memory from the flat rows of planner-rows.ts: plans with their
// milestones (each with its action's ref, section, leads and owners), people, and the reminders already planned.
import type { ReminderKind } from "../core/cards/reminder.js";
import { parsePolicy } from "../core/reminders/policy.js";
import type { PlannerBoard, PlannerInput, PlannerMilestone, PlannerPerson, PlannerPlan, SentReminder } from "../core/reminders/types.js";
import { isStatus, scaleOf } from "../core/status.js";
import type { Db, Tx } from "./db.js";
import type { RoutingInfo as RoutablePerson } from "./people.js";
import { readPlannerRows } from "./planner-rows.js";

/** How far back the planner looks at earlier reminders (chaser counts, catch-up). */
export const HISTORY_DAYS = 400;

export interface PlannerData {
  input: PlannerInput;
  routing: Map<string, RoutablePerson>;
}

/** A JSON array of strings stored as text (null when absent or not an array). */
export function jsonArray(raw: string | null | undefined): string[] | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as unknown;
    return Array.isArray(v) ? v.map(String) : null;
  } catch {
    return null;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export async function loadPlannerData(db: Db | Tx, opts: { now: Date; planKey?: string }): Promise<PlannerData> {
  const since = new Date(opts.now.getTime() - HISTORY_DAYS * 86_400_000);
  const rows = await readPlannerRows(db, { planKey: opts.planKey, since });

  const sectionById = new Map(rows.sections.map((s) => [s.id, s]));
  const leadsOf = new Map<string, string[]>();
  for (const l of rows.leads) push(leadsOf, l.actionId, l.personId);
  const actionById = new Map(rows.actions.map((a) => [a.id, a]));
  const ownersOf = new Map<string, string[]>();
  for (const o of rows.owners) push(ownersOf, o.milestoneId, o.personId);
  const lastUpdate = new Map(rows.lastUpdates.map((u) => [u.milestoneId, u.at]));
  // one sorted copy of an action's leads, shared by its milestones (the planner only reads them)
  const sortedLeads = new Map<string, string[]>();

  const byPlan = new Map<string, PlannerMilestone[]>(rows.plans.map((p) => [p.id, []]));
  for (const m of rows.milestones) {
    const action = actionById.get(m.actionId);
    if (!action) continue;
    const section = action.sectionId ? (sectionById.get(action.sectionId) ?? null) : null;
    let leadIds = sortedLeads.get(action.id);
    if (!leadIds) {
      leadIds = [...(leadsOf.get(action.id) ?? [])].sort();
      sortedLeads.set(action.id, leadIds);
    }
    byPlan.get(action.planId)?.push({
      id: m.id,
      actionId: m.actionId,
      // the handle (the ref, or the one made at import): what the person types back
      ref: action.handle ?? action.ref,
      sectionLabel: section?.label ?? null,
      sectionNumber: section?.number ?? null,
      actionTitle: action.title,
      title: m.title,
      due: m.due ? m.due.toISOString().slice(0, 10) : null,
      dueRaw: m.dueRaw,
      status: isStatus(m.status) ? m.status : "unknown",
      statusLabel: m.statusLabel,
      paused: m.paused || action.paused,
      unowned: m.unownedSince !== null,
      snoozedUntil: m.snoozedUntil,
      ownerIds: [...(ownersOf.get(m.id) ?? [])].sort(),
      leadIds,
      lastUpdateAt: lastUpdate.get(m.id) ?? null,
    });
  }

  const teamsConv = new Map(rows.conversations.map((c) => [c.personId, { conversationId: c.conversationId, serviceUrl: c.serviceUrl }]));
  const people = new Map<string, PlannerPerson>();
  const routing = new Map<string, RoutablePerson>();
  for (const p of rows.persons) {
    people.set(p.id, { id: p.id, name: p.name, timeZone: p.timeZone, nation: p.nation, deputyId: p.deputyId, awayUntil: p.awayUntil });
    routing.set(p.id, { id: p.id, name: p.name, slackUserId: p.slackUserId, teamsConversation: teamsConv.get(p.id) ?? null });
  }

  const plans: PlannerPlan[] = rows.plans.map((p) => ({
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

  const history: SentReminder[] = rows.reminders.map((r) => ({
    dedupeKey: r.dedupeKey,
    kind: r.kind as ReminderKind,
    recipientId: r.recipientId,
    onBehalfOfId: r.onBehalfOfId,
    milestoneIds: jsonArray(r.milestoneIds) ?? [],
    plannedFor: r.plannedFor,
  }));

  return { input: { plans, people, history, now: opts.now }, routing };
}

// Reading plans as plain facts for the digest and the question evaluator, and the Digest snapshots.

import { recommendationRef } from "../core/digest/exceptions.js";
import type { MilestoneFact, PersonFact, PlanFacts, ReminderFact, SectionFact, UpdateFact } from "../core/digest/facts.js";
import { isStatus, type Status, scaleOf } from "../core/status.js";
import type { Db, Tx } from "./db.js";
import { unownedRows } from "./unowned.js";

const day = (d: Date | null | undefined): string | null => (d ? d.toISOString().slice(0, 10) : null);
const st = (s: string): Status => (isStatus(s) ? s : "unknown");

export interface LoadFactsOptions {
  /** only updates created after this instant (plus every update's status is still reflected in Milestone) */
  updatesSince?: Date;
  /** reminders planned after this instant */
  remindersSince?: Date;
  /** load status updates (default true); questions that do not look at history skip them */
  updates?: boolean;
  /** load reminders (default true) */
  reminders?: boolean;
}

/** Loads the plans (sections, milestones with owners, people, updates, reminders) as facts, in flat queries. */
export async function loadPlanFacts(db: Db | Tx, planIds: string[], opts: LoadFactsOptions = {}): Promise<PlanFacts[]> {
  if (planIds.length === 0) return [];
  const inPlans = { planId: { in: planIds } };
  const [plans, sections, actions, milestones, ownerRows, updates, reminders] = await Promise.all([
    db.plan.findMany({ where: { id: { in: planIds } }, select: { id: true, key: true, name: true, scale: true }, orderBy: { key: "asc" } }),
    db.section.findMany({ where: inPlans, select: { id: true, planId: true, label: true, number: true, title: true, position: true } }),
    db.action.findMany({
      where: inPlans,
      select: {
        id: true,
        planId: true,
        sectionId: true,
        ref: true,
        handle: true,
        title: true,
        position: true,
        paused: true,
        outcome: true,
        successMeasures: true,
        recommendation: true,
        extraJson: true,
      },
    }),
    db.milestone.findMany({
      where: { action: inPlans },
      select: {
        id: true,
        actionId: true,
        title: true,
        dueRaw: true,
        due: true,
        baselineDue: true,
        revisedDue: true,
        revisedReason: true,
        revisionCount: true,
        status: true,
        statusLabel: true,
        statusAt: true,
        latestUpdate: true,
        paused: true,
        position: true,
        percentComplete: true,
        impact: true,
        unownedSince: true,
        unownedById: true,
      },
    }),
    // owners as one joined query (a nested select would send every milestone id back as an IN list)
    db.milestoneOwner.findMany({ where: { milestone: { action: inPlans } }, select: { milestoneId: true, personId: true } }),
    opts.updates === false
      ? Promise.resolve([])
      : db.statusUpdate.findMany({
          where: { milestone: { action: inPlans }, ...(opts.updatesSince ? { createdAt: { gt: opts.updatesSince } } : {}) },
          select: {
            id: true,
            milestoneId: true,
            byId: true,
            onBehalfOfId: true,
            source: true,
            status: true,
            statusLabel: true,
            narrative: true,
            createdAt: true,
            percentComplete: true,
            impact: true,
            revisedDue: true,
            revisedReason: true,
            blockers: true,
          },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        }),
    opts.reminders === false
      ? Promise.resolve([])
      : db.reminder.findMany({
          where: { planId: { in: planIds }, ...(opts.remindersSince ? { plannedFor: { gt: opts.remindersSince } } : {}) },
          select: { id: true, kind: true, planId: true, recipientId: true, onBehalfOfId: true, milestoneIds: true, plannedFor: true },
        }),
  ]);
  const personIds = new Set<string>();
  const ownersOf = new Map<string, string[]>();
  for (const o of ownerRows) {
    personIds.add(o.personId);
    const l = ownersOf.get(o.milestoneId);
    if (l) l.push(o.personId);
    else ownersOf.set(o.milestoneId, [o.personId]);
  }
  for (const u of updates) {
    if (u.byId) personIds.add(u.byId);
    if (u.onBehalfOfId) personIds.add(u.onBehalfOfId);
  }
  for (const r of reminders) {
    personIds.add(r.recipientId);
    if (r.onBehalfOfId) personIds.add(r.onBehalfOfId);
  }
  const people = new Map<string, PersonFact>();
  const ids = [...personIds];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.person.findMany({
      where: { id: { in: ids.slice(i, i + 500) } },
      select: {
        id: true,
        name: true,
        slackUserId: true,
        teamsUserId: true,
        mentionOptIn: true,
        conversations: { where: { kind: "personal" }, select: { id: true }, take: 1 },
      },
    });
    for (const p of rows) {
      const canMention = p.mentionOptIn && Boolean(p.slackUserId || p.teamsUserId);
      people.set(p.id, {
        id: p.id,
        name: p.name,
        hasChat: Boolean(p.slackUserId || p.teamsUserId || p.conversations.length),
        // only people who opted in may be @mentioned in board channels; everyone else is named
        ...(canMention ? { mention: { slackUserId: p.slackUserId, teamsUserId: p.teamsUserId } } : {}),
      });
    }
  }
  const actionById = new Map(actions.map((a) => [a.id, a]));
  const out = new Map<string, PlanFacts>();
  for (const p of plans)
    out.set(p.id, {
      plan: { id: p.id, key: p.key, name: p.name, scale: scaleOf(p.scale) },
      sections: [],
      milestones: [],
      updates: [],
      reminders: [],
      people: [],
    });
  for (const s of sections) out.get(s.planId)?.sections.push(s satisfies SectionFact);
  for (const pf of out.values()) pf.sections.sort((a, b) => a.position - b.position);
  const planPeople = new Map<string, Set<string>>();
  const addPerson = (planId: string, id: string | null) => {
    if (!id) return;
    let s = planPeople.get(planId);
    if (!s) {
      s = new Set();
      planPeople.set(planId, s);
    }
    s.add(id);
  };
  const planOfMilestone = new Map<string, string>();
  // "Not mine": who said so and who it went to, for the (few) unowned milestones only
  const disowned: Parameters<typeof unownedRows>[1] = [];
  for (const m of milestones) {
    const a = m.unownedSince ? actionById.get(m.actionId) : undefined;
    if (a && m.unownedSince)
      disowned.push({ id: m.id, actionId: a.id, planId: a.planId, unownedSince: m.unownedSince, unownedById: m.unownedById });
  }
  const unowned = await unownedRows(db, disowned);
  for (const m of milestones) {
    const a = actionById.get(m.actionId);
    if (!a) continue;
    planOfMilestone.set(m.id, a.planId);
    const owners = ownersOf.get(m.id) ?? [];
    const f: MilestoneFact = {
      id: m.id,
      planId: a.planId,
      sectionId: a.sectionId,
      actionId: a.id,
      // the handle people type: the ref, or the one made at import
      ref: a.handle ?? a.ref,
      actionTitle: a.title,
      title: m.title,
      // MilestoneOwner keeps no order: list owners by name so answers are stable
      owners: owners
        .map((id) => ({ id, name: people.get(id)?.name ?? "?" }))
        .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)),
      due: day(m.due),
      dueRaw: m.dueRaw,
      baselineDue: day(m.baselineDue),
      revisedDue: day(m.revisedDue),
      revisedReason: m.revisedReason,
      revisionCount: m.revisionCount,
      status: st(m.status),
      statusLabel: m.statusLabel,
      statusAt: m.statusAt?.toISOString() ?? null,
      latestUpdate: m.latestUpdate,
      paused: m.paused || a.paused,
      position: a.position * 10_000 + m.position,
      outcome: a.outcome,
      successMeasures: a.successMeasures,
      recommendation: recommendationOf(a),
      percentComplete: m.percentComplete,
      impact: m.impact,
    };
    const u = unowned.get(m.id);
    if (u) f.unowned = u;
    out.get(a.planId)?.milestones.push(f);
    for (const id of owners) addPerson(a.planId, id);
  }
  for (const pf of out.values()) pf.milestones.sort((a, b) => a.position - b.position);
  for (const u of updates) {
    const planId = planOfMilestone.get(u.milestoneId);
    if (!planId) continue;
    const f: UpdateFact = {
      id: u.id,
      milestoneId: u.milestoneId,
      byId: u.byId,
      byName: u.byId ? (people.get(u.byId)?.name ?? null) : null,
      onBehalfOfId: u.onBehalfOfId,
      onBehalfOfName: u.onBehalfOfId ? (people.get(u.onBehalfOfId)?.name ?? null) : null,
      source: u.source,
      status: st(u.status),
      statusLabel: u.statusLabel,
      narrative: u.narrative,
      createdAt: u.createdAt.toISOString(),
      percentComplete: u.percentComplete,
      impact: u.impact,
      revisedDue: day(u.revisedDue),
      revisedReason: u.revisedReason,
      blockers: u.blockers,
    };
    out.get(planId)?.updates.push(f);
    addPerson(planId, u.byId);
    addPerson(planId, u.onBehalfOfId);
  }
  for (const r of reminders) {
    let mids: string[] = [];
    try {
      const v = JSON.parse(r.milestoneIds) as unknown;
      if (Array.isArray(v)) mids = v.filter((x): x is string => typeof x === "string");
    } catch {
      mids = [];
    }
    const f: ReminderFact = {
      id: r.id,
      kind: r.kind,
      recipientId: r.recipientId,
      onBehalfOfId: r.onBehalfOfId,
      milestoneIds: mids,
      plannedFor: r.plannedFor.toISOString(),
    };
    out.get(r.planId)?.reminders.push(f);
    addPerson(r.planId, r.recipientId);
    addPerson(r.planId, r.onBehalfOfId);
  }
  for (const [planId, set] of planPeople) {
    const pf = out.get(planId);
    if (pf) pf.people = [...set].map((id) => people.get(id)).filter((p): p is PersonFact => Boolean(p));
  }
  return planIds.map((id) => out.get(id)).filter((p): p is PlanFacts => Boolean(p));
}

/**
 * The inspection recommendation an action answers: its own recommendation column, else a numbered
 * recommendation named in its outcome, its kept extra columns or its title ("Ofsted recco14 There is ...").
 */
function recommendationOf(a: {
  recommendation: string | null;
  outcome: string | null;
  extraJson: string | null;
  title: string;
}): string | null {
  if (a.recommendation?.trim()) return a.recommendation;
  let extra: string[] = [];
  try {
    extra = a.extraJson ? Object.values(JSON.parse(a.extraJson) as Record<string, string>).filter((v) => typeof v === "string") : [];
  } catch {
    extra = [];
  }
  for (const t of [a.outcome, ...extra, a.title]) if (t && recommendationRef(t)) return t;
  return null;
}

export interface DigestRow {
  id: string;
  boardId: string;
  asOf: Date;
  postedAt: Date;
  score: number | null;
  snapshotJson: string;
}

export function findDigest(db: Db | Tx, boardId: string, asOf: Date): Promise<DigestRow | null> {
  return db.digest.findUnique({ where: { boardId_asOf: { boardId, asOf } } });
}

/** The latest digest shown to the board before asOf. */
export function previousDigest(db: Db | Tx, boardId: string, asOf: Date): Promise<DigestRow | null> {
  return db.digest.findFirst({ where: { boardId, asOf: { lt: asOf } }, orderBy: { asOf: "desc" } });
}

export function createDigest(
  db: Db | Tx,
  data: { boardId: string; asOf: Date; postedAt: Date; score: number | null; snapshotJson: string },
): Promise<DigestRow> {
  return db.digest.create({ data });
}

export function listDigests(db: Db | Tx, boardId: string): Promise<DigestRow[]> {
  return db.digest.findMany({ where: { boardId }, orderBy: { asOf: "desc" } });
}

/** plan id -> as-of date (YYYY-MM-DD) of the latest digest on or before asOf for any board of that plan. */
export async function lastDigestDates(db: Db | Tx, planIds: string[], asOf: Date): Promise<Record<string, string | null>> {
  const rows = await db.digest.findMany({
    where: { board: { planId: { in: planIds } }, asOf: { lt: asOf } },
    select: { asOf: true, board: { select: { planId: true } } },
    orderBy: { asOf: "desc" },
  });
  const out: Record<string, string | null> = {};
  for (const id of planIds) out[id] = null;
  for (const r of rows) if (!out[r.board.planId]) out[r.board.planId] = r.asOf.toISOString().slice(0, 10);
  return out;
}

/** The board's most recent digest (by as-of date), for "digest" asked in its channel. */
export function latestBoardDigest(db: Db | Tx, boardId: string): Promise<{ snapshotJson: string } | null> {
  return db.digest.findFirst({ where: { boardId }, orderBy: { asOf: "desc" }, select: { snapshotJson: true } });
}

/** Ids of the outbox rows a digest queued (their dedupe keys start with this prefix). */
export async function digestOutboxIds(db: Db | Tx, dedupeKeyPrefix: string): Promise<string[]> {
  const rows = await db.outboxMessage.findMany({ where: { dedupeKey: { startsWith: dedupeKeyPrefix } }, select: { id: true } });
  return rows.map((r) => r.id);
}

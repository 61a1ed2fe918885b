// Plan look-ups: counts, by key, with sections, actions by ref, pausing. The import writer is plan-writer.ts.
import type { Db, Tx } from "./db.js";

/** Counts of everything an import writes for a plan (used by tests and the CLI summary). */
export async function planCounts(db: Db, planKey: string) {
  const plan = await db.plan.findUnique({ where: { key: planKey } });
  if (!plan) return null;
  const inPlan = { action: { planId: plan.id } };
  const [sections, actions, milestones, owners, leads, updates] = await Promise.all([
    db.section.count({ where: { planId: plan.id } }),
    db.action.count({ where: { planId: plan.id } }),
    db.milestone.count({ where: inPlan }),
    db.milestoneOwner.count({ where: { milestone: inPlan } }),
    db.actionLead.count({ where: inPlan }),
    db.statusUpdate.count({ where: { milestone: inPlan } }),
  ]);
  return { planId: plan.id, sections, actions, milestones, owners, leads, statusUpdates: updates };
}

/** The plan with this key, or null. */
export function findPlanByKey(db: Db | Tx, key: string) {
  return db.plan.findUnique({ where: { key } });
}

/** The plan with this key and its sections (to check the sections a board is given), or null. */
export function findPlanWithSections(db: Db | Tx, key: string) {
  return db.plan.findUnique({ where: { key }, include: { sections: true } });
}

/** The plan's actions with this ref (or key), in plan order, with their milestones and owners (id and name). */
export function actionsByRef(db: Db | Tx, planId: string, ref: string) {
  return db.action.findMany({
    // by ref, key or handle as typed, or in capitals ("n7" finds N7)
    where: { planId, OR: [{ ref }, { key: ref }, { handle: ref }, { ref: ref.toUpperCase() }, { handle: ref.toUpperCase() }] },
    include: { milestones: { include: { owners: { include: { person: { select: { id: true, name: true } } } } } } },
    orderBy: { position: "asc" },
  });
}

/** Pauses (or resumes) these actions; returns how many rows changed. */
export async function setActionsPaused(db: Db | Tx, actionIds: string[], paused: boolean): Promise<number> {
  const r = await db.action.updateMany({ where: { id: { in: actionIds } }, data: { paused } });
  // resuming also takes back a "Not mine": the administrator confirms the owners, who are chased again
  if (!paused) await db.milestone.updateMany({ where: { actionId: { in: actionIds } }, data: { unownedSince: null, unownedById: null } });
  return r.count;
}

/** Makes a plan live from this instant (its lifecycle: draft -> live). */
export async function setPlanLive(db: Db | Tx, key: string, liveFrom: Date): Promise<void> {
  await db.plan.update({ where: { key }, data: { status: "live", liveFrom } });
}

/** Every plan's key and name (for "did you mean" when a key is mistyped). */
export function planKeys(db: Db | Tx) {
  return db.plan.findMany({ select: { key: true, name: true }, orderBy: { key: "asc" } });
}

// Pause / resume an action: a paused action's milestones get no reminders at all (not even cycle ones).
import type { Db } from "../storage/db.js";
import { findByRef } from "./snooze.js";

export interface PauseResult {
  plan: string;
  ref: string;
  actions: { id: string; title: string; milestones: number }[];
  paused: boolean;
}

export async function setPaused(db: Db, planKey: string, ref: string, paused: boolean): Promise<PauseResult> {
  const { plan, actions } = await findByRef(db, planKey, ref);
  await db.action.updateMany({ where: { id: { in: actions.map((a) => a.id) } }, data: { paused } });
  return {
    plan: plan.name,
    ref,
    paused,
    actions: actions.map((a) => ({ id: a.id, title: a.title, milestones: a.milestones.length })),
  };
}

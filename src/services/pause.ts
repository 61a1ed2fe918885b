// Pause / resume an action: a paused action's milestones get no reminders at all (not even cycle ones).
import type { Db } from "../storage/db.js";
import { setActionsPaused } from "../storage/plans.js";
import { findByRef } from "./snooze.js";

export interface PauseResult {
  plan: string;
  ref: string;
  actions: { id: string; title: string; milestones: number }[];
  paused: boolean;
}

export async function setPaused(db: Db, planKey: string, ref: string, paused: boolean): Promise<PauseResult> {
  const { plan, actions } = await findByRef(db, planKey, ref);
  const ids = actions.map((a) => a.id);
  await setActionsPaused(db, ids, paused);
  return {
    plan: plan.name,
    ref,
    paused,
    actions: actions.map((a) => ({ id: a.id, title: a.title, milestones: a.milestones.length })),
  };
}

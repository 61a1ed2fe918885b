// A milestone's reminder phases in its owner's working-day calendar: upcoming (N working days before due), due
// (the due day, or the previous working day), overdue chaser i (i * every working days after due), and for a
// milestone already overdue when its plan went live, the go-live catch-up. planner.ts asks which is current.
import { addWorkingDays, previousWorkingDayOnOrBefore } from "../calendar.js";
import type { ReminderPolicy } from "./policy.js";

export interface Phase {
  kind: "upcoming" | "due" | "overdue" | "catchup";
  /** trigger date (owner's calendar) */
  date: string;
  /** overdue chaser number (1, 2, ...), 0 otherwise */
  chaser: number;
}

/** The latest chaser on or before `today`, counting every `every` working days after `from`; null if none yet. */
function lastChaser(from: string, today: string, nation: string, every: number): Phase | null {
  if (every <= 0 || today <= from) return null;
  // count working days in (from, today]; chaser i falls on the (i * every)-th
  let wd = 0;
  let last: string | null = null;
  let d = from;
  let lastN = 0;
  while (true) {
    d = addWorkingDays(d, 1, nation);
    if (d > today) break;
    wd++;
    if (wd % every === 0) {
      last = d;
      lastN = wd / every;
    }
  }
  return last ? { kind: "overdue", date: last, chaser: lastN } : null;
}

/** Latest trigger on or before `today` for a milestone due on `due`, or null if none yet. */
export function currentPhase(due: string, today: string, nation: string, policy: ReminderPolicy): Phase | null {
  const dueTrigger = previousWorkingDayOnOrBefore(due, nation);
  const chaser = lastChaser(due, today, nation, policy.chaserEveryWorkingDays);
  if (chaser) return chaser;
  if (policy.dueDay && dueTrigger <= today) return { kind: "due", date: dueTrigger, chaser: 0 };
  let best: Phase | null = null;
  for (const k of policy.upcomingWorkingDays) {
    const t = addWorkingDays(due, -k, nation);
    if (t <= today && t < dueTrigger && (!best || t > best.date)) best = { kind: "upcoming", date: t, chaser: 0 };
  }
  return best;
}

/**
 * For a milestone that was already overdue when its plan went live on `liveDay`: the catch-up on the go-live
 * day, then chasers every N working days counted from the go-live day (not from the old due date), so the first
 * escalation can come only after chasers sent since go-live went unanswered.
 */
export function catchupPhase(liveDay: string, today: string, nation: string, policy: ReminderPolicy): Phase | null {
  if (today < liveDay) return null;
  return lastChaser(liveDay, today, nation, policy.chaserEveryWorkingDays) ?? { kind: "catchup", date: liveDay, chaser: 0 };
}

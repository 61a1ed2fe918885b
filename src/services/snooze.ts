// Snooze: postpone a milestone's reminders (tomorrow / 3 working days / next week), counted in the
// snoozing person's working-day calendar and delivery window. The current reminder is sent again when
// the snooze ends (the planner treats the snooze end as the new trigger time).

import { addWorkingDays, localDate, nextMonday, nextWorkingDayOnOrAfter, zonedInstant } from "../core/calendar.js";
import type { SnoozeChoice } from "../core/cards/actions.js";
import { UserError } from "../core/errors.js";
import { minutesOf, parsePolicy } from "../core/reminders/policy.js";
import type { Db } from "../storage/db.js";
import { personCalendar } from "../storage/people.js";
import { actionsByRef, findPlanByKey } from "../storage/plans.js";
import { milestoneSnoozeContext, setMilestoneSnoozedUntil } from "../storage/reminders.js";

export class ReminderTargetError extends UserError {
  constructor(message: string, fix?: string) {
    super("reminders.bad_target", message, fix);
  }
}

/** When a snooze chosen at `now` ends, for a person in `timeZone`/`nation` (window start of that day). */
export function snoozeUntil(choice: SnoozeChoice, now: Date, cal: { timeZone: string; nation: string }, windowStart = "09:00"): Date {
  const today = localDate(now, cal.timeZone);
  let day: string;
  switch (choice) {
    case "tomorrow":
      day = addWorkingDays(today, 1, cal.nation);
      break;
    case "3days":
      day = addWorkingDays(today, 3, cal.nation);
      break;
    case "next_week":
      day = nextWorkingDayOnOrAfter(nextMonday(today), cal.nation);
      break;
    default:
      throw new ReminderTargetError(`unknown snooze choice "${String(choice)}": use tomorrow, 3days or next_week`);
  }
  return zonedInstant(day, minutesOf(windowStart), cal.timeZone);
}

export async function snooze(
  db: Db,
  milestoneId: string,
  personId: string | null,
  choice: SnoozeChoice,
  now: Date,
): Promise<{ until: Date }> {
  const m = await milestoneSnoozeContext(db, milestoneId);
  if (!m) throw new ReminderTargetError(`milestone ${milestoneId} not found`);
  const person = personId ? await personCalendar(db, personId) : null;
  const plan = m.action.plan;
  const cal = person ?? { timeZone: plan.timeZone, nation: "ENG" };
  const until = snoozeUntil(choice, now, cal, parsePolicy(plan.policyJson, plan.key).windowStart);
  await setMilestoneSnoozedUntil(db, milestoneId, until);
  return { until };
}

/** Actions of a plan with this ref (or key), with their milestones and owners. */
export async function findByRef(db: Db, planKey: string, ref: string) {
  const found = await findPlanByKey(db, planKey);
  if (!found) throw new ReminderTargetError(`no plan with key "${planKey}" (see \`ragtime plans list\`)`);
  const plan = { id: found.id, name: found.name };
  const actions = await actionsByRef(db, plan.id, ref);
  if (actions.length === 0) throw new ReminderTargetError(`plan "${planKey}" has no action with ref "${ref}"`);
  return { plan, actions };
}

// The demo plan for the playground: a real council export (Thurrock's 2017-19 development plan, shipped in
// demo/), with every date moved by a whole number of weeks so that "today" falls where the plan was busy
// (late April 2017): some milestones are overdue, some due this week, most upcoming, and weekdays stay right.
// It is clearly marked (plan key "demo", "DEMO" in every name) and removable (`ragtime demo remove|reset`).
import { addCalendarDays, addWorkingDays, calendarDaysBetween, localDate } from "../core/calendar.js";
import type { PlanModel } from "../importer/records.js";
import { projectPath } from "../paths.js";
import type { Db } from "../storage/db.js";
import { assignDemoAccounts, countPlans, type DemoRemoval, findDemoPlan, removePlanAndPeople } from "../storage/demo.js";

export type { DemoRemoval } from "../storage/demo.js";

import { writePlanModel } from "../storage/plan-writer.js";
import { setPlanLive } from "../storage/plans.js";
import { addBoard } from "./boards.js";
import { readPlanFile } from "./importPlan.js";
import { addAdmin, setPerson } from "./people.js";

export const DEMO_PLAN_KEY = "demo";
export const DEMO_BOARD = "DEMO Improvement Board";
export const DEMO_CHAIR = "Demo Chair";
export const DEMO_ADMIN = "Demo Plan Officer";
export const DEMO_FILE = projectPath("demo", "thurrock-development-plan.csv");
/** the plan's own day that becomes "today" (a Monday, so weekdays line up) */
export const DEMO_ANCHOR = "2017-04-24";
const TZ = "Europe/London";

export interface DemoSummary {
  planKey: string;
  planName: string;
  /** whole weeks every date was moved by */
  weeksShifted: number;
  milestones: number;
  board: string;
  meetings: string[];
  /** demo people given playground accounts */
  people: number;
}

/** Whole weeks from the anchor to today (nearest), so that shifted dates keep their weekday. */
export function demoShiftWeeks(today: string, anchor = DEMO_ANCHOR): number {
  return Math.round(calendarDaysBetween(anchor, today) / 7);
}

const shiftDay = (d: string | null, days: number) => (d ? addCalendarDays(d, days) : null);
const written = (d: string) =>
  new Date(`${d}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** The model with every date moved by `days`; the raw date text says the new date and what the plan wrote. */
export function shiftModel(model: PlanModel, days: number): PlanModel {
  return {
    ...model,
    actions: model.actions.map((a) => ({ ...a, start: shiftDay(a.start, days) })),
    milestones: model.milestones.map((m) => {
      const due = shiftDay(m.due, days);
      return { ...m, due, dueRaw: due ? `${written(due)} (demo; the plan said "${m.dueRaw ?? ""}")` : m.dueRaw };
    }),
    records: [],
  };
}

export async function hasAnyPlan(db: Db): Promise<boolean> {
  return (await countPlans(db)) > 0;
}

/** Imports the demo plan dated from `now`, with a board (chair, members, meetings) and a plan officer. */
export async function importDemo(db: Db, now: Date): Promise<DemoSummary> {
  const today = localDate(now, TZ);
  const weeks = demoShiftWeeks(today);
  const { model } = await readPlanFile({ file: DEMO_FILE, planKey: DEMO_PLAN_KEY, scale: "auto" });
  const planName = "DEMO — Thurrock Children's Social Care Development Plan (dates moved to today)";
  await writePlanModel(db, {
    key: DEMO_PLAN_KEY,
    name: planName,
    sourceFile: "demo/thurrock-development-plan.csv",
    model: shiftModel(model, weeks * 7),
    now,
  });
  // imported plans are drafts until an officer makes them live; the demo is live from the moment it exists, so the
  // playground shows reminders at once (its overdue items get the go-live catch-up, not a flood of chasers)
  await setPlanLive(db, DEMO_PLAN_KEY, now);
  const leads = [...new Set(model.actions.flatMap((a) => a.leads.map((l) => l.name)))];
  // board meetings: in 2, 6 and 10 weeks (on the working day at or before), so the update cycle starts soon
  const meetings = [14, 42, 70].map((d) => addWorkingDays(addCalendarDays(today, d + 1), -1, "ENG"));
  await addBoard(
    db,
    {
      name: DEMO_BOARD,
      planKey: DEMO_PLAN_KEY,
      chair: DEMO_CHAIR,
      // the demo chair is nobody in the plan: create them (addBoard refuses unknown names otherwise)
      createPeople: true,
      members: leads.slice(0, 3),
      schedule: "MON 09:00",
      timeZone: TZ,
      meetings,
    },
    now,
  );
  await setPerson(db, DEMO_ADMIN, {}, { create: true });
  await addAdmin(db, DEMO_PLAN_KEY, DEMO_ADMIN);
  const plan = await findDemoPlan(db, DEMO_PLAN_KEY);
  const people = plan ? await assignDemoAccounts(db, plan.id) : 0;
  return {
    planKey: DEMO_PLAN_KEY,
    planName,
    weeksShifted: weeks,
    milestones: model.milestones.length,
    board: DEMO_BOARD,
    meetings,
    people,
  };
}

/** On first start: imports the demo when the database has no plan at all; null when it has one. */
export async function importDemoIfEmpty(db: Db, now: Date): Promise<DemoSummary | null> {
  if (await hasAnyPlan(db)) return null;
  return importDemo(db, now);
}

export async function removeDemo(db: Db): Promise<DemoRemoval | null> {
  const plan = await findDemoPlan(db, DEMO_PLAN_KEY);
  return plan ? removePlanAndPeople(db, plan.id) : null;
}

/** Removes the demo (its updates, reminders and messages) and imports it again dated from `now`. */
export async function resetDemo(db: Db, now: Date): Promise<{ removed: DemoRemoval | null; summary: DemoSummary }> {
  const removed = await removeDemo(db);
  return { removed, summary: await importDemo(db, now) };
}

// Inputs and outputs of the pure reminder planner (core/reminders/planner.ts).
import type { ReminderKind, ReminderView } from "../cards/reminder.js";
import type { Scale, Status } from "../status.js";
import type { ReminderPolicy } from "./policy.js";

export interface PlannerPerson {
  id: string;
  name: string;
  timeZone: string;
  /** ENG | WLS | SCT | NIR */
  nation: string;
  deputyId: string | null;
  /** out of office until this instant (exclusive) */
  awayUntil: Date | null;
}

export interface PlannerMilestone {
  id: string;
  actionId: string;
  ref: string | null;
  sectionLabel: string | null;
  /** the section's number ("3"), used for board scope */
  sectionNumber: string | null;
  actionTitle: string;
  title: string;
  /** YYYY-MM-DD */
  due: string | null;
  dueRaw: string | null;
  status: Status;
  statusLabel: string | null;
  /** milestone or its action paused */
  paused: boolean;
  /** an owner said "Not mine" and it has not been reassigned: nobody is chased for it (optional: false) */
  unowned?: boolean;
  snoozedUntil: Date | null;
  ownerIds: string[];
  leadIds: string[];
  /** last update received from a person (imports do not count): resets the chaser count */
  lastUpdateAt: Date | null;
}

export interface PlannerBoard {
  id: string;
  name: string;
  chairId: string | null;
  /** section numbers in scope; null = the whole plan */
  sections: string[] | null;
  /** YYYY-MM-DD meeting dates */
  meetings: string[];
}

export interface PlannerPlan {
  id: string;
  key: string;
  name: string;
  scale: Scale;
  policy: ReminderPolicy;
  /** draft plans (imported, not yet live) get no reminders at all */
  status: "draft" | "live";
  /**
   * when the plan went live (null: live since before the lifecycle existed). Nothing is sent before it;
   * milestones due before it get one catch-up per person on the go-live day instead of chasers, and their
   * chasers (and so escalations) count from the go-live day.
   */
  liveFrom: Date | null;
  milestones: PlannerMilestone[];
  boards: PlannerBoard[];
}

/** A reminder already planned (Reminder row): the planner's memory. */
export interface SentReminder {
  dedupeKey: string;
  kind: ReminderKind;
  recipientId: string;
  onBehalfOfId: string | null;
  milestoneIds: string[];
  plannedFor: Date;
}

export interface PlannerInput {
  plans: PlannerPlan[];
  people: Map<string, PlannerPerson>;
  history: SentReminder[];
  now: Date;
}

export interface PlannedReminder {
  dedupeKey: string;
  kind: ReminderKind;
  planId: string;
  planKey: string;
  recipientId: string;
  onBehalfOfId: string | null;
  /** escalations: the owners whose chasers went unanswered */
  escalatedFromIds: string[];
  milestoneIds: string[];
  /**
   * person ids who may record on the items (the card's actors): every item's owners, their deputies, the
   * action leads and the recipient (a deputy, lead or chair receiving it). Plan admins may too, unlisted.
   */
  actorIds: string[];
  /** cycle reminders: the board and its meeting date */
  boardId: string | null;
  meeting: string | null;
  plannedFor: Date;
  view: ReminderView;
}

// Reminder policy: defaults from DESIGN.md, overridden per plan by Plan.policyJson (validated with zod).

import { z } from "zod";
import { UserError } from "../errors.js";

export interface ReminderPolicy {
  /** working days before due for `upcoming` reminders */
  upcomingWorkingDays: number[];
  /** send a `due` reminder on the due day */
  dueDay: boolean;
  /** overdue chaser every N working days after due (0 = no chasers) */
  chaserEveryWorkingDays: number;
  /** unanswered chasers before escalating to the action lead */
  escalateToLeadAfter: number;
  /** unanswered chasers before escalating to the board chair */
  escalateToChairAfter: number;
  /** working days before each board meeting for `cycle` reminders (0 = off) */
  cycleWorkingDays: number;
  /** local delivery window, "HH:MM" */
  windowStart: string;
  windowEnd: string;
}

export const DEFAULT_POLICY: ReminderPolicy = {
  upcomingWorkingDays: [10, 3],
  dueDay: true,
  chaserEveryWorkingDays: 5,
  escalateToLeadAfter: 2,
  escalateToChairAfter: 3,
  cycleWorkingDays: 7,
  windowStart: "09:00",
  windowEnd: "17:00",
};

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time such as "09:00"');

export const policySchema = z
  .object({
    upcomingWorkingDays: z.array(z.number().int().min(1).max(260)).max(10),
    dueDay: z.boolean(),
    chaserEveryWorkingDays: z.number().int().min(0).max(260),
    escalateToLeadAfter: z.number().int().min(1).max(50),
    escalateToChairAfter: z.number().int().min(1).max(50),
    cycleWorkingDays: z.number().int().min(0).max(260),
    windowStart: hhmm,
    windowEnd: hhmm,
  })
  .partial()
  .strict();

export class PolicyError extends UserError {
  constructor(message: string, fix?: string) {
    super("policy.bad_value", message, fix);
  }
}

/** Defaults merged with a plan's overrides; a bad override names the field and the plan. */
export function parsePolicy(json: string | null | undefined, planKey = "plan"): ReminderPolicy {
  if (!json || json.trim() === "") return DEFAULT_POLICY;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new PolicyError(`${planKey}: Plan.policyJson is not valid JSON (${(e as Error).message})`);
  }
  const parsed = policySchema.safeParse(raw);
  if (!parsed.success) {
    const msgs = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new PolicyError(`${planKey}: Plan.policyJson is invalid — ${msgs.join("; ")}`);
  }
  const p: ReminderPolicy = { ...DEFAULT_POLICY, ...parsed.data };
  if (minutesOf(p.windowEnd) <= minutesOf(p.windowStart))
    throw new PolicyError(`${planKey}: Plan.policyJson windowEnd (${p.windowEnd}) must be after windowStart (${p.windowStart})`);
  p.upcomingWorkingDays = [...new Set(p.upcomingWorkingDays)].sort((a, b) => b - a);
  return p;
}

export function minutesOf(hm: string): number {
  const [h, m] = hm.split(":").map(Number) as [number, number];
  return h * 60 + m;
}

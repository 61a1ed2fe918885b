// Action ids shared by both renderers: "rt|<kind>|<milestoneId>|<value>". Slack puts it in action_id
// (unique per message because it names the milestone and value); Teams puts it in Action.Execute's verb
// and data. Both parsers end in parseActionId, so a click means the same thing on either platform.
import type { CardActionKind, CardButton } from "./model.js";

const KINDS: readonly CardActionKind[] = [
  "status",
  "detail",
  "snooze",
  "not_mine",
  "edit",
  "submit_detail",
  "page",
  "ind_value",
  "ind_submit",
];
const PREFIX = "rt";

export function actionId(b: Pick<CardButton, "kind" | "milestoneId" | "value">): string {
  return [PREFIX, b.kind, b.milestoneId, b.value ?? ""].join("|");
}

export interface ParsedAction {
  kind: CardActionKind;
  milestoneId: string;
  value?: string;
}

export function parseActionId(id: string): ParsedAction | null {
  const parts = id.split("|");
  if (parts.length !== 4 || parts[0] !== PREFIX) return null;
  const [, kind, milestoneId, value] = parts as [string, string, string, string];
  if (!(KINDS as readonly string[]).includes(kind)) return null;
  return { kind: kind as CardActionKind, milestoneId, value: value === "" ? undefined : value };
}

/** Input ids of the detail form; identical in Slack modals and Adaptive Cards. */
export const DETAIL_INPUTS = {
  status: "status",
  percentComplete: "percent_complete",
  narrative: "narrative",
  impact: "impact",
  evidenceUrl: "evidence_url",
  revisedDue: "revised_due",
  revisedReason: "revised_reason",
  blockers: "blockers",
} as const;

export type DetailInputId = (typeof DETAIL_INPUTS)[keyof typeof DETAIL_INPUTS];

/** Input ids of the indicator value form (core/cards/indicator.ts); identical in Slack modals and Adaptive Cards. */
export const INDICATOR_INPUTS = { value: "ind_value", note: "ind_note" } as const;

/** Raw values from a submitted form, keyed by input id (strings as the platform sent them). */
export type DetailValues = Partial<Record<DetailInputId, string>>;

/** What a person did on a card, whatever the platform. */
export interface Submission extends ParsedAction {
  /** form values for submit_detail */
  values?: DetailValues;
}

export const SNOOZE_CHOICES = [
  { value: "tomorrow", label: "Tomorrow" },
  { value: "3days", label: "3 working days" },
  { value: "next_week", label: "Next week" },
] as const;
export type SnoozeChoice = (typeof SNOOZE_CHOICES)[number]["value"];

// Reminder, recorded-summary and detail-form cards built from plan text only (no case-level detail).
import { optionButtonLabel, type Scale, type Status, statusText } from "../status.js";
import { DETAIL_INPUTS, SNOOZE_CHOICES } from "./actions.js";
import { dueHeadline, dueSentence, dueText, formatDate } from "./due-wording.js";
import type { Card, CardBlock, CardButton, CardInput } from "./model.js";

/** catchup: the one message per person, on go-live, listing what was already overdue before the plan went live */
export type ReminderKind = "upcoming" | "due" | "overdue" | "escalation" | "cycle" | "catchup";

export interface ReminderItemView {
  milestoneId: string;
  sectionLabel: string | null;
  ref: string | null;
  actionTitle: string;
  milestoneTitle: string;
  /** YYYY-MM-DD or null when the plan gives no date */
  due: string | null;
  dueRaw: string | null;
  /** positive = days until due, negative = days overdue (working days or calendar days as the policy says) */
  daysToDue: number | null;
  status: Status;
  statusLabel: string | null;
  /** ISO timestamp of the last update, null if never updated */
  lastUpdateAt: string | null;
  owners: string[];
}

export interface ReminderView {
  kind: ReminderKind;
  planName: string;
  scale: Scale;
  recipientName: string;
  /** set when sent to a deputy or lead for someone who is away */
  onBehalfOf?: string | null;
  /** escalations: whose reminders went unanswered */
  escalatedFrom?: string | null;
  items: ReminderItemView[];
  /** meeting date for cycle reminders */
  meeting?: string | null;
  /** catch-up reminders: the day the plan went live (YYYY-MM-DD) */
  liveFrom?: string | null;
}

export const ITEMS_PER_CARD = 8;
export const NARRATIVE_MAX = 2000;

/** kinds whose title says what the reminder is for; the others are titled by how their items stand (due-wording.ts) */
const KIND_TITLES: Partial<Record<ReminderKind, string>> = {
  escalation: "Needs attention",
  cycle: "Update for the board",
  catchup: "Catching up",
};

export { dueText, formatDate };

function itemTitle(i: ReminderItemView): string {
  return [i.ref, i.milestoneTitle].filter(Boolean).join(" — ");
}

function lastStatusText(scale: Scale, i: ReminderItemView): string {
  if (!i.lastUpdateAt) return `Last status: ${statusText(scale, i.status, i.statusLabel)} (never updated in chat)`;
  return `Last status: ${statusText(scale, i.status, i.statusLabel)} on ${formatDate(i.lastUpdateAt.slice(0, 10))}`;
}

export function statusButtons(scale: Scale, milestoneId: string): CardButton[] {
  return scale.options.map((o) => ({
    kind: "status" as const,
    milestoneId,
    value: o.id,
    label: optionButtonLabel(o),
    // the meaning again on hover / for screen readers, unless the label already says all of it
    ...(optionButtonLabel(o).endsWith(o.description) ? {} : { description: o.description }),
    tone: o.tone,
  }));
}

function itemBlock(scale: Scale, i: ReminderItemView): CardBlock {
  return {
    type: "item",
    milestoneId: i.milestoneId,
    title: itemTitle(i),
    fields: [
      ...(i.sectionLabel ? [{ label: "Section", value: i.sectionLabel }] : []),
      { label: "Action", value: [i.ref, i.actionTitle].filter(Boolean).join(" ") },
      { label: "Due", value: dueText(i) },
    ],
    statusLine: lastStatusText(scale, i),
    buttons: [
      ...statusButtons(scale, i.milestoneId),
      { kind: "detail", milestoneId: i.milestoneId, label: "Add detail" },
      { kind: "not_mine", milestoneId: i.milestoneId, label: "Not mine" },
    ],
    menus: [
      {
        kind: "snooze",
        milestoneId: i.milestoneId,
        placeholder: "Snooze",
        options: SNOOZE_CHOICES.map((c) => ({ value: c.value, label: c.label })),
      },
    ],
  };
}

function intro(v: ReminderView): string {
  const who = v.onBehalfOf ? ` (on behalf of ${v.onBehalfOf}, who is away)` : "";
  const n = v.items.length;
  const things = n === 1 ? "this milestone" : `these ${n} milestones`;
  switch (v.kind) {
    case "escalation":
      return `Hello ${v.recipientName} — reminders to ${v.escalatedFrom ?? "the owner"} about ${things} in ${v.planName} have had no answer. Could you update or follow up?`;
    case "catchup":
      return `Hello ${v.recipientName}${who} — ragtime now follows ${v.planName}. ${n === 1 ? "This milestone was" : `These ${n} milestones were`} due before ${v.liveFrom ? formatDate(v.liveFrom) : "the plan went live"} and ${n === 1 ? "is" : "are"} not marked complete. Please update ${n === 1 ? "its status" : "each status"} or give a revised date.`;
    case "cycle":
      return `Hello ${v.recipientName}${who} — the board meets${v.meeting ? ` on ${formatDate(v.meeting)}` : " soon"}. Please update ${things} in ${v.planName}.`;
    default:
      // upcoming, due, overdue (and catch-ups of them): the items' own dates say how they stand today
      return `Hello ${v.recipientName}${who} — ${dueSentence(v.items, v.planName)}`;
  }
}

/** One or more cards (pages of ITEMS_PER_CARD items) for a reminder; never drops an item. */
export function reminderCards(v: ReminderView): Card[] {
  const pages: ReminderItemView[][] = [];
  for (let i = 0; i < v.items.length; i += ITEMS_PER_CARD) pages.push(v.items.slice(i, i + ITEMS_PER_CARD));
  if (pages.length === 0) pages.push([]);
  return pages.map((items, p) => {
    const blocks: CardBlock[] = [{ type: "text", text: p === 0 ? intro(v) : `${v.planName} (continued)` }];
    for (const item of items) {
      blocks.push({ type: "divider" }, itemBlock(v.scale, item));
    }
    if (pages.length > 1) blocks.push({ type: "context", text: `Part ${p + 1} of ${pages.length} — ${v.items.length} milestones in all` });
    const title = `${KIND_TITLES[v.kind] ?? dueHeadline(v.items)}: ${v.planName}`;
    const fallback = [
      title,
      ...items.map((i) => `${itemTitle(i)} — due ${dueText(i)} — ${statusText(v.scale, i.status, i.statusLabel)}`),
    ].join("\n");
    return { purpose: "reminder", title, fallback, blocks };
  });
}

export interface RecordedView {
  milestoneId: string;
  planName: string;
  scale: Scale;
  ref: string | null;
  milestoneTitle: string;
  status: Status;
  statusLabel: string | null;
  byName: string;
  onBehalfOf?: string | null;
  /** "HH:MM" in the recorder's time zone */
  at: string;
  narrative?: string | null;
  revisedDue?: string | null;
}

/** The read-only summary that replaces a reminder after an answer: "Amber recorded by Kara at 10:12". */
export function recordedCard(v: RecordedView): Card {
  const label = statusText(v.scale, v.status, v.statusLabel);
  const behalf = v.onBehalfOf ? ` on behalf of ${v.onBehalfOf}` : "";
  const line = `${label} recorded by ${v.byName}${behalf} at ${v.at}`;
  const blocks: CardBlock[] = [
    { type: "text", text: `${[v.ref, v.milestoneTitle].filter(Boolean).join(" — ")} (${v.planName})` },
    { type: "text", text: line },
  ];
  if (v.narrative) blocks.push({ type: "context", text: `Progress: ${v.narrative}` });
  if (v.revisedDue) blocks.push({ type: "context", text: `Revised due date: ${formatDate(v.revisedDue)}` });
  blocks.push({
    type: "actions",
    buttons: [
      { kind: "edit", milestoneId: v.milestoneId, label: "Edit" },
      { kind: "detail", milestoneId: v.milestoneId, label: "Add detail" },
    ],
  });
  return { purpose: "recorded", title: line, fallback: `${line} — ${v.milestoneTitle}`, blocks };
}

export interface DetailFormView {
  milestoneId: string;
  planName: string;
  scale: Scale;
  ref: string | null;
  milestoneTitle: string;
  due: string | null;
  current?: Partial<Record<string, string>>;
  errors?: Record<string, string>;
}

export function detailInputs(v: DetailFormView): CardInput[] {
  const c = v.current ?? {};
  return [
    {
      type: "choice",
      id: DETAIL_INPUTS.status,
      label: "Status",
      required: true,
      value: c[DETAIL_INPUTS.status],
      options: v.scale.options.map((o) => ({ value: o.id, label: o.label, description: o.description })),
    },
    {
      type: "number",
      id: DETAIL_INPUTS.percentComplete,
      label: "% complete",
      min: 0,
      max: 100,
      ...(c[DETAIL_INPUTS.percentComplete] && Number.isFinite(Number(c[DETAIL_INPUTS.percentComplete]))
        ? { value: Number(c[DETAIL_INPUTS.percentComplete]) }
        : {}),
    },
    {
      type: "text",
      id: DETAIL_INPUTS.narrative,
      label: "What is the progress?",
      multiline: true,
      maxLength: NARRATIVE_MAX,
      value: c[DETAIL_INPUTS.narrative],
    },
    {
      type: "text",
      id: DETAIL_INPUTS.impact,
      label: "Is it making a difference?",
      multiline: true,
      maxLength: NARRATIVE_MAX,
      value: c[DETAIL_INPUTS.impact],
    },
    { type: "url", id: DETAIL_INPUTS.evidenceUrl, label: "Evidence link", maxLength: 500, value: c[DETAIL_INPUTS.evidenceUrl] },
    {
      type: "date",
      id: DETAIL_INPUTS.revisedDue,
      label: "Revised due date",
      hint: v.due ? `Baseline stays ${formatDate(v.due)}; give a reason below` : "Give a reason below",
      value: c[DETAIL_INPUTS.revisedDue],
    },
    {
      type: "text",
      id: DETAIL_INPUTS.revisedReason,
      label: "Reason for the new date",
      maxLength: 500,
      value: c[DETAIL_INPUTS.revisedReason],
    },
    { type: "text", id: DETAIL_INPUTS.blockers, label: "Blockers", multiline: true, maxLength: 1000, value: c[DETAIL_INPUTS.blockers] },
  ];
}

export function detailCard(v: DetailFormView): Card {
  const title = `Update ${[v.ref, v.milestoneTitle].filter(Boolean).join(" — ")}`.slice(0, 150);
  return {
    purpose: "detail",
    title,
    fallback: `${title} (${v.planName})`,
    blocks: [
      {
        type: "form",
        formId: "detail",
        milestoneId: v.milestoneId,
        inputs: detailInputs(v),
        errors: v.errors,
        submit: { kind: "submit_detail", milestoneId: v.milestoneId, label: "Save update", tone: "accent" },
      },
    ],
  };
}

/** A simple message card (answers, notices, errors). */
export function messageCard(purpose: string, title: string, lines: string[]): Card {
  return { purpose, title, fallback: [title, ...lines].join("\n"), blocks: lines.map((text) => ({ type: "text" as const, text })) };
}

// Cards for collecting an indicator's value: the request (owner's DM on the indicator's cadence), the form
// (a number and a note; the Slack modal / Teams inline inputs), and the recorded summary with "Edit".
// Validation is validateIndicatorForm: a number within the unit's range, with the error on the card.

import type { Unit } from "../indicators/types.js";
import { unitRange, validateValueInput } from "../indicators/units.js";
import { INDICATOR_INPUTS } from "./actions.js";
import type { Card, CardField } from "./model.js";
import { NARRATIVE_MAX } from "./reminder.js";

export interface IndicatorCardView {
  indicatorId: string;
  ref: string | null;
  name: string;
  planName: string;
  section: string | null;
  period: { id: string; label: string };
  unit: Unit;
  /** "%", "rate per 10,000" */
  unitLabel: string;
  /** "95% by 2024-04-30", or null */
  target: string | null;
  /** the latest value before this period ("92.5% for Sep 2017"), or null */
  previous: string | null;
  /** what was recorded for this period already (edit) */
  current?: { value: string; note: string | null } | null;
}

const titleOf = (v: IndicatorCardView) => (v.ref ? `${v.ref} ${v.name}` : v.name);

function fields(v: IndicatorCardView): CardField[] {
  const out: CardField[] = [{ label: "Period", value: v.period.label }];
  if (v.target) out.push({ label: "Target", value: v.target });
  if (v.previous) out.push({ label: "Last value", value: v.previous });
  if (v.section) out.push({ label: "Section", value: v.section });
  return out;
}

/** The owner's request: one indicator, its period, target and last value, and "Enter value". */
export function indicatorRequestCard(v: IndicatorCardView): Card {
  const title = `${titleOf(v)}: the figure for ${v.period.label}, please`;
  return {
    purpose: "indicator_request",
    title,
    fallback: `${title} (${v.planName})`,
    blocks: [
      { type: "text", text: `${v.planName} — indicator figure for ${v.period.label}.` },
      {
        type: "item",
        milestoneId: v.indicatorId,
        title: titleOf(v),
        fields: fields(v),
        buttons: [{ kind: "ind_value", milestoneId: v.indicatorId, value: v.period.id, label: "Enter value", tone: "accent" }],
        menus: [],
      },
    ],
  };
}

/** The form: the value (in the indicator's unit) and an optional note; errors shown beside their input. */
export function indicatorFormCard(
  v: IndicatorCardView,
  values: { value?: string; note?: string } = {},
  errors?: Record<string, string>,
): Card {
  const { min, max } = unitRange(v.unit);
  const range = v.unit === "percent" ? "a percentage from 0 to 100" : v.unit === "number" ? "a number" : `a number from ${min} to ${max}`;
  const title = `Update ${v.ref ?? "indicator"} — ${v.period.label}`;
  return {
    purpose: "indicator_form",
    title,
    fallback: `${title}\n${v.name}`,
    blocks: [
      { type: "text", text: `${titleOf(v)} (${v.unitLabel})` },
      {
        type: "form",
        formId: "indicator",
        milestoneId: v.indicatorId,
        inputs: [
          {
            type: "text",
            id: INDICATOR_INPUTS.value,
            label: `Value for ${v.period.label} (${v.unitLabel})`,
            maxLength: 40,
            required: true,
            hint: `Enter ${range}${v.target ? `; target ${v.target}` : ""}.`,
            ...((values.value ?? v.current?.value) ? { value: values.value ?? v.current?.value } : {}),
          },
          {
            type: "text",
            id: INDICATOR_INPUTS.note,
            label: "Note (optional): what explains the figure?",
            multiline: true,
            maxLength: NARRATIVE_MAX,
            ...((values.note ?? v.current?.note) ? { value: values.note ?? v.current?.note ?? undefined } : {}),
          },
        ],
        submit: { kind: "ind_submit", milestoneId: v.indicatorId, value: v.period.id, label: "Save" },
        ...(errors && Object.keys(errors).length ? { errors } : {}),
      },
    ],
  };
}

export interface IndicatorRecorded {
  view: IndicatorCardView;
  valueText: string;
  /** "Amber", "No RAG" */
  rag: string;
  arrow: string;
  by: string;
  onBehalfOf: string | null;
}

/** After saving: what was recorded, against the target, and "Edit" (a new value for the same period). */
export function indicatorRecordedCard(r: IndicatorRecorded): Card {
  const v = r.view;
  const judged = r.rag === "No RAG" ? "" : ` — ${r.rag}`;
  const line = `Recorded ${r.valueText} for ${v.period.label}${v.target ? ` (target ${v.target})` : ""}${judged}${r.arrow ? `, ${r.arrow}` : ""}. By ${r.by}${r.onBehalfOf ? ` on behalf of ${r.onBehalfOf}` : ""}.`;
  return {
    purpose: "indicator_recorded",
    title: `${titleOf(v)}: ${r.valueText} for ${v.period.label}`,
    fallback: line,
    blocks: [
      {
        type: "item",
        milestoneId: v.indicatorId,
        title: titleOf(v),
        fields: [],
        statusLine: line,
        buttons: [{ kind: "ind_value", milestoneId: v.indicatorId, value: v.period.id, label: "Edit" }],
        menus: [],
      },
    ],
  };
}

export type IndicatorFormResult =
  | { ok: true; value: number; raw: string; note: string | null }
  | { ok: false; errors: Record<string, string> };

export function validateIndicatorForm(values: Record<string, string | undefined>, unit: Unit): IndicatorFormResult {
  const errors: Record<string, string> = {};
  const raw = (values[INDICATOR_INPUTS.value] ?? "").trim();
  const v = validateValueInput(raw, unit);
  if (!v.ok) errors[INDICATOR_INPUTS.value] = v.error;
  const note = (values[INDICATOR_INPUTS.note] ?? "").trim() || null;
  if (note && note.length > NARRATIVE_MAX)
    errors[INDICATOR_INPUTS.note] = `Keep the note under ${NARRATIVE_MAX} characters (it has ${note.length}).`;
  if (!v.ok || Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: v.value, raw, note };
}

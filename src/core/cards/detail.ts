// Validation of the detail form, shared by Slack (response_action errors) and Teams (errors on the card).
import type { Scale, Status } from "../status.js";
import { DETAIL_INPUTS, type DetailValues } from "./actions.js";
import { NARRATIVE_MAX } from "./reminder.js";

export interface DetailUpdate {
  optionId: string;
  status: Status;
  statusLabel: string;
  percentComplete: number | null;
  narrative: string | null;
  impact: string | null;
  evidenceUrl: string | null;
  revisedDue: string | null;
  revisedReason: string | null;
  blockers: string | null;
}

export type DetailResult = { ok: true; value: DetailUpdate } | { ok: false; errors: Record<string, string> };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function clean(v: string | undefined): string | null {
  const t = v?.trim();
  return t ? t : null;
}

/** today: YYYY-MM-DD in the submitter's time zone */
export function validateDetail(values: DetailValues, scale: Scale, today: string): DetailResult {
  const errors: Record<string, string> = {};
  const optionId = clean(values[DETAIL_INPUTS.status]);
  const option = scale.options.find((o) => o.id === optionId);
  if (!option) errors[DETAIL_INPUTS.status] = `Choose a status (${scale.options.map((o) => o.label).join(", ")}).`;

  let percent: number | null = null;
  const pc = clean(values[DETAIL_INPUTS.percentComplete]);
  if (pc !== null) {
    const n = Number(pc.replace(/%$/, ""));
    if (!Number.isInteger(n) || n < 0 || n > 100) errors[DETAIL_INPUTS.percentComplete] = "Enter a whole number from 0 to 100.";
    else percent = n;
  }

  const narrative = clean(values[DETAIL_INPUTS.narrative]);
  if (narrative && narrative.length > NARRATIVE_MAX)
    errors[DETAIL_INPUTS.narrative] = `Keep the progress note under ${NARRATIVE_MAX} characters (it has ${narrative.length}).`;
  const impact = clean(values[DETAIL_INPUTS.impact]);
  if (impact && impact.length > NARRATIVE_MAX)
    errors[DETAIL_INPUTS.impact] = `Keep this under ${NARRATIVE_MAX} characters (it has ${impact.length}).`;

  const evidenceUrl = clean(values[DETAIL_INPUTS.evidenceUrl]);
  if (evidenceUrl) {
    let ok = false;
    try {
      const u = new URL(evidenceUrl);
      ok = u.protocol === "https:" || u.protocol === "http:";
    } catch {
      ok = false;
    }
    if (!ok) errors[DETAIL_INPUTS.evidenceUrl] = "Enter a full web address starting with https://";
  }

  const revisedDue = clean(values[DETAIL_INPUTS.revisedDue]);
  const revisedReason = clean(values[DETAIL_INPUTS.revisedReason]);
  if (revisedDue) {
    if (!ISO_DATE.test(revisedDue) || Number.isNaN(Date.parse(`${revisedDue}T00:00:00Z`)))
      errors[DETAIL_INPUTS.revisedDue] = "Enter a date (YYYY-MM-DD).";
    else if (revisedDue < today) errors[DETAIL_INPUTS.revisedDue] = "A revised due date cannot be in the past.";
    if (!revisedReason) errors[DETAIL_INPUTS.revisedReason] = "Give a reason for the new date.";
  } else if (revisedReason) {
    errors[DETAIL_INPUTS.revisedDue] = "Give the new date this reason is for.";
  }

  const blockers = clean(values[DETAIL_INPUTS.blockers]);
  if (Object.keys(errors).length > 0 || !option) return { ok: false, errors };
  return {
    ok: true,
    value: {
      optionId: option.id,
      status: option.status,
      statusLabel: option.label,
      percentComplete: percent,
      narrative,
      impact,
      evidenceUrl,
      revisedDue,
      revisedReason,
      blockers,
    },
  };
}

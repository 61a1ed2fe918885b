// Recording a status update from a card click, the detail form or the CLI. One transaction: append the
// StatusUpdate (its idempotencyKey is unique, so retries and double clicks record once) and move the
// milestone's current status / dates. A revised date never touches baselineDue.

import { TZDate } from "@date-fns/tz";
import { format } from "date-fns/format";
import { isTimeZone } from "../core/calendar.js";
import type { DetailUpdate } from "../core/cards/detail.js";
import type { RecordedView } from "../core/cards/reminder.js";
import { type Scale, type ScaleOption, type Status, scaleOf } from "../core/status.js";
import type { Db } from "../storage/db.js";
import { isUniqueViolation } from "../storage/errors.js";
import { getPerson, type Person } from "../storage/people.js";
import {
  applyMilestoneStatus,
  createStatusUpdate,
  findUpdateByKey,
  type MilestoneContext,
  type MilestoneStatusPatch,
  milestoneContext,
  type NewStatusUpdate,
  type PriorUpdate,
} from "../storage/updates.js";
import { type AccessOptions, type CanRecordResult, canRecord } from "./access.js";

export type RecordSource = "slack" | "teams" | "cli" | "playground";

export interface RecordInput {
  milestoneId: string;
  actorPersonId: string;
  source: RecordSource;
  /** dedupe key of the interaction (Slack action ts + user, Teams activity id...) */
  idempotencyKey: string;
  now: Date;
  /** time zone for the "recorded at HH:MM" line (default: the actor's own, then Europe/London) */
  timeZone?: string;
  /** scale option id of a status button */
  optionId?: string;
  /** a validated detail form (core/cards/detail.ts validateDetail); wins over optionId */
  detail?: DetailUpdate;
}

export type RecordResult =
  | { ok: true; duplicate: boolean; statusUpdateId: string; recorded: RecordedView }
  | { ok: false; reason: "not_found" | "forbidden" | "invalid"; message: string; item?: string };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DEFAULT_TZ = "Europe/London";

/** "HH:MM" of an instant in a time zone (DST-safe); falls back to Europe/London for an unknown zone. */
export function clockTime(at: Date, timeZone: string | null | undefined): string {
  const tz = timeZone && isTimeZone(timeZone) ? timeZone : DEFAULT_TZ;
  return format(new TZDate(at.getTime(), tz), "HH:mm");
}

function isoDay(d: Date | null | undefined): string | null {
  return d ? d.toISOString().slice(0, 10) : null;
}

function recordedView(
  m: MilestoneContext,
  scale: Scale,
  u: { status: string; statusLabel: string | null; narrative: string | null; revisedDue: Date | null; createdAt: Date },
  byName: string,
  onBehalfOfName: string | null,
  timeZone: string | null | undefined,
): RecordedView {
  return {
    milestoneId: m.id,
    planName: m.plan.name,
    scale,
    ref: m.action.handle ?? m.action.ref,
    milestoneTitle: m.title,
    status: u.status as Status,
    statusLabel: u.statusLabel,
    byName,
    onBehalfOf: onBehalfOfName,
    at: clockTime(u.createdAt, timeZone),
    narrative: u.narrative,
    revisedDue: isoDay(u.revisedDue),
  };
}

async function duplicateResult(db: Db, input: RecordInput): Promise<RecordResult | null> {
  const prior = await findUpdateByKey(db, input.idempotencyKey);
  if (!prior) return null;
  return duplicateOf(input, prior, await milestoneContext(db, prior.milestoneId));
}

/** The answer under this key was recorded before: its summary again (null if its milestone is gone). */
export function duplicateOf(input: RecordInput, prior: PriorUpdate, m: MilestoneContext | null): RecordResult | null {
  if (!m) return null;
  const view = recordedView(
    m,
    scaleOf(m.plan.scale),
    prior,
    prior.by?.name ?? "someone",
    prior.onBehalfOf?.name ?? null,
    input.timeZone ?? prior.by?.timeZone,
  );
  return { ok: true, duplicate: true, statusUpdateId: prior.id, recorded: view };
}

interface Resolved {
  option: ScaleOption;
  detail: DetailUpdate | null;
  revisedDue: Date | null;
}

function resolve(input: RecordInput, scale: Scale): Resolved | { error: string } {
  const optionId = input.detail?.optionId ?? input.optionId;
  if (!optionId) return { error: "No status given: choose one of " + scale.options.map((o) => o.label).join(", ") + "." };
  const option = scale.options.find((o) => o.id === optionId);
  if (!option) return { error: `"${optionId}" is not a status in this plan (${scale.options.map((o) => o.label).join(", ")}).` };
  const d = input.detail ?? null;
  if (d?.percentComplete !== null && d?.percentComplete !== undefined) {
    if (!Number.isInteger(d.percentComplete) || d.percentComplete < 0 || d.percentComplete > 100)
      return { error: "% complete must be a whole number from 0 to 100." };
  }
  let revisedDue: Date | null = null;
  if (d?.revisedDue) {
    if (!ISO_DATE.test(d.revisedDue) || Number.isNaN(Date.parse(`${d.revisedDue}T00:00:00Z`)))
      return { error: `Revised due date "${d.revisedDue}" is not a date (YYYY-MM-DD).` };
    if (!d.revisedReason) return { error: "A revised due date needs a reason." };
    revisedDue = new Date(`${d.revisedDue}T00:00:00Z`);
  }
  return { option, detail: d, revisedDue };
}

/** What one answer needs read before deciding (recordUpdates reads it for several at once). */
export interface RecordFacts {
  /** the milestone as it stands (for a batch: with the answers before this one applied) */
  m: MilestoneContext | null;
  actor: Person | null;
  /** canRecord's decision (null when there is no milestone or no actor) */
  access: CanRecordResult | null;
}

/** What recording one answer writes, once decided. */
export interface RecordWrite {
  data: NewStatusUpdate;
  patch: MilestoneStatusPatch;
  /** the recorded summary, given the created row and who it is on behalf of */
  view(
    created: { status: string; statusLabel: string | null; narrative: string | null; revisedDue: Date | null; createdAt: Date },
    onBehalfOfName: string | null,
  ): RecordedView;
}

/**
 * The one decision of recording an answer (after its key was found new): the milestone exists, the actor may
 * record on it (canRecord), the status and detail are valid; then what is written.
 */
export function decideRecord(input: RecordInput, f: RecordFacts): { refused: RecordResult } | { write: RecordWrite } {
  const m = f.m;
  if (!m) return { refused: { ok: false, reason: "not_found", message: "That milestone no longer exists in the plan." } };
  const actor = f.actor;
  if (!actor)
    return {
      refused: { ok: false, reason: "forbidden", message: "ragtime does not know who you are yet; ask a plan administrator to add you." },
    };
  const access = f.access ?? { allowed: false, reason: "forbidden", onBehalfOf: null };
  const item = [m.action.handle ?? m.action.ref, m.title].filter(Boolean).join(" — ");
  if (!access.allowed)
    return {
      refused: {
        ok: false,
        reason: "forbidden",
        item,
        message: `Only the owners, their deputies, the action lead or a plan administrator can update ${item}.`,
      },
    };

  const scale = scaleOf(m.plan.scale);
  const r = resolve(input, scale);
  if ("error" in r) return { refused: { ok: false, reason: "invalid", message: r.error } };
  const d = r.detail;

  const patch: MilestoneStatusPatch = { status: r.option.status, statusLabel: r.option.label, statusAt: input.now };
  if (d?.percentComplete !== null && d?.percentComplete !== undefined) patch.percentComplete = d.percentComplete;
  if (d?.narrative) patch.latestUpdate = d.narrative;
  if (d?.impact) patch.impact = d.impact;
  if (r.revisedDue && d?.revisedReason) {
    const changed = m.due?.getTime() !== r.revisedDue.getTime();
    patch.revisedDue = r.revisedDue;
    patch.due = r.revisedDue;
    patch.revisedReason = d.revisedReason;
    if (changed) patch.revisionCount = m.revisionCount + 1;
    // a milestone imported before baselines existed keeps its first planned date as the baseline
    if (!m.baselineDue && m.due && changed) patch.baselineDue = m.due;
  }
  const data: NewStatusUpdate = {
    milestoneId: m.id,
    byId: actor.id,
    onBehalfOfId: access.onBehalfOf,
    source: input.source,
    status: r.option.status,
    statusLabel: r.option.label,
    percentComplete: d?.percentComplete ?? null,
    narrative: d?.narrative ?? null,
    impact: d?.impact ?? null,
    evidenceUrl: d?.evidenceUrl ?? null,
    revisedDue: r.revisedDue,
    revisedReason: r.revisedDue ? (d?.revisedReason ?? null) : null,
    blockers: d?.blockers ?? null,
    idempotencyKey: input.idempotencyKey,
    createdAt: input.now,
  };
  return {
    write: {
      data,
      patch,
      view: (created, onBehalfOfName) => recordedView(m, scale, created, actor.name, onBehalfOfName, input.timeZone ?? actor.timeZone),
    },
  };
}

/** Records one update; see RecordResult. Safe to call twice with the same idempotencyKey. */
export async function recordUpdate(db: Db, input: RecordInput, opts?: AccessOptions): Promise<RecordResult> {
  const dup = await duplicateResult(db, input);
  if (dup) return dup;

  const m = await milestoneContext(db, input.milestoneId);
  const actor = m ? await getPerson(db, input.actorPersonId) : null;
  const access = m && actor ? await canRecord(db, m.id, actor.id, opts) : null;
  const decided = decideRecord(input, { m, actor, access });
  if ("refused" in decided) return decided.refused;
  const w = decided.write;
  const onBehalfOf = w.data.onBehalfOfId ? await getPerson(db, w.data.onBehalfOfId) : null;

  try {
    const created = await db.$transaction(async (tx) => {
      const u = await createStatusUpdate(tx, w.data);
      await applyMilestoneStatus(tx, w.data.milestoneId, w.patch);
      return u;
    });
    return { ok: true, duplicate: false, statusUpdateId: created.id, recorded: w.view(created, onBehalfOf?.name ?? null) };
  } catch (e) {
    // a concurrent delivery of the same interaction won the unique key: report the first result
    if (isUniqueViolation(e)) {
      const again = await duplicateResult(db, input);
      if (again) return again;
    }
    throw e;
  }
}

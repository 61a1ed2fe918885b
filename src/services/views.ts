// View models: the detail form for one milestone (same inputs on Slack and Teams) and plan summaries for the CLI.
import { DETAIL_INPUTS } from "../core/cards/actions.js";
import type { DetailFormView } from "../core/cards/reminder.js";
import { isStatus, optionForStatus, type Scale, type Status, scaleOf, statusText } from "../core/status.js";
import type { Db, Tx } from "../storage/db.js";
import { findPlanByKey, listPlans, type PlanListRow, planMilestones, planSections } from "../storage/planReport.js";
import { milestoneContext } from "../storage/updates.js";

/**
 * The "Add detail" form for a milestone, pre-filled with its current status, progress and impact unless
 * `current` (values the person already typed, e.g. after a validation error) overrides them.
 */
export async function detailFormView(
  db: Db | Tx,
  milestoneId: string,
  current?: Partial<Record<string, string>>,
  errors?: Record<string, string>,
): Promise<DetailFormView | null> {
  const m = await milestoneContext(db, milestoneId);
  if (!m) return null;
  const scale = scaleOf(m.plan.scale);
  const defaults: Partial<Record<string, string>> = {};
  const byLabel = m.statusLabel ? scale.options.find((o) => o.label.toLowerCase() === m.statusLabel?.toLowerCase()) : undefined;
  const option = byLabel ?? (m.status !== "unknown" ? optionForStatus(scale, m.status as Status) : undefined);
  if (option) defaults[DETAIL_INPUTS.status] = option.id;
  if (m.latestUpdate) defaults[DETAIL_INPUTS.narrative] = m.latestUpdate;
  if (m.impact) defaults[DETAIL_INPUTS.impact] = m.impact;
  if (m.percentComplete !== null) defaults[DETAIL_INPUTS.percentComplete] = String(m.percentComplete);
  return {
    milestoneId: m.id,
    planName: m.plan.name,
    scale,
    ref: m.action.handle ?? m.action.ref,
    milestoneTitle: m.title,
    due: m.due ? m.due.toISOString().slice(0, 10) : null,
    current: { ...defaults, ...(current ?? {}) },
    ...(errors ? { errors } : {}),
  };
}

// ---- plan listings (`ragtime plans list`, `ragtime plan show`) ----

/** Every plan with its counts, for `ragtime plans list`. */
export function plansList(db: Db | Tx): Promise<PlanListRow[]> {
  return listPlans(db);
}

/** Does a plan with this key exist? */
export async function planExists(db: Db | Tx, key: string): Promise<boolean> {
  return (await findPlanByKey(db, key)) !== null;
}

export interface PlanStatusCounts {
  milestones: number;
  overdue: number;
  /** label in the plan's own words -> count */
  counts: Record<string, number>;
}

export interface PlanShow {
  plan: {
    key: string;
    name: string;
    scale: string;
    scaleName: string;
    sourceFile: string | null;
    importedAt: string | null;
    /** lifecycle: draft (nothing is sent) or live */
    status: string;
    liveFrom: string | null;
  };
  asOf: string;
  /** the status labels used in counts, in the scale's order (then labels only this plan uses, then "No status") */
  labels: string[];
  total: PlanStatusCounts & { sections: number; actions: number };
  sections: (PlanStatusCounts & { label: string; actions: number })[];
}

/** A milestone's status as the plan words it ("Amber", "3 (on track)", "Achieved" when the plan wrote that). */
export function planStatusLabel(scale: Scale, status: string, label: string | null): string {
  return statusText(scale, (isStatus(status) ? status : "unknown") as Status, label);
}

export function isOverdue(row: { due: Date | null; status: string }, asOf: string): boolean {
  return row.due !== null && row.status !== "complete" && row.due.toISOString().slice(0, 10) < asOf;
}

function orderLabels(scale: Scale, used: Set<string>): string[] {
  const scaleLabels = scale.options.map((o) => statusText(scale, o.status, o.label));
  const noStatus = statusText(scale, "unknown", null);
  const extra = [...used].filter((l) => !scaleLabels.includes(l) && l !== noStatus).sort();
  return [...scaleLabels.filter((l) => used.has(l)), ...extra, ...(used.has(noStatus) ? [noStatus] : [])];
}

export async function planShow(db: Db | Tx, key: string, asOf: string): Promise<PlanShow | null> {
  const plan = await findPlanByKey(db, key);
  if (!plan) return null;
  const scale = scaleOf(plan.scale);
  const [sections, rows] = await Promise.all([planSections(db, plan.id), planMilestones(db, plan.id)]);
  const bySection = new Map<string, PlanStatusCounts & { label: string; actionRefs: Set<string> }>();
  const NONE = "(no section)";
  for (const s of sections) bySection.set(s.label, { label: s.label, milestones: 0, overdue: 0, counts: {}, actionRefs: new Set() });
  const used = new Set<string>();
  const total: PlanStatusCounts = { milestones: 0, overdue: 0, counts: {} };
  const actionKeys = new Set<string>();
  for (const r of rows) {
    const label = planStatusLabel(scale, r.status, r.statusLabel);
    used.add(label);
    const sKey = r.sectionLabel ?? NONE;
    let s = bySection.get(sKey);
    if (!s) {
      s = { label: sKey, milestones: 0, overdue: 0, counts: {}, actionRefs: new Set() };
      bySection.set(sKey, s);
    }
    const actionKey = `${sKey}|${r.ref ?? ""}|${r.actionTitle}`;
    s.actionRefs.add(actionKey);
    actionKeys.add(actionKey);
    const overdue = isOverdue(r, asOf);
    for (const c of [s, total]) {
      c.milestones++;
      c.counts[label] = (c.counts[label] ?? 0) + 1;
      if (overdue) c.overdue++;
    }
  }
  return {
    plan: {
      key: plan.key,
      name: plan.name,
      scale: scale.id,
      scaleName: scale.name,
      sourceFile: plan.sourceFile,
      importedAt: plan.importedAt?.toISOString() ?? null,
      status: plan.status,
      liveFrom: plan.liveFrom?.toISOString() ?? null,
    },
    asOf,
    labels: orderLabels(scale, used),
    total: { ...total, sections: sections.length, actions: actionKeys.size },
    sections: [...bySection.values()].map(({ actionRefs, ...s }) => ({ ...s, actions: actionRefs.size })),
  };
}

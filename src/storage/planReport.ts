// Read-only queries for plan listings, `plan show` and the export: the whole plan in document order.
import type { Db, Tx } from "./db.js";

export interface PlanListRow {
  id: string;
  key: string;
  name: string;
  scale: string;
  timeZone: string;
  sourceFile: string | null;
  importedAt: Date | null;
  /** lifecycle: draft | live */
  status: string;
  liveFrom: Date | null;
  sections: number;
  actions: number;
  milestones: number;
  admins: string[];
}

export async function listPlans(db: Db | Tx): Promise<PlanListRow[]> {
  const plans = await db.plan.findMany({
    orderBy: { key: "asc" },
    include: { _count: { select: { sections: true, actions: true } }, admins: { select: { person: { select: { name: true } } } } },
  });
  const counts = await db.milestone.groupBy({ by: ["actionId"], _count: { _all: true } });
  const actionPlan = new Map((await db.action.findMany({ select: { id: true, planId: true } })).map((a) => [a.id, a.planId]));
  const perPlan = new Map<string, number>();
  for (const c of counts) {
    const pid = actionPlan.get(c.actionId);
    if (pid) perPlan.set(pid, (perPlan.get(pid) ?? 0) + c._count._all);
  }
  return plans.map((p) => ({
    id: p.id,
    key: p.key,
    name: p.name,
    scale: p.scale,
    timeZone: p.timeZone,
    sourceFile: p.sourceFile,
    importedAt: p.importedAt,
    status: p.status,
    liveFrom: p.liveFrom,
    sections: p._count.sections,
    actions: p._count.actions,
    milestones: perPlan.get(p.id) ?? 0,
    admins: p.admins.map((a) => a.person.name).sort(),
  }));
}

export { findPlanByKey } from "./plans.js";

export interface PlanMilestoneRow {
  milestoneId: string;
  sectionLabel: string | null;
  sectionPosition: number;
  ref: string | null;
  /** the action's handle (its ref, or the one made at import) */
  handle: string | null;
  actionTitle: string;
  actionPosition: number;
  milestoneTitle: string;
  milestonePosition: number;
  owners: string[];
  dueRaw: string | null;
  due: Date | null;
  baselineDue: Date | null;
  revisedDue: Date | null;
  revisedReason: string | null;
  status: string;
  statusLabel: string | null;
  statusAt: Date | null;
  percentComplete: number | null;
  latestUpdate: string | null;
  impact: string | null;
  paused: boolean;
}

/** Every milestone of a plan in document order (section, action, milestone position). */
export async function planMilestones(db: Db | Tx, planId: string): Promise<PlanMilestoneRow[]> {
  const actions = await db.action.findMany({
    where: { planId },
    include: {
      section: { select: { label: true, position: true } },
      milestones: { include: { owners: { select: { person: { select: { name: true } } } } } },
    },
  });
  const rows: PlanMilestoneRow[] = [];
  for (const a of actions) {
    for (const m of a.milestones) {
      rows.push({
        milestoneId: m.id,
        sectionLabel: a.section?.label ?? null,
        sectionPosition: a.section?.position ?? Number.MAX_SAFE_INTEGER,
        ref: a.ref,
        handle: a.handle ?? a.ref,
        actionTitle: a.title,
        actionPosition: a.position,
        milestoneTitle: m.title,
        milestonePosition: m.position,
        owners: m.owners.map((o) => o.person.name),
        dueRaw: m.dueRaw,
        due: m.due,
        baselineDue: m.baselineDue,
        revisedDue: m.revisedDue,
        revisedReason: m.revisedReason,
        status: m.status,
        statusLabel: m.statusLabel,
        statusAt: m.statusAt,
        percentComplete: m.percentComplete,
        latestUpdate: m.latestUpdate,
        impact: m.impact,
        paused: m.paused || a.paused,
      });
    }
  }
  rows.sort(
    (x, y) =>
      x.sectionPosition - y.sectionPosition ||
      x.actionPosition - y.actionPosition ||
      x.milestonePosition - y.milestonePosition ||
      x.milestoneId.localeCompare(y.milestoneId),
  );
  return rows;
}

/** Sections of a plan in order (including empty ones). */
export function planSections(db: Db | Tx, planId: string) {
  return db.section.findMany({ where: { planId }, orderBy: [{ position: "asc" }, { label: "asc" }] });
}

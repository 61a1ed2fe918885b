// Indicator look-ups: facts for the digest and questions, one indicator for a card, values recorded in chat.
import type { IndicatorFacts, IndicatorValueFact } from "../core/indicators/types.js";
import { asPolarity, isCadence, isUnit } from "../core/indicators/types.js";
import type { Db, Tx } from "./db.js";

const ymd = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : null);

const INCLUDE = {
  section: { select: { label: true, number: true, title: true } },
  owner: { select: { name: true } },
  targets: true,
  values: { include: { by: { select: { name: true } } }, orderBy: { createdAt: "asc" as const } },
} as const;

type Row = Awaited<ReturnType<typeof loadRows>>[number];

function loadRows(db: Db | Tx, where: { planId: string; id?: string }) {
  return db.indicator.findMany({ where, include: INCLUDE, orderBy: [{ position: "asc" }] });
}

function toFacts(r: Row): IndicatorFacts & { sectionTitle: string | null } {
  return {
    id: r.id,
    ref: r.ref,
    name: r.name,
    sectionLabel: r.section?.label ?? null,
    sectionNumber: r.section?.number ?? null,
    sectionTitle: r.section?.title ?? null,
    owner: r.owner?.name ?? null,
    polarity: asPolarity(r.polarity),
    unit: isUnit(r.unit) ? r.unit : "number",
    baseline:
      r.baselineRaw !== null || r.baselineValue !== null ? { value: r.baselineValue, date: ymd(r.baselineDate), raw: r.baselineRaw } : null,
    comparator: r.comparatorName ? { name: r.comparatorName, value: r.comparatorValue } : null,
    tolerance: r.tolerance,
    cadence: isCadence(r.cadence) ? r.cadence : "monthly",
    targets: r.targets.map((t) => ({ date: ymd(t.date) as string, value: t.value, raw: t.raw })),
    values: r.values.map(
      (v): IndicatorValueFact => ({
        period: v.period,
        periodEnd: ymd(v.periodEnd) as string,
        value: v.value,
        note: v.note,
        by: v.by?.name ?? null,
        source: v.source as IndicatorValueFact["source"],
        at: v.createdAt.toISOString(),
      }),
    ),
  };
}

export type IndicatorFactsRow = ReturnType<typeof toFacts>;

/** Every indicator of a plan with targets and values, in table order. */
export async function loadIndicatorFacts(db: Db | Tx, planId: string): Promise<IndicatorFactsRow[]> {
  return (await loadRows(db, { planId })).map(toFacts);
}

/** One indicator with its plan (scale, key) and owner, or null. */
export async function loadIndicator(db: Db | Tx, indicatorId: string) {
  const r = await db.indicator.findUnique({
    where: { id: indicatorId },
    include: {
      ...INCLUDE,
      plan: { select: { id: true, key: true, name: true, scale: true } },
      owner: { select: { id: true, name: true, deputyId: true } },
    },
  });
  if (!r) return null;
  return { facts: toFacts(r as unknown as Row), plan: r.plan, ownerId: r.ownerId, ownerDeputyId: r.owner?.deputyId ?? null };
}

export interface NewIndicatorValue {
  indicatorId: string;
  period: string;
  periodEnd: Date;
  value: number;
  raw: string;
  note: string | null;
  byId: string | null;
  source: "slack" | "teams" | "cli";
  idempotencyKey: string;
  createdAt: Date;
}

/** Appends a value; a repeated idempotency key (a redelivery, a double click) returns the row already stored. */
export async function appendIndicatorValue(db: Db | Tx, v: NewIndicatorValue): Promise<{ id: string; duplicate: boolean }> {
  const existing = await db.indicatorValue.findUnique({ where: { idempotencyKey: v.idempotencyKey }, select: { id: true } });
  if (existing) return { id: existing.id, duplicate: true };
  try {
    const row = await db.indicatorValue.create({ data: v, select: { id: true } });
    return { id: row.id, duplicate: false };
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") {
      const again = await db.indicatorValue.findUnique({ where: { idempotencyKey: v.idempotencyKey }, select: { id: true } });
      if (again) return { id: again.id, duplicate: true };
    }
    throw e;
  }
}

/** Indicators owned by people (for collection cards): id, owner, cadence, plan. */
export function indicatorsWithOwners(db: Db | Tx, planId?: string) {
  return db.indicator.findMany({
    where: { ownerId: { not: null }, ...(planId ? { planId } : {}) },
    select: { id: true, ownerId: true, cadence: true, planId: true, name: true, ref: true },
    orderBy: [{ planId: "asc" }, { position: "asc" }],
  });
}

/** Who an indicator belongs to: its plan, owner and the owner's deputy. */
export function indicatorOwnership(db: Db | Tx, indicatorId: string) {
  return db.indicator.findUnique({
    where: { id: indicatorId },
    select: { planId: true, ownerId: true, owner: { select: { deputyId: true } } },
  });
}

export async function isPlanAdmin(db: Db | Tx, planId: string, personId: string): Promise<boolean> {
  return (await db.planAdmin.findUnique({ where: { planId_personId: { planId, personId } } })) !== null;
}

/** Baseline and comparator of one indicator (for answers). */
export function indicatorBaseline(db: Db | Tx, indicatorId: string) {
  return db.indicator.findUnique({
    where: { id: indicatorId },
    select: { baselineValue: true, baselineRaw: true, comparatorName: true, comparatorValue: true },
  });
}

/** A plan's scale and section labels (to name its sections the way it does). */
export function planWithSectionLabels(db: Db | Tx, planId: string) {
  return db.plan.findUnique({ where: { id: planId }, include: { sections: { select: { label: true, number: true } } } });
}

/** What the collection tick needs: plans with indicator owners, their boards, owners' calendars and the periods already given. */
export async function collectionData(db: Db | Tx) {
  const plans = await db.plan.findMany({
    where: { indicators: { some: { ownerId: { not: null } } } },
    select: {
      id: true,
      key: true,
      policyJson: true,
      boards: { select: { meetingsJson: true, sectionsJson: true } },
      indicators: {
        where: { ownerId: { not: null } },
        select: {
          id: true,
          ownerId: true,
          cadence: true,
          section: { select: { number: true } },
          owner: { select: { id: true, timeZone: true, nation: true } },
          values: { where: { value: { not: null } }, select: { period: true } },
        },
      },
    },
  });
  return plans;
}

// Indicator settings an officer changes by hand (`ragtime indicators list|set`): the rows to list and match,
// and one update (fields, targets by date, and which fields are now set by hand) in a transaction.
import type { Db } from "./db.js";

/** Every indicator (of one plan, or of all), with what `indicators list` shows and `indicators set` matches on. */
export function indicatorSettingsRows(db: Db, planId?: string) {
  return db.indicator.findMany({
    where: planId ? { planId } : {},
    select: {
      id: true,
      ref: true,
      name: true,
      polarity: true,
      unit: true,
      tolerance: true,
      cadence: true,
      setByHand: true,
      plan: { select: { key: true, name: true, scale: true } },
      section: { select: { label: true, number: true } },
      owner: { select: { name: true } },
      targets: { select: { date: true, value: true, raw: true }, orderBy: { date: "asc" } },
      values: {
        select: { period: true, value: true, periodEnd: true, createdAt: true },
        orderBy: [{ periodEnd: "desc" }, { createdAt: "desc" }],
        take: 1,
      },
    },
    orderBy: [{ planId: "asc" }, { position: "asc" }],
  });
}

export type IndicatorSettingsRow = Awaited<ReturnType<typeof indicatorSettingsRows>>[number];

export interface IndicatorSettingsUpdate {
  ownerId?: string | null;
  polarity?: string | null;
  unit?: string;
  tolerance?: number | null;
  cadence?: string;
  /** targets to add or replace, by date (YYYY-MM-DD) */
  targets?: { date: string; value: number | null; raw: string }[];
  /** the JSON list of fields now set by hand */
  setByHand: string;
}

export async function updateIndicatorSettings(db: Db, id: string, u: IndicatorSettingsUpdate, now: Date): Promise<void> {
  const { targets, ...fields } = u;
  await db.$transaction(async (tx) => {
    await tx.indicator.update({ where: { id }, data: { ...fields, updatedAt: now } });
    for (const t of targets ?? []) {
      const date = new Date(`${t.date}T00:00:00Z`);
      await tx.indicatorTarget.upsert({
        where: { indicatorId_date: { indicatorId: id, date } },
        create: { indicatorId: id, date, value: t.value, raw: t.raw },
        update: { value: t.value, raw: t.raw },
      });
    }
  });
}

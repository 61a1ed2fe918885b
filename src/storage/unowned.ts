// "Not mine": a milestone an owner has disowned is unowned until it is reassigned (services/notMine.ts).
import type { Db, Tx } from "./db.js";
import type { Person } from "./people.js";

/** The people who lead the milestone's action (they receive an unowned item first). */
export async function actionLeadsOf(db: Db | Tx, milestoneId: string): Promise<Person[]> {
  const m = await db.milestone.findUnique({
    where: { id: milestoneId },
    select: { action: { select: { leads: { select: { person: true } } } } },
  });
  return (m?.action.leads ?? []).map((l) => l.person as Person);
}

export async function markUnowned(db: Db | Tx, milestoneId: string, byPersonId: string, now: Date): Promise<void> {
  // the first "Not mine" keeps its date: a second click (or a second owner) does not restart it
  await db.milestone.updateMany({ where: { id: milestoneId, unownedSince: null }, data: { unownedSince: now, unownedById: byPersonId } });
}

/** What the digest shows of an unowned milestone (core/digest/facts.ts UnownedFact). */
export interface UnownedRow {
  /** ISO timestamp of the first "Not mine" */
  since: string;
  /** who said it is not theirs */
  by: string | null;
  /** who it went to, to reassign: the action's lead(s) other than that person, else the plan's admins */
  with: string[];
}

/**
 * milestone id -> its unowned state, for the milestones given (those with unownedSince set). The same rule as
 * services/notMine.ts: the action's leads (not the person who disowned it), else the plan's administrators.
 */
export async function unownedRows(
  db: Db | Tx,
  rows: { id: string; actionId: string; planId: string; unownedSince: Date; unownedById: string | null }[],
): Promise<Map<string, UnownedRow>> {
  const out = new Map<string, UnownedRow>();
  if (rows.length === 0) return out;
  const [leads, admins, by] = await Promise.all([
    db.actionLead.findMany({
      where: { actionId: { in: [...new Set(rows.map((r) => r.actionId))] } },
      select: { actionId: true, person: { select: { id: true, name: true } } },
    }),
    db.planAdmin.findMany({
      where: { planId: { in: [...new Set(rows.map((r) => r.planId))] } },
      select: { planId: true, person: { select: { id: true, name: true } } },
    }),
    db.person.findMany({
      where: { id: { in: [...new Set(rows.map((r) => r.unownedById).filter((x): x is string => Boolean(x)))] } },
      select: { id: true, name: true },
    }),
  ]);
  const byName = new Map(by.map((p) => [p.id, p.name]));
  const names = (l: { person: { id: string; name: string } }[], not: string | null) =>
    l
      .filter((x) => x.person.id !== not)
      .map((x) => x.person.name)
      .sort((a, b) => a.localeCompare(b));
  for (const r of rows) {
    const lead = names(
      leads.filter((l) => l.actionId === r.actionId),
      r.unownedById,
    );
    out.set(r.id, {
      since: r.unownedSince.toISOString(),
      by: r.unownedById ? (byName.get(r.unownedById) ?? null) : null,
      with: lead.length
        ? lead
        : names(
            admins.filter((a) => a.planId === r.planId),
            null,
          ),
    });
  }
  return out;
}

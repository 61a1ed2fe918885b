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

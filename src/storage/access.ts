// Queries behind "who may record on / see which plan": owners, leads, deputies, plan admins, board roles.
import type { Db, Tx } from "./db.js";

export interface MilestoneAccessFacts {
  milestoneId: string;
  planId: string;
  /** owners of the milestone with their deputies */
  owners: { id: string; name: string; deputyId: string | null }[];
  /** leads of the milestone's action with their deputies */
  leads: { id: string; name: string; deputyId: string | null }[];
  planAdminIds: string[];
}

/** Who may act on a milestone: its owners, its action's leads (with their deputies) and the plan's admins. */
const ACCESS_SELECT = {
  id: true,
  owners: { select: { person: { select: { id: true, name: true, deputyId: true } } } },
  action: {
    select: {
      planId: true,
      leads: { select: { person: { select: { id: true, name: true, deputyId: true } } } },
      plan: { select: { admins: { select: { personId: true } } } },
    },
  },
} as const;

type AccessPerson = { id: string; name: string; deputyId: string | null };
function accessFacts(m: {
  id: string;
  owners: { person: AccessPerson }[];
  action: { planId: string; leads: { person: AccessPerson }[]; plan: { admins: { personId: string }[] } };
}): MilestoneAccessFacts {
  return {
    milestoneId: m.id,
    planId: m.action.planId,
    owners: m.owners.map((o) => o.person),
    leads: m.action.leads.map((l) => l.person),
    planAdminIds: m.action.plan.admins.map((a) => a.personId),
  };
}

export async function milestoneAccessFacts(db: Db | Tx, milestoneId: string): Promise<MilestoneAccessFacts | null> {
  const m = await db.milestone.findUnique({
    where: { id: milestoneId },
    select: ACCESS_SELECT,
  });
  if (!m) return null;
  return accessFacts(m);
}

/** Plans in which the person (or someone they deputise for) owns, leads, chairs, sits on a board or administers. */
export async function planIdsInvolving(db: Db | Tx, personId: string): Promise<string[]> {
  const people = [personId, ...(await db.person.findMany({ where: { deputyId: personId }, select: { id: true } })).map((p) => p.id)];
  const [owned, led, admin, chaired, member] = await Promise.all([
    db.action.findMany({
      where: { milestones: { some: { owners: { some: { personId: { in: people } } } } } },
      select: { planId: true },
      distinct: ["planId"],
    }),
    db.action.findMany({ where: { leads: { some: { personId: { in: people } } } }, select: { planId: true }, distinct: ["planId"] }),
    db.planAdmin.findMany({ where: { personId }, select: { planId: true } }),
    db.board.findMany({ where: { chairId: personId }, select: { planId: true } }),
    db.board.findMany({ where: { members: { some: { personId } } }, select: { planId: true } }),
  ]);
  const ids = new Set<string>();
  for (const rows of [owned, led, admin, chaired, member]) for (const r of rows) ids.add(r.planId);
  return [...ids].sort();
}

export async function allPlanIds(db: Db | Tx): Promise<string[]> {
  return (await db.plan.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((p) => p.id);
}

/** milestoneAccessFacts for several milestones in one query (id -> facts). */
export async function milestoneAccessFactsMany(db: Db | Tx, milestoneIds: string[]): Promise<Map<string, MilestoneAccessFacts>> {
  const out = new Map<string, MilestoneAccessFacts>();
  if (milestoneIds.length === 0) return out;
  const rows = await db.milestone.findMany({
    where: { id: { in: milestoneIds } },
    select: ACCESS_SELECT,
  });
  for (const m of rows) out.set(m.id, accessFacts(m));
  return out;
}

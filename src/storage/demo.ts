// Queries for the demo plan (services/demo.ts): finding it, and removing it with everything it brought.
import type { Db } from "./db.js";

export function findDemoPlan(db: Db, key: string) {
  return db.plan.findUnique({ where: { key }, select: { id: true, key: true, name: true, boards: { select: { id: true } } } });
}

export async function countPlans(db: Db): Promise<number> {
  return db.plan.count();
}

/** People of a plan: owners, action leads, board chairs and members, admins. */
async function peopleOfPlan(db: Db, planId: string): Promise<string[]> {
  const [owners, leads, boards, admins] = await Promise.all([
    db.milestoneOwner.findMany({ where: { milestone: { action: { planId } } }, select: { personId: true } }),
    db.actionLead.findMany({ where: { action: { planId } }, select: { personId: true } }),
    db.board.findMany({ where: { planId }, select: { chairId: true, members: { select: { personId: true } } } }),
    db.planAdmin.findMany({ where: { planId }, select: { personId: true } }),
  ]);
  const ids = new Set<string>([...owners, ...leads, ...admins].map((r) => r.personId));
  for (const b of boards) {
    if (b.chairId) ids.add(b.chairId);
    for (const m of b.members) ids.add(m.personId);
  }
  return [...ids];
}

/** Slack and Teams ids the demo gives its people ("playground accounts"); never real ones. */
export const DEMO_SLACK_PREFIX = "UDEMO";
export const DEMO_TEAMS_PREFIX = "demo-playground-";

/** Gives every person of the plan with no chat account a playground account (so digests do not list them as unmapped). */
export async function assignDemoAccounts(db: Db, planId: string): Promise<number> {
  const ids = await peopleOfPlan(db, planId);
  const bare = await db.person.findMany({ where: { id: { in: ids }, slackUserId: null, teamsUserId: null }, select: { id: true } });
  for (const p of bare)
    await db.person.update({
      where: { id: p.id },
      data: { slackUserId: `${DEMO_SLACK_PREFIX}${p.id.toUpperCase()}`, teamsUserId: `${DEMO_TEAMS_PREFIX}${p.id}` },
    });
  return bare.length;
}

export interface DemoRemoval {
  plan: boolean;
  people: number;
  messages: number;
}

/**
 * Deletes the demo plan (sections, actions, milestones, history and boards cascade), its reminders and the
 * playground messages sent for it, and the people it brought who are on no other plan and have no chat
 * account but a playground one, and no e-mail (a person someone mapped is kept).
 */
export async function removePlanAndPeople(db: Db, planId: string): Promise<DemoRemoval> {
  const people = await peopleOfPlan(db, planId);
  const boardIds = (await db.board.findMany({ where: { planId }, select: { id: true } })).map((b) => b.id);
  return db.$transaction(async (tx) => {
    const mine = new Set([...people, ...boardIds]);
    const logRows = await tx.outboxMessage.findMany({ where: { platform: "log" }, select: { id: true, recipientJson: true } });
    const sentHere = logRows
      .filter((r) => {
        const to = JSON.parse(r.recipientJson) as { personId?: string; boardId?: string };
        return (to.personId && mine.has(to.personId)) || (to.boardId && mine.has(to.boardId));
      })
      .map((r) => r.id);
    const messages = (await tx.outboxMessage.deleteMany({ where: { id: { in: sentHere } } })).count;
    await tx.reminder.deleteMany({ where: { planId } });
    await tx.plan.delete({ where: { id: planId } });
    const removable = await tx.person.findMany({
      where: {
        id: { in: people },
        email: null,
        OR: [{ slackUserId: null }, { slackUserId: { startsWith: DEMO_SLACK_PREFIX } }],
        AND: [{ OR: [{ teamsUserId: null }, { teamsUserId: { startsWith: DEMO_TEAMS_PREFIX } }] }],
        owns: { none: {} },
        leads: { none: {} },
        chairOf: { none: {} },
        boards: { none: {} },
        adminOf: { none: {} },
      },
      select: { id: true },
    });
    const gone = await tx.person.deleteMany({ where: { id: { in: removable.map((p) => p.id) } } });
    return { plan: true, people: gone.count, messages };
  });
}

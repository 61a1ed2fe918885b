// Who a reminder goes to and who may act on it: the owner, or (away) their deputy, or an action lead.
import type { PlannerMilestone, PlannerPerson } from "./types.js";

function isAway(p: PlannerPerson, now: Date): boolean {
  return p.awayUntil !== null && p.awayUntil.getTime() > now.getTime();
}

/** Who receives a reminder meant for `owner`: the owner, or (away) their deputy, or an action lead. */
export function routeFor(
  owner: PlannerPerson,
  leadIds: string[],
  people: Map<string, PlannerPerson>,
  now: Date,
): { recipient: PlannerPerson; onBehalfOf: PlannerPerson | null } {
  if (!isAway(owner, now)) return { recipient: owner, onBehalfOf: null };
  const deputy = owner.deputyId ? people.get(owner.deputyId) : undefined;
  if (deputy && deputy.id !== owner.id && !isAway(deputy, now)) return { recipient: deputy, onBehalfOf: owner };
  for (const id of leadIds) {
    const lead = people.get(id);
    if (lead && lead.id !== owner.id && !isAway(lead, now)) return { recipient: lead, onBehalfOf: owner };
  }
  // nobody to stand in: it waits in the owner's own inbox
  return { recipient: owner, onBehalfOf: null };
}

/** Who may record on these items: the recipient, each item's owners and their deputies, and the action leads. */
export function actorsFor(recipientId: string, milestones: PlannerMilestone[], people: Map<string, PlannerPerson>): string[] {
  const ids = new Set<string>([recipientId]);
  for (const m of milestones) {
    for (const o of m.ownerIds) {
      ids.add(o);
      const deputy = people.get(o)?.deputyId;
      if (deputy) ids.add(deputy);
    }
    for (const l of m.leadIds) ids.add(l);
  }
  return [...ids].sort();
}

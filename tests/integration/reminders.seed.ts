// Seed data for the reminder tests: people across nations, one small plan per scenario.
import type { Db } from "../../src/storage/db.js";

export interface SeedPerson {
  name: string;
  nation?: string;
  slackUserId?: string;
  awayUntil?: string;
  deputy?: string;
}

export async function seedPeople(db: Db, people: SeedPerson[]): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const p of people) {
    const row = await db.person.create({
      data: {
        name: p.name,
        normName: p.name.toLowerCase(),
        nation: p.nation ?? "ENG",
        slackUserId: p.slackUserId ?? null,
        awayUntil: p.awayUntil ? new Date(p.awayUntil) : null,
      },
    });
    ids[p.name] = row.id;
  }
  for (const p of people) if (p.deputy) await db.person.update({ where: { id: ids[p.name] }, data: { deputyId: ids[p.deputy] } });
  return ids;
}

export interface SeedMilestone {
  ref: string;
  title: string;
  due: string | null;
  dueRaw?: string;
  owners: string[];
  leads?: string[];
  section?: string;
  status?: string;
  pausedAction?: boolean;
}

export interface SeedPlan {
  key: string;
  name?: string;
  policyJson?: string;
  milestones: SeedMilestone[];
  board?: { name: string; chair?: string; sections?: string[]; meetings?: string[] };
}

/** Creates a plan; returns milestone ids by ref. */
export async function seedPlan(db: Db, people: Record<string, string>, p: SeedPlan): Promise<Record<string, string>> {
  const plan = await db.plan.create({ data: { key: p.key, name: p.name ?? `${p.key} plan`, scale: "rag", policyJson: p.policyJson } });
  const sections = new Map<string, string>();
  const out: Record<string, string> = {};
  let pos = 0;
  for (const m of p.milestones) {
    const sec = m.section ?? "1";
    if (!sections.has(sec)) {
      const s = await db.section.create({
        data: { planId: plan.id, label: `Priority ${sec}`, number: sec, title: `Priority ${sec}`, position: Number(sec) },
      });
      sections.set(sec, s.id);
    }
    const action = await db.action.create({
      data: {
        planId: plan.id,
        sectionId: sections.get(sec),
        key: m.ref,
        ref: m.ref,
        title: `Action ${m.ref}`,
        position: pos++,
        paused: m.pausedAction ?? false,
        leads: { create: (m.leads ?? []).map((l) => ({ personId: people[l] as string })) },
      },
    });
    const due = m.due ? new Date(`${m.due}T00:00:00Z`) : null;
    const ms = await db.milestone.create({
      data: {
        actionId: action.id,
        key: `${m.ref}-m`,
        title: m.title,
        dueRaw: m.dueRaw ?? m.due,
        due,
        baselineDue: due,
        status: m.status ?? "on_track",
        statusLabel: m.status === "complete" ? "Complete" : "Green",
        owners: { create: m.owners.map((o) => ({ personId: people[o] as string })) },
      },
    });
    out[m.ref] = ms.id;
  }
  if (p.board)
    await db.board.create({
      data: {
        name: p.board.name,
        planId: plan.id,
        chairId: p.board.chair ? people[p.board.chair] : null,
        sectionsJson: p.board.sections ? JSON.stringify(p.board.sections) : null,
        meetingsJson: JSON.stringify(p.board.meetings ?? []),
      },
    });
  return out;
}

/**
 * A plan with `n` milestones each owned by a different person with a Slack id, all due on `due`:
 * a tick on the due day plans exactly n "due" reminders (one per owner). Bulk inserts.
 */
export async function seedBulkPlan(db: Db, key: string, n: number, due: string): Promise<{ planId: string }> {
  const plan = await db.plan.create({ data: { key, name: `${key} bulk plan`, scale: "rag" } });
  const section = await db.section.create({ data: { planId: plan.id, label: "Priority 1", number: "1", title: "Priority 1" } });
  const CH = 500;
  for (let start = 0; start < n; start += CH) {
    const idx = Array.from({ length: Math.min(CH, n - start) }, (_, i) => start + i);
    await db.person.createMany({
      data: idx.map((i) => ({ id: `${key}-p${i}`, name: `Owner ${key} ${i}`, normName: `owner ${key} ${i}`, slackUserId: `U${key}${i}` })),
    });
    await db.action.createMany({
      data: idx.map((i) => ({
        id: `${key}-a${i}`,
        planId: plan.id,
        sectionId: section.id,
        key: `${i}`,
        ref: `${i}`,
        title: `Action ${i}`,
        position: i,
      })),
    });
    await db.milestone.createMany({
      data: idx.map((i) => ({
        id: `${key}-m${i}`,
        actionId: `${key}-a${i}`,
        key: `m${i}`,
        title: `Milestone ${i}`,
        dueRaw: due,
        due: new Date(`${due}T00:00:00Z`),
        baselineDue: new Date(`${due}T00:00:00Z`),
        status: "on_track",
        statusLabel: "Green",
      })),
    });
    await db.milestoneOwner.createMany({ data: idx.map((i) => ({ milestoneId: `${key}-m${i}`, personId: `${key}-p${i}` })) });
  }
  return { planId: plan.id };
}

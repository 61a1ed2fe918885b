// Seed data for H2's service tests, written through Prisma into a real test database.
import type { Db } from "../../src/storage/db.js";

export interface Seed {
  planId: string;
  plan2Id: string;
  milestoneId: string;
  milestone2Id: string;
  numericMilestoneId: string;
  people: Record<"kara" | "dave" | "lena" | "pat" | "olive" | "gina" | "bob", string>;
}

async function person(db: Db, name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const normName = name.toLowerCase().replace(/\s+/g, " ");
  return (await db.person.create({ data: { name, normName, ...extra } })).id;
}

export async function seed(db: Db): Promise<Seed> {
  const dave = await person(db, "Dave Deputy", { slackUserId: "UDAVE001", timeZone: "Europe/London" });
  const kara = await person(db, "Kara Haskayne", { slackUserId: "UKARA001", email: "kara@council.gov.uk", deputyId: dave });
  const lena = await person(db, "Lena Lead", { teamsUserId: "29:lena" });
  const pat = await person(db, "Pat Admin", { slackUserId: "UPAT0001" });
  const olive = await person(db, "Olive Outsider", { slackUserId: "UOLIVE01" });
  const gina = await person(db, "Gina Global", { email: "gina@council.gov.uk", timeZone: "America/New_York" });
  const bob = await person(db, "Bob Board");

  const plan = await db.plan.create({ data: { key: "dev", name: "Development Plan 2017-19", scale: "rag" } });
  const section = await db.section.create({ data: { planId: plan.id, label: "1. Workforce", number: "1", title: "Workforce" } });
  const action = await db.action.create({
    data: { planId: plan.id, sectionId: section.id, key: "1.1", ref: "1.1", title: "Create a clear management structure" },
  });
  await db.actionLead.create({ data: { actionId: action.id, personId: lena } });
  const due = new Date("2018-01-31T00:00:00Z");
  const m1 = await db.milestone.create({
    data: { actionId: action.id, key: "m1", title: "Senior management structure established", dueRaw: "Jan-18", due, baselineDue: due },
  });
  const m2 = await db.milestone.create({ data: { actionId: action.id, key: "m2", title: "Posts filled", dueRaw: "Ongoing" } });
  await db.milestoneOwner.create({ data: { milestoneId: m1.id, personId: kara } });
  await db.milestoneOwner.create({ data: { milestoneId: m2.id, personId: kara } });
  await db.planAdmin.create({ data: { planId: plan.id, personId: pat } });

  const plan2 = await db.plan.create({ data: { key: "thurrock", name: "Thurrock Plan", scale: "numeric5" } });
  const action2 = await db.action.create({ data: { planId: plan2.id, key: "2.1", ref: "2.1", title: "Improve MASH" } });
  const m3 = await db.milestone.create({
    data: {
      actionId: action2.id,
      key: "m3",
      title: "MASH thresholds consistent",
      status: "at_risk",
      statusLabel: "2",
      latestUpdate: "Audit booked",
    },
  });
  await db.milestoneOwner.create({ data: { milestoneId: m3.id, personId: olive } });
  const board = await db.board.create({ data: { name: "Thurrock board", planId: plan2.id, chairId: gina } });
  await db.boardMember.create({ data: { boardId: board.id, personId: bob } });

  return {
    planId: plan.id,
    plan2Id: plan2.id,
    milestoneId: m1.id,
    milestone2Id: m2.id,
    numericMilestoneId: m3.id,
    people: { kara, dave, lena, pat, olive, gina, bob },
  };
}

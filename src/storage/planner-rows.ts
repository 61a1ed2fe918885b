// The rows a reminder tick reads (every minute, over every live milestone), from either database. Only the columns
// the planner uses. Flat queries, joined by planner-data.ts: Prisma's nested include of 5,000 milestones with
// their action, section, owners and leads took the service's RSS up by about 30 MB a tick.
//
// On SQLite they are read straight from the adapter's own better-sqlite3 connection, in one synchronous run of
// statements (no other code runs between them, so they see one state of the database, as a read transaction
// would), when no transaction is open on it; otherwise, and on PostgreSQL, through Prisma. Through Prisma each
// query's rows came back through its query interpreter as intermediate objects: measured in one process over a
// live 5,000-milestone plan (after a full GC), +39 MB RSS for the Prisma load against +11 MB for the same rows
// read directly; the service ran the load every minute. The direct read holds the event loop for its whole run
// (25 ms median for those 5,000 milestones at load average 2.3; Prisma's took 88 ms in all, in pieces). It is
// not split: between two pieces a Prisma transaction could open on the connection, and the rest of the read
// would see its uncommitted writes. A plan ten times larger would hold acks for ~250 ms once a minute.
import type BetterSqlite3 from "better-sqlite3";
import type { PlannerPerson } from "../core/reminders/types.js";
import { sqliteDate, sqliteDateText, statement } from "./bulk.js";
import type { Db, Tx } from "./db.js";
import { driverOf } from "./db-registry.js";

export interface PlannerRows {
  plans: {
    id: string;
    key: string;
    name: string;
    scale: string;
    policyJson: string | null;
    status: string;
    liveFrom: Date | null;
    boards: { id: string; name: string; chairId: string | null; sectionsJson: string | null; meetingsJson: string }[];
  }[];
  actions: {
    id: string;
    planId: string;
    ref: string | null;
    handle: string | null;
    title: string;
    paused: boolean;
    sectionId: string | null;
  }[];
  sections: { id: string; label: string; number: string | null }[];
  leads: { actionId: string; personId: string }[];
  milestones: {
    id: string;
    actionId: string;
    title: string;
    due: Date | null;
    dueRaw: string | null;
    status: string;
    statusLabel: string | null;
    paused: boolean;
    unownedSince: Date | null;
    snoozedUntil: Date | null;
  }[];
  owners: { milestoneId: string; personId: string }[];
  /** each milestone's last update from a person (imports do not count) */
  lastUpdates: { milestoneId: string; at: Date | null }[];
  persons: (PlannerPerson & { slackUserId: string | null })[];
  /** personal Teams conversations, oldest first (the newest per person wins) */
  conversations: { personId: string; conversationId: string; serviceUrl: string }[];
  reminders: {
    dedupeKey: string;
    kind: string;
    recipientId: string;
    onBehalfOfId: string | null;
    milestoneIds: string;
    plannedFor: Date;
  }[];
}

export interface RowsQuery {
  planKey?: string;
  /** earliest plannedFor of the reminders read (the planner's memory) */
  since: Date;
}

/** The adapter's connection when it is open and free (no transaction of anyone's on it), else null. */
function freeSqliteConnection(db: Db | Tx): BetterSqlite3.Database | null {
  let driver: ReturnType<typeof driverOf>;
  try {
    driver = driverOf(db);
  } catch {
    return null; // a transaction client: its caller's transaction is open, so read through it
  }
  if (driver.kind !== "sqlite") return null;
  const c = driver.connection.current();
  return c && !c.inTransaction && !driver.connection.inTransaction() ? c : null;
}

/** Where a read made now would go: straight to SQLite, or through Prisma. */
export function plannerRowsSource(db: Db | Tx): "sqlite-direct" | "prisma" {
  return freeSqliteConnection(db) ? "sqlite-direct" : "prisma";
}

export async function readPlannerRows(db: Db | Tx, q: RowsQuery): Promise<PlannerRows> {
  const c = freeSqliteConnection(db);
  return c ? readSqlite(c, q) : readPrisma(db, q);
}

async function readPrisma(db: Db | Tx, q: RowsQuery): Promise<PlannerRows> {
  const plans = await db.plan.findMany({
    where: q.planKey ? { key: q.planKey } : {},
    select: {
      id: true,
      key: true,
      name: true,
      scale: true,
      policyJson: true,
      status: true,
      liveFrom: true,
      boards: { select: { id: true, name: true, chairId: true, sectionsJson: true, meetingsJson: true } },
    },
    orderBy: { key: "asc" },
  });
  const planIds = plans.map((p) => p.id);
  const inPlans = { planId: { in: planIds } };
  const actions = await db.action.findMany({
    where: inPlans,
    select: { id: true, planId: true, ref: true, handle: true, title: true, paused: true, sectionId: true },
  });
  const sections = await db.section.findMany({ where: inPlans, select: { id: true, label: true, number: true } });
  const leads = await db.actionLead.findMany({ where: { action: inPlans }, select: { actionId: true, personId: true } });
  const milestones = await db.milestone.findMany({
    where: { action: inPlans },
    // the plan's order (a reminder lists its items in the order read)
    orderBy: [{ action: { position: "asc" } }, { position: "asc" }, { id: "asc" }],
    select: {
      id: true,
      actionId: true,
      title: true,
      due: true,
      dueRaw: true,
      status: true,
      statusLabel: true,
      paused: true,
      unownedSince: true,
      snoozedUntil: true,
    },
  });
  const owners = await db.milestoneOwner.findMany({
    where: { milestone: { action: inPlans } },
    select: { milestoneId: true, personId: true },
  });
  const grouped = await db.statusUpdate.groupBy({
    by: ["milestoneId"],
    where: { source: { not: "import" }, milestone: { action: inPlans } },
    _max: { createdAt: true },
  });
  const persons = await db.person.findMany({
    select: { id: true, name: true, timeZone: true, nation: true, deputyId: true, awayUntil: true, slackUserId: true },
  });
  const conversations = await db.conversationRef.findMany({
    where: { kind: "personal", personId: { not: null } },
    orderBy: { updatedAt: "asc" },
    select: { personId: true, conversationId: true, serviceUrl: true },
  });
  const reminders = await db.reminder.findMany({
    where: { ...inPlans, plannedFor: { gte: q.since } },
    orderBy: [{ plannedFor: "asc" }, { dedupeKey: "asc" }],
    select: { dedupeKey: true, kind: true, recipientId: true, onBehalfOfId: true, milestoneIds: true, plannedFor: true },
  });
  return {
    plans,
    actions,
    sections,
    leads,
    milestones,
    owners,
    lastUpdates: grouped.map((u) => ({ milestoneId: u.milestoneId, at: u._max.createdAt })),
    persons,
    conversations: conversations.map((r) => ({ ...r, personId: r.personId as string })),
    reminders,
  };
}

const date = sqliteDate;

type Row = Record<string, unknown>;

// The relation filters as Prisma writes them (joins). Milestones and reminders are read in an explicit order (a
// reminder lists its items in the order read): the plan's order, on both databases. planner-rows.test.ts
// compares the two reads.
const PLANS = `(SELECT value FROM json_each(?))`;
const OF_ACTION = (t: string) => `LEFT JOIN "Action" AS a ON a."id" = ${t}."actionId" WHERE a."planId" IN ${PLANS} AND a."id" IS NOT NULL`;
const OF_MILESTONE = (t: string) =>
  `LEFT JOIN "Milestone" AS m ON m."id" = ${t}."milestoneId" LEFT JOIN "Action" AS a ON a."id" = m."actionId" WHERE a."planId" IN ${PLANS} AND a."id" IS NOT NULL AND m."id" IS NOT NULL`;

function readSqlite(c: BetterSqlite3.Database, q: RowsQuery): PlannerRows {
  const all = (sql: string, ...args: unknown[]) => statement(c, sql).all(...args) as Row[];
  const planRows = q.planKey
    ? all(`SELECT "id", "key", "name", "scale", "policyJson", "status", "liveFrom" FROM "Plan" WHERE "key" = ? ORDER BY "key"`, q.planKey)
    : all(`SELECT "id", "key", "name", "scale", "policyJson", "status", "liveFrom" FROM "Plan" ORDER BY "key"`);
  const ids = JSON.stringify(planRows.map((p) => p.id));
  const boards = all(
    `SELECT "id", "name", "chairId", "sectionsJson", "meetingsJson", "planId" FROM "Board" WHERE "planId" IN ${PLANS}`,
    ids,
  );
  const boardsOf = new Map<string, PlannerRows["plans"][number]["boards"]>();
  for (const b of boards) {
    const list = boardsOf.get(b.planId as string) ?? [];
    list.push({
      id: b.id as string,
      name: b.name as string,
      chairId: b.chairId as string | null,
      sectionsJson: b.sectionsJson as string | null,
      meetingsJson: b.meetingsJson as string,
    });
    boardsOf.set(b.planId as string, list);
  }
  const plans = planRows.map((p) => ({
    id: p.id as string,
    key: p.key as string,
    name: p.name as string,
    scale: p.scale as string,
    policyJson: p.policyJson as string | null,
    status: p.status as string,
    liveFrom: date(p.liveFrom),
    boards: boardsOf.get(p.id as string) ?? [],
  }));
  const inPlans = `"planId" IN ${PLANS}`;
  const actions = all(`SELECT "id", "planId", "ref", "handle", "title", "paused", "sectionId" FROM "Action" WHERE ${inPlans}`, ids).map(
    (a) => ({ ...a, paused: Boolean(a.paused) }),
  ) as PlannerRows["actions"];
  const sections = all(`SELECT "id", "label", "number" FROM "Section" WHERE ${inPlans}`, ids) as PlannerRows["sections"];
  const leads = all(`SELECT l."actionId", l."personId" FROM "ActionLead" AS l ${OF_ACTION("l")}`, ids) as PlannerRows["leads"];
  const milestones = all(
    `SELECT t."id", t."actionId", t."title", t."due", t."dueRaw", t."status", t."statusLabel", t."paused", t."unownedSince", t."snoozedUntil" FROM "Milestone" AS t ${OF_ACTION("t")} ORDER BY a."position", t."position", t."id"`,
    ids,
  ).map((m) => ({
    id: m.id as string,
    actionId: m.actionId as string,
    title: m.title as string,
    due: date(m.due),
    dueRaw: m.dueRaw as string | null,
    status: m.status as string,
    statusLabel: m.statusLabel as string | null,
    paused: Boolean(m.paused),
    unownedSince: date(m.unownedSince),
    snoozedUntil: date(m.snoozedUntil),
  }));
  const owners = all(`SELECT o."milestoneId", o."personId" FROM "MilestoneOwner" AS o ${OF_MILESTONE("o")}`, ids) as PlannerRows["owners"];
  const lastUpdates = all(
    `SELECT MAX(u."createdAt") AS "at", u."milestoneId" FROM "StatusUpdate" AS u ${OF_MILESTONE("u")} AND u."source" <> 'import' GROUP BY u."milestoneId"`,
    ids,
  ).map((u) => ({ milestoneId: u.milestoneId as string, at: date(u.at) }));
  const persons = all(`SELECT "id", "name", "timeZone", "nation", "deputyId", "awayUntil", "slackUserId" FROM "Person"`).map((p) => ({
    ...p,
    awayUntil: date(p.awayUntil),
  })) as PlannerRows["persons"];
  const conversations = all(
    `SELECT "personId", "conversationId", "serviceUrl" FROM "ConversationRef" WHERE "kind" = 'personal' AND "personId" IS NOT NULL ORDER BY "updatedAt"`,
  ) as PlannerRows["conversations"];
  const reminders = all(
    `SELECT "dedupeKey", "kind", "recipientId", "onBehalfOfId", "milestoneIds", "plannedFor" FROM "Reminder" WHERE ${inPlans} AND "plannedFor" >= ? ORDER BY "plannedFor", "dedupeKey"`,
    ids,
    sqliteDateText(q.since.toISOString()),
  ).map((r) => ({ ...r, plannedFor: date(r.plannedFor) as Date })) as PlannerRows["reminders"];
  return { plans, actions, sections, leads, milestones, owners, lastUpdates, persons, conversations, reminders };
}

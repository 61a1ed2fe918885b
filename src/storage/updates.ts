// Status updates (append-only history) and the milestone context a recorded update needs.
import type { StatusUpdate } from "../generated/sqlite/client.js";
import { bulkInsert, type Cols, targetOf } from "./bulk.js";
import type { Db, Tx } from "./db.js";

export type { StatusUpdate };

export interface MilestoneContext {
  id: string;
  title: string;
  dueRaw: string | null;
  due: Date | null;
  baselineDue: Date | null;
  revisedDue: Date | null;
  revisionCount: number;
  status: string;
  statusLabel: string | null;
  statusAt: Date | null;
  percentComplete: number | null;
  latestUpdate: string | null;
  impact: string | null;
  action: { id: string; ref: string | null; handle: string | null; title: string; section: { label: string } | null };
  plan: { id: string; key: string; name: string; scale: string; timeZone: string };
}

/** What a status answer needs of its milestone: the fields shown and compared, its action, section and plan. */
const CONTEXT_SELECT = {
  id: true,
  title: true,
  dueRaw: true,
  due: true,
  baselineDue: true,
  revisedDue: true,
  revisionCount: true,
  status: true,
  statusLabel: true,
  statusAt: true,
  percentComplete: true,
  latestUpdate: true,
  impact: true,
  action: {
    select: {
      id: true,
      ref: true,
      handle: true,
      title: true,
      section: { select: { label: true } },
      plan: { select: { id: true, key: true, name: true, scale: true, timeZone: true } },
    },
  },
} as const;

export async function milestoneContext(db: Db | Tx, milestoneId: string): Promise<MilestoneContext | null> {
  const m = await db.milestone.findUnique({ where: { id: milestoneId }, select: CONTEXT_SELECT });
  if (!m) return null;
  const { plan, ...action } = m.action;
  return { ...m, action, plan };
}

export function findUpdateByKey(db: Db | Tx, idempotencyKey: string) {
  return db.statusUpdate.findUnique({
    where: { idempotencyKey },
    include: { by: { select: { name: true, timeZone: true } }, onBehalfOf: { select: { name: true } } },
  });
}

export interface NewStatusUpdate {
  milestoneId: string;
  byId: string | null;
  onBehalfOfId: string | null;
  source: string;
  status: string;
  statusLabel: string | null;
  percentComplete: number | null;
  narrative: string | null;
  impact: string | null;
  evidenceUrl: string | null;
  revisedDue: Date | null;
  revisedReason: string | null;
  blockers: string | null;
  idempotencyKey: string | null;
  createdAt: Date;
}

export function createStatusUpdate(tx: Db | Tx, data: NewStatusUpdate): Promise<StatusUpdate> {
  return tx.statusUpdate.create({ data });
}

export interface MilestoneStatusPatch {
  status: string;
  statusLabel: string | null;
  statusAt: Date;
  percentComplete?: number;
  latestUpdate?: string;
  impact?: string;
  due?: Date;
  baselineDue?: Date;
  revisedDue?: Date;
  revisedReason?: string;
  revisionCount?: number;
}

export async function applyMilestoneStatus(tx: Db | Tx, milestoneId: string, patch: MilestoneStatusPatch): Promise<void> {
  await tx.milestone.update({ where: { id: milestoneId }, data: patch });
}

export function updatesOf(db: Db | Tx, milestoneId: string): Promise<StatusUpdate[]> {
  return db.statusUpdate.findMany({ where: { milestoneId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/** Newest update per milestone, with who made it (for exports and listings). */
export async function latestUpdatesByMilestone(
  db: Db | Tx,
  milestoneIds: string[],
): Promise<Map<string, StatusUpdate & { by: { name: string } | null }>> {
  const out = new Map<string, StatusUpdate & { by: { name: string } | null }>();
  const CHUNK = 500;
  for (let i = 0; i < milestoneIds.length; i += CHUNK) {
    const rows = await db.statusUpdate.findMany({
      where: { milestoneId: { in: milestoneIds.slice(i, i + CHUNK) } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      include: { by: { select: { name: true } } },
    });
    for (const r of rows) if (!out.has(r.milestoneId)) out.set(r.milestoneId, r);
  }
  return out;
}

// --- several answers at once (services/recordUpdates.ts) ---

/** milestoneContext for several milestones in one query (id -> context; missing ones are absent). */
export async function milestoneContexts(db: Db | Tx, milestoneIds: string[]): Promise<Map<string, MilestoneContext>> {
  const out = new Map<string, MilestoneContext>();
  if (milestoneIds.length === 0) return out;
  const rows = await db.milestone.findMany({ where: { id: { in: milestoneIds } }, select: CONTEXT_SELECT });
  for (const m of rows) {
    const { plan, ...action } = m.action;
    out.set(m.id, { ...m, action, plan });
  }
  return out;
}

export type PriorUpdate = NonNullable<Awaited<ReturnType<typeof findUpdateByKey>>>;

/** findUpdateByKey for several keys in one query (key -> update). */
export async function findUpdatesByKeys(db: Db | Tx, keys: string[]): Promise<Map<string, PriorUpdate>> {
  const out = new Map<string, PriorUpdate>();
  if (keys.length === 0) return out;
  const rows = await db.statusUpdate.findMany({
    where: { idempotencyKey: { in: keys } },
    include: { by: { select: { name: true, timeZone: true } }, onBehalfOf: { select: { name: true } } },
  });
  for (const r of rows) if (r.idempotencyKey) out.set(r.idempotencyKey, r);
  return out;
}

const STATUS_UPDATE_COLUMNS: Cols = {
  id: "text",
  milestoneId: "text",
  byId: "text",
  onBehalfOfId: "text",
  source: "text",
  status: "text",
  statusLabel: "text",
  percentComplete: "int",
  narrative: "text",
  impact: "text",
  evidenceUrl: "text",
  revisedDue: "date",
  revisedReason: "text",
  blockers: "text",
  idempotencyKey: "text",
  createdAt: "date",
};

/**
 * Appends several status updates in one statement, inside the caller's transaction (`db` names the database
 * for the raw SQL). A key already stored fails the statement (unique), and with it the transaction.
 */
export async function insertStatusUpdates(db: Db, tx: Tx, rows: (NewStatusUpdate & { id: string })[]): Promise<void> {
  await bulkInsert(tx, targetOf(db), "StatusUpdate", STATUS_UPDATE_COLUMNS, rows as unknown as Record<string, unknown>[]);
}

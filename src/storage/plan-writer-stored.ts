// What a re-import compares the file with, loaded a chunk at a time (plan-writer-milestones.ts): the stored
// milestones of some actions, each milestone's last imported status, and its owners. On SQLite these are read
// straight from the transaction's own connection (bulk.ts `direct`) with one JSON parameter per chunk: through
// Prisma each chunk's rows came back as a large JSON string plus objects, garbage only a full GC frees.
import { direct, param, sqliteDate, statement, type Target, table } from "./bulk.js";
import type { Tx } from "./db.js";

export interface StoredMilestone {
  id: string;
  actionId: string;
  key: string;
  title: string;
  position: number;
  sourceRow: number | null;
  dueRaw: string | null;
  due: Date | null;
  baselineDue: Date | null;
  revisedDue: Date | null;
  revisedReason: string | null;
  revisionCount: number;
  status: string;
  statusLabel: string | null;
  statusAt: Date | null;
  percentComplete: number | null;
  latestUpdate: string | null;
  impact: string | null;
}

export type LastImported = { milestoneId: string; status: string; statusLabel: string | null; narrative: string | null };

const COLUMNS = [
  "id",
  "actionId",
  "key",
  "title",
  "position",
  "sourceRow",
  "dueRaw",
  "due",
  "baselineDue",
  "revisedDue",
  "revisedReason",
  "revisionCount",
  "status",
  "statusLabel",
  "statusAt",
  "percentComplete",
  "latestUpdate",
  "impact",
] as const;
const DATES = ["due", "baselineDue", "revisedDue", "statusAt"] as const;

const IDS = `SELECT value FROM json_each(?)`;

export async function storedMilestones(tx: Tx, t: Target, actionIds: string[]): Promise<StoredMilestone[]> {
  const c = direct(t);
  if (!c) {
    const select = Object.fromEntries(COLUMNS.map((k) => [k, true])) as Record<(typeof COLUMNS)[number], true>;
    return tx.milestone.findMany({ where: { actionId: { in: actionIds } }, select });
  }
  const cols = COLUMNS.map((k) => `"${k}"`).join(", ");
  const rows = statement(c, `SELECT ${cols} FROM ${table(t, "Milestone")} WHERE "actionId" IN (${IDS})`).all(
    JSON.stringify(actionIds),
  ) as Record<string, unknown>[];
  for (const r of rows) for (const d of DATES) r[d] = sqliteDate(r[d]);
  return rows as unknown as StoredMilestone[];
}

/** Each given milestone's latest import update (big plans have several per milestone). */
export async function lastImportedOf(tx: Tx, t: Target, ids: string[]): Promise<Map<string, LastImported>> {
  const out = new Map<string, LastImported>();
  if (ids.length === 0) return out;
  const su = table(t, "StatusUpdate");
  const c = direct(t);
  const where = (list: string) =>
    `SELECT su."milestoneId", su."status", su."statusLabel", su."narrative" FROM ${su} su
     WHERE su."milestoneId" IN (${list}) AND su."source" = 'import' AND su."createdAt" =
       (SELECT MAX(s2."createdAt") FROM ${su} s2 WHERE s2."milestoneId" = su."milestoneId" AND s2."source" = 'import')`;
  const ups = c
    ? (statement(c, where(IDS)).all(JSON.stringify(ids)) as LastImported[])
    : await tx.$queryRawUnsafe<LastImported[]>(where(ids.map((_, i) => param(t, i + 1)).join(", ")), ...ids);
  for (const u of ups) out.set(u.milestoneId, u);
  return out;
}

/** "milestoneId|personId" of the given milestones' owners. */
export async function ownerPairsOf(tx: Tx, t: Target, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const c = direct(t);
  const rows = c
    ? (statement(c, `SELECT "milestoneId", "personId" FROM ${table(t, "MilestoneOwner")} WHERE "milestoneId" IN (${IDS})`).all(
        JSON.stringify(ids),
      ) as { milestoneId: string; personId: string }[])
    : await tx.milestoneOwner.findMany({ where: { milestoneId: { in: ids } }, select: { milestoneId: true, personId: true } });
  return new Set(rows.map((o) => `${o.milestoneId}|${o.personId}`));
}

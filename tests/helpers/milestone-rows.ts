// What an import wrote, milestone by milestone (plan order), for tests that compare two ways of importing the
// same plan: the action, the milestone's own columns, its owners and its updates.
import type { Db } from "../../src/storage/db.js";

export async function milestoneRows(db: Db) {
  const ms = await db.milestone.findMany({
    include: { action: { select: { key: true, handle: true, title: true } }, owners: { include: { person: true } }, updates: true },
    orderBy: { position: "asc" },
  });
  return ms.map((m) => ({
    action: m.action,
    key: m.key,
    title: m.title,
    due: m.due,
    status: m.status,
    statusLabel: m.statusLabel,
    position: m.position,
    sourceRow: m.sourceRow,
    owners: m.owners.map((o) => o.person.normName).sort(),
    updates: m.updates.map((u) => [u.status, u.statusLabel, u.narrative, u.createdAt.toISOString()]).sort(),
  }));
}

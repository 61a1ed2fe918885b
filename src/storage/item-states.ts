// The current state of the milestones a card lists: status, and the latest answer given in chat or the CLI
// (who, for whom, when). Read when a Teams card is shown again (core/cards/live.ts).
import type { ItemState } from "../core/cards/live.js";
import { isStatus, scaleOf } from "../core/status.js";
import type { Db, Tx } from "./db.js";

export async function itemStates(db: Db | Tx, milestoneIds: string[]): Promise<ItemState[]> {
  if (!milestoneIds.length) return [];
  const rows = await db.milestone.findMany({
    where: { id: { in: milestoneIds } },
    select: {
      id: true,
      status: true,
      statusLabel: true,
      action: { select: { plan: { select: { scale: true } } } },
      updates: {
        where: { source: { not: "import" } },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: 1,
        select: { createdAt: true, by: { select: { name: true } }, onBehalfOf: { select: { name: true } } },
      },
    },
  });
  const found = new Map(rows.map((r) => [r.id, r]));
  return milestoneIds.map((id): ItemState => {
    const r = found.get(id);
    if (!r) return { milestoneId: id, exists: false, scale: scaleOf(null), status: "unknown", statusLabel: null, latest: null };
    const u = r.updates[0];
    return {
      milestoneId: id,
      exists: true,
      scale: scaleOf(r.action.plan.scale),
      status: isStatus(r.status) ? r.status : "unknown",
      statusLabel: r.statusLabel,
      latest: u ? { byName: u.by?.name ?? null, onBehalfOfName: u.onBehalfOf?.name ?? null, at: u.createdAt } : null,
    };
  });
}

// The milestone step of an import (plan-writer.ts): new milestones with their RAG history, changed ones as one
// bulk UPDATE (a changed date is a revision: baselineDue is never overwritten), owners added, and a StatusUpdate
// (source "import") only where the file's status differs from what the last import recorded, so updates made
// in Slack or Teams since are not overwritten by an unchanged export.
import type { OwnerRef } from "../core/owners.js";
import type { PlanModel } from "../importer/records.js";
import { bulkInsert, bulkUpdate, param, type Target, table } from "./bulk.js";
import type { Tx } from "./db.js";
import {
  dayToDate,
  importedUpdate,
  LINK_OWNER,
  MILESTONE,
  MILESTONE_UPDATE,
  newId,
  STATUS_UPDATE,
  sameDate,
  type WriteCounts,
} from "./plan-writer-rows.js";

export interface MilestoneWriteContext {
  tx: Tx;
  target: Target;
  planId: string;
  model: PlanModel;
  now: Date;
  sourceFile: string;
  /** action key -> id (written by the action step) */
  actionIds: Map<string, string>;
  personOf: (o: OwnerRef) => string;
  counts: WriteCounts;
  tick: (n: number) => void;
}

export async function writeMilestones(c: MilestoneWriteContext): Promise<void> {
  const { tx, target, model, now, actionIds, personOf, counts, tick } = c;
  const existingMilestones = await tx.milestone.findMany({ where: { action: { planId: c.planId } } });
  const msByKey = new Map(existingMilestones.map((m) => [`${m.actionId}|${m.key}`, m]));
  // the last status each milestone got from an import: a re-import only records what changed in the file,
  // so updates made in Slack/Teams since are not overwritten by an unchanged export
  const lastImported = new Map<string, { status: string; statusLabel: string | null; narrative: string | null }>();
  if (existingMilestones.length > 0) {
    // only each milestone's latest import update (raw: big plans have several per milestone)
    const su = table(target, "StatusUpdate");
    const ups = await tx.$queryRawUnsafe<{ milestoneId: string; status: string; statusLabel: string | null; narrative: string | null }[]>(
      `SELECT su."milestoneId", su."status", su."statusLabel", su."narrative" FROM ${su} su
       JOIN ${table(target, "Milestone")} m ON m."id" = su."milestoneId"
       JOIN ${table(target, "Action")} a ON a."id" = m."actionId"
       WHERE a."planId" = ${param(target, 1)} AND su."source" = 'import' AND su."createdAt" =
         (SELECT MAX(s2."createdAt") FROM ${su} s2 WHERE s2."milestoneId" = su."milestoneId" AND s2."source" = 'import')`,
      c.planId,
    );
    for (const u of ups) lastImported.set(u.milestoneId, u);
  }
  const ownerPairs = new Set(
    (
      await tx.milestoneOwner.findMany({
        where: { milestone: { action: { planId: c.planId } } },
        select: { milestoneId: true, personId: true },
      })
    ).map((o) => `${o.milestoneId}|${o.personId}`),
  );
  const newMilestones: Record<string, unknown>[] = [];
  const changedMilestones: Record<string, unknown>[] = [];
  const newOwners: { milestoneId: string; personId: string; roleTitle: string | null }[] = [];
  const newUpdates: Record<string, unknown>[] = [];
  const baseTime = now.getTime();
  for (const m of model.milestones) {
    const actionId = actionIds.get(m.actionKey) as string;
    const old = msByKey.get(`${actionId}|${m.key}`);
    const due = dayToDate(m.due);
    const hasStatus = m.status !== "unknown" || m.statusLabel !== null || m.latestUpdate !== null;
    let milestoneId: string;
    if (!old) {
      milestoneId = newId();
      newMilestones.push({
        id: milestoneId,
        actionId,
        key: m.key,
        title: m.title,
        dueRaw: m.dueRaw,
        due,
        baselineDue: due,
        status: m.status,
        statusLabel: m.statusLabel,
        statusAt: hasStatus ? now : null,
        percentComplete: m.percentComplete,
        latestUpdate: m.latestUpdate,
        impact: m.impact,
        position: m.position,
        sourceRow: m.sourceRow,
        createdAt: now,
        updatedAt: now,
      });
      counts.milestones.created++;
      // earlier RAG periods first (ordered a millisecond apart), then the current status
      m.history.forEach((h, i) => {
        newUpdates.push({
          id: newId(),
          milestoneId,
          source: "import",
          status: h.status,
          statusLabel: h.label,
          narrative: `RAG ${h.period}`,
          createdAt: new Date(baseTime - (m.history.length - i)),
        });
      });
      if (hasStatus) newUpdates.push(importedUpdate(milestoneId, m, now));
    } else {
      milestoneId = old.id;
      const data: Record<string, unknown> = {};
      if (old.title !== m.title) data.title = m.title;
      if (old.position !== m.position) data.position = m.position;
      if (old.sourceRow !== m.sourceRow) data.sourceRow = m.sourceRow;
      // a changed date in a newer export is a revision: baselineDue is never overwritten
      if (old.dueRaw !== m.dueRaw) {
        data.dueRaw = m.dueRaw;
        if (!sameDate(old.baselineDue, due) || old.revisedDue) {
          data.revisedDue = due;
          data.revisedReason = `changed in import of ${c.sourceFile}`;
          data.revisionCount = old.revisionCount + 1;
          data.due = due ?? old.baselineDue;
        }
      }
      const last = lastImported.get(old.id);
      const fileChanged = last
        ? last.status !== m.status || last.statusLabel !== m.statusLabel || last.narrative !== m.latestUpdate
        : hasStatus && (old.status !== m.status || old.statusLabel !== m.statusLabel || old.latestUpdate !== m.latestUpdate);
      if (fileChanged) {
        data.status = m.status;
        data.statusLabel = m.statusLabel;
        data.statusAt = now;
        data.latestUpdate = m.latestUpdate;
        if (m.percentComplete !== null) data.percentComplete = m.percentComplete;
        if (m.impact !== null) data.impact = m.impact;
        newUpdates.push(importedUpdate(milestoneId, m, now));
      }
      if (Object.keys(data).length > 0) {
        // the full new row (old values where the file changed nothing) for one bulk UPDATE
        changedMilestones.push({
          id: old.id,
          title: old.title,
          position: old.position,
          sourceRow: old.sourceRow,
          dueRaw: old.dueRaw,
          due: old.due,
          revisedDue: old.revisedDue,
          revisedReason: old.revisedReason,
          revisionCount: old.revisionCount,
          status: old.status,
          statusLabel: old.statusLabel,
          statusAt: old.statusAt,
          percentComplete: old.percentComplete,
          latestUpdate: old.latestUpdate,
          impact: old.impact,
          ...data,
          updatedAt: now,
        });
      } else counts.milestones.unchanged++;
    }
    for (const o of m.owners) {
      const personId = personOf(o);
      const pair = `${milestoneId}|${personId}`;
      if (ownerPairs.has(pair)) continue;
      ownerPairs.add(pair);
      newOwners.push({ milestoneId, personId, roleTitle: o.roleTitle });
    }
  }
  await bulkInsert(tx, target, "Milestone", MILESTONE, newMilestones, tick);
  await bulkUpdate(tx, target, "Milestone", MILESTONE_UPDATE, changedMilestones);
  counts.milestones.updated = changedMilestones.length;
  await bulkInsert(tx, target, "MilestoneOwner", LINK_OWNER, newOwners);
  // an item disowned with "Not mine" is reassigned by a new owner in the plan: it is chased again
  const unowned = await tx.milestone.findMany({
    where: { unownedSince: { not: null }, action: { planId: c.planId } },
    select: { id: true },
  });
  if (unowned.length) {
    const gotOwner = new Set(newOwners.map((o) => o.milestoneId));
    const reassigned = unowned.map((m) => m.id).filter((id) => gotOwner.has(id));
    if (reassigned.length)
      await tx.milestone.updateMany({ where: { id: { in: reassigned } }, data: { unownedSince: null, unownedById: null } });
  }
  const perUpdate = newUpdates.length ? model.milestones.length / newUpdates.length : 0;
  await bulkInsert(tx, target, "StatusUpdate", STATUS_UPDATE, newUpdates, (n) => tick(Math.round(n * perUpdate)));
  counts.statusUpdates = newUpdates.length;
}

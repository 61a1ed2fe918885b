// The milestone step of an import (plan-writer.ts): new milestones with their RAG history, changed ones as bulk
// UPDATEs (a changed date is a revision: baselineDue is never overwritten), owners added, and a StatusUpdate
// (source "import") only where the file's status differs from what the last import recorded, so updates made
// in Slack or Teams since are not overwritten by an unchanged export.
// Bounded memory: the plan's milestones are compared and written a chunk at a time (CHUNK of the file's
// milestones, with only their actions' stored milestones, last imported statuses and owners loaded), so a
// 50,000-row re-import never holds every stored row as Prisma objects at once (that alone took 250 MB).
import type { OwnerRef } from "../core/owners.js";
import type { MilestoneModel, PlanModel } from "../importer/records.js";
import { bulkInsert, bulkUpdate, type Target } from "./bulk.js";
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
import { lastImportedOf, ownerPairsOf, storedMilestones } from "./plan-writer-stored.js";

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
  const { tx, model } = c;
  // nothing stored yet (a first import): no lookups at all
  const stored = await tx.milestone.count({ where: { action: { planId: c.planId } } });
  // an item disowned with "Not mine" is reassigned by a new owner in the plan: it is chased again
  const unowned = new Set(
    (
      await tx.milestone.findMany({
        where: { unownedSince: { not: null }, action: { planId: c.planId } },
        select: { id: true },
      })
    ).map((m) => m.id),
  );
  const reassigned: string[] = [];
  const gotOwner = (id: string) => {
    if (unowned.delete(id)) reassigned.push(id);
  };
  if (model.streamed) for await (const chunk of model.streamed.chunks()) await writeChunk(c, chunk, stored > 0, gotOwner);
  else
    for (let i = 0; i < model.milestones.length; i += CHUNK)
      await writeChunk(c, model.milestones.slice(i, i + CHUNK), stored > 0, gotOwner);
  for (let i = 0; i < reassigned.length; i += 500) {
    await tx.milestone.updateMany({
      where: { id: { in: reassigned.slice(i, i + 500) } },
      data: { unownedSince: null, unownedById: null },
    });
  }
}

/** Milestones of the file compared and written at a time (and the stored rows loaded for them). */
export const CHUNK = 500;

async function writeChunk(
  c: MilestoneWriteContext,
  chunk: MilestoneModel[],
  anyStored: boolean,
  gotOwner: (milestoneId: string) => void,
): Promise<void> {
  const { tx, target, now, actionIds, personOf, counts, tick } = c;
  for (const m of chunk) {
    // a streamed import reads the file again for its milestones: an action the first reading did not see means
    // the file changed in between (the transaction is rolled back)
    if (!actionIds.has(m.actionKey)) throw new Error("the plan file changed while it was being imported; nothing was written");
  }
  const chunkActions = [...new Set(chunk.map((m) => actionIds.get(m.actionKey) as string))];
  const existingMilestones = anyStored ? await storedMilestones(tx, target, chunkActions) : [];
  const msByKey = new Map(existingMilestones.map((m) => [`${m.actionId}|${m.key}`, m]));
  const matched = chunk.map((m) => msByKey.get(`${actionIds.get(m.actionKey)}|${m.key}`)?.id).filter((id): id is string => !!id);
  // the last status each milestone got from an import: a re-import only records what changed in the file,
  // so updates made in Slack/Teams since are not overwritten by an unchanged export
  const lastImported = await lastImportedOf(tx, target, matched);
  const ownerPairs = await ownerPairsOf(tx, target, matched);
  const newMilestones: Record<string, unknown>[] = [];
  const changedMilestones: Record<string, unknown>[] = [];
  const newOwners: { milestoneId: string; personId: string; roleTitle: string | null }[] = [];
  const newUpdates: Record<string, unknown>[] = [];
  const baseTime = now.getTime();
  for (const m of chunk) {
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
      gotOwner(milestoneId);
    }
  }
  await bulkInsert(tx, target, "Milestone", MILESTONE, newMilestones);
  await bulkUpdate(tx, target, "Milestone", MILESTONE_UPDATE, changedMilestones);
  counts.milestones.updated += changedMilestones.length;
  await bulkInsert(tx, target, "MilestoneOwner", LINK_OWNER, newOwners);
  await bulkInsert(tx, target, "StatusUpdate", STATUS_UPDATE, newUpdates);
  counts.statusUpdates += newUpdates.length;
  // the progress bar counts two steps per milestone (compared/written, then its owners and updates)
  tick(chunk.length * 2);
}

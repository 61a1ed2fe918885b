// Writes an imported plan model: upserts by stable keys (plan key, section label, action key, milestone key,
// person normName) so a re-import updates in place. Fast path for big files: existing rows are loaded once into
// maps, new rows go in with bulk JSON inserts (storage/bulk.ts) inside one transaction, and only changed rows are
// updated. Milestones are plan-writer-milestones.ts.

import { assignHandles } from "../core/handles.js";
import { initialsOf, normaliseName, type OwnerRef } from "../core/owners.js";
import type { PlanModel } from "../importer/records.js";
import { bulkInsert, bulkUpdate, targetOf } from "./bulk.js";
import type { Db, Tx } from "./db.js";
import { writeMilestones } from "./plan-writer-milestones.js";
import { ACTION, ACTION_FIELDS, dayToDate, LINK_LEAD, newId, PERSON, SECTION, sameDate, type WriteCounts } from "./plan-writer-rows.js";

export type { WriteCounts };

export interface WritePlanInput {
  key: string;
  name: string | null;
  sourceFile: string;
  model: PlanModel;
  now: Date;
  onProgress?: (done: number, total: number) => void;
}

async function findPeople(tx: Tx, normNames: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < normNames.length; i += 500) {
    const found = await tx.person.findMany({
      where: { normName: { in: normNames.slice(i, i + 500) } },
      select: { id: true, normName: true },
    });
    for (const p of found) out.set(p.normName, p.id);
  }
  return out;
}

export async function writePlanModel(db: Db, input: WritePlanInput): Promise<{ planId: string; counts: WriteCounts }> {
  const { model, now } = input;
  const counts: WriteCounts = {
    sections: { created: 0, updated: 0 },
    actions: { created: 0, updated: 0 },
    milestones: { created: 0, updated: 0, unchanged: 0 },
    people: { created: 0, matched: 0 },
    statusUpdates: 0,
  };
  const total = model.milestoneCount * 2 + model.actions.length + 1;
  let done = 0;
  const tick = (n: number) => {
    done += n;
    input.onProgress?.(Math.min(done, total), total);
  };

  const target = targetOf(db);
  const planId = await db.$transaction(
    async (tx) => {
      // plan
      const existing = await tx.plan.findUnique({ where: { key: input.key } });
      const plan = existing
        ? await tx.plan.update({
            where: { id: existing.id },
            data: { name: input.name ?? existing.name, scale: model.scale, sourceFile: input.sourceFile, importedAt: now },
          })
        : await tx.plan.create({
            // a new plan is a draft: nothing is sent until its officer runs `ragtime plan go-live`
            data: {
              key: input.key,
              name: input.name ?? input.key,
              scale: model.scale,
              sourceFile: input.sourceFile,
              importedAt: now,
              createdAt: now,
              status: "draft",
            },
          });

      // sections
      const sectionIds = new Map<string, string>();
      for (const s of await tx.section.findMany({ where: { planId: plan.id } })) {
        sectionIds.set(s.label, s.id);
        const m = model.sections.find((x) => x.label === s.label);
        if (m && (m.number !== s.number || m.title !== s.title || m.position !== s.position)) {
          await tx.section.update({ where: { id: s.id }, data: { number: m.number, title: m.title, position: m.position } });
          counts.sections.updated++;
        }
      }
      const newSections = model.sections.filter((s) => !sectionIds.has(s.label)).map((s) => ({ id: newId(), planId: plan.id, ...s }));
      for (const s of newSections) sectionIds.set(s.label, s.id);
      await bulkInsert(tx, target, "Section", SECTION, newSections);
      counts.sections.created = newSections.length;

      // people: matched by normalised name across rows and plans, never duplicated
      const refs = new Map<string, OwnerRef>();
      for (const a of model.actions) for (const l of a.leads) if (!refs.has(normaliseName(l.name))) refs.set(normaliseName(l.name), l);
      const owners = model.streamed ? model.streamed.owners : model.milestones.flatMap((m) => m.owners);
      for (const o of owners) if (!refs.has(normaliseName(o.name))) refs.set(normaliseName(o.name), o);
      refs.delete("");
      const personIds = await findPeople(tx, [...refs.keys()]);
      counts.people.matched = personIds.size;
      const newPeople = [...refs.entries()]
        .filter(([n]) => !personIds.has(n))
        .map(([normName, o]) => ({
          id: newId(),
          name: o.name,
          normName,
          initials: o.isPost ? null : initialsOf(o.name),
          roleTitle: o.roleTitle,
          isPost: o.isPost,
          createdAt: now,
          updatedAt: now,
        }));
      for (const p of newPeople) personIds.set(p.normName, p.id);
      await bulkInsert(tx, target, "Person", PERSON, newPeople);
      counts.people.created = newPeople.length;
      const personOf = (o: OwnerRef) => personIds.get(normaliseName(o.name)) as string;

      // actions
      const actionIds = new Map<string, string>();
      const existingActions = await tx.action.findMany({ where: { planId: plan.id } });
      const byKey = new Map(existingActions.map((a) => [a.key, a]));
      const newActions: Record<string, unknown>[] = [];
      const changedActions: Record<string, unknown>[] = [];
      const sectionNumber = new Map(model.sections.map((s) => [s.label, s.number]));
      const handles = assignHandles(
        model.actions.map((a) => ({
          key: a.key,
          ref: a.ref,
          sectionNumber: a.sectionLabel ? (sectionNumber.get(a.sectionLabel) ?? null) : null,
          existing: byKey.get(a.key)?.handle ?? null,
        })),
      );
      for (const a of model.actions) {
        const data = {
          sectionId: a.sectionLabel ? (sectionIds.get(a.sectionLabel) ?? null) : null,
          ref: a.ref,
          handle: handles.get(a.key) ?? null,
          title: a.title,
          outcome: a.outcome,
          successMeasures: a.successMeasures,
          recommendation: a.recommendation,
          startRaw: a.startRaw,
          start: dayToDate(a.start),
          extraJson: Object.keys(a.extra).length ? JSON.stringify(a.extra) : null,
          position: a.position,
        };
        const old = byKey.get(a.key);
        if (!old) {
          const id = newId();
          actionIds.set(a.key, id);
          newActions.push({ id, planId: plan.id, key: a.key, ...data });
          continue;
        }
        actionIds.set(a.key, old.id);
        const changed =
          old.sectionId !== data.sectionId ||
          old.ref !== data.ref ||
          old.handle !== data.handle ||
          old.title !== data.title ||
          old.outcome !== data.outcome ||
          old.successMeasures !== data.successMeasures ||
          old.recommendation !== data.recommendation ||
          old.startRaw !== data.startRaw ||
          !sameDate(old.start, data.start) ||
          old.extraJson !== data.extraJson ||
          old.position !== data.position;
        if (changed) changedActions.push({ id: old.id, ...data });
      }
      await bulkInsert(tx, target, "Action", ACTION, newActions, tick);
      await bulkUpdate(tx, target, "Action", ACTION_FIELDS, changedActions);
      counts.actions.created = newActions.length;
      counts.actions.updated = changedActions.length;

      // action leads (added when new; leads set by an admin are never removed by an import)
      const leadPairs = new Set(
        (await tx.actionLead.findMany({ where: { action: { planId: plan.id } }, select: { actionId: true, personId: true } })).map(
          (l) => `${l.actionId}|${l.personId}`,
        ),
      );
      const newLeads: { actionId: string; personId: string; roleTitle: string | null }[] = [];
      for (const a of model.actions) {
        const actionId = actionIds.get(a.key) as string;
        for (const l of a.leads) {
          const pair = `${actionId}|${personOf(l)}`;
          if (leadPairs.has(pair)) continue;
          leadPairs.add(pair);
          newLeads.push({ actionId, personId: personOf(l), roleTitle: l.roleTitle });
        }
      }
      await bulkInsert(tx, target, "ActionLead", LINK_LEAD, newLeads);

      await writeMilestones({ tx, target, planId: plan.id, model, now, sourceFile: input.sourceFile, actionIds, personOf, counts, tick });

      await tx.importRun.create({
        data: { planId: plan.id, file: input.sourceFile, rows: model.rows, errorsJson: JSON.stringify(model.errors), createdAt: now },
      });
      return plan.id;
    },
    { timeout: 600_000, maxWait: 60_000 },
  );
  input.onProgress?.(total, total);
  return { planId, counts };
}

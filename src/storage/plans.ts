// Writes an imported plan model: upserts by stable keys (plan key, section label, action key, milestone key,
// person normName) so a re-import updates in place. Fast path for big files: existing rows are loaded once into
// maps, new rows go in with bulk JSON inserts (storage/bulk.ts) inside one transaction, and only changed rows are updated.
import { randomUUID } from "node:crypto";
import { initialsOf, normaliseName, type OwnerRef } from "../core/owners.js";
import type { PlanModel } from "../importer/records.js";
import { bulkInsert, bulkUpdate, type Cols, param, table, targetOf } from "./bulk.js";
import type { Db, Tx } from "./db.js";

const SECTION: Cols = { id: "text", planId: "text", label: "text", number: "text", title: "text", position: "int" };
const PERSON: Cols = {
  id: "text",
  name: "text",
  normName: "text",
  initials: "text",
  roleTitle: "text",
  isPost: "bool",
  createdAt: "date",
  updatedAt: "date",
};
const ACTION_FIELDS: Cols = {
  sectionId: "text",
  ref: "text",
  title: "text",
  outcome: "text",
  successMeasures: "text",
  recommendation: "text",
  startRaw: "text",
  start: "date",
  extraJson: "text",
  position: "int",
};
const ACTION: Cols = { id: "text", planId: "text", key: "text", ...ACTION_FIELDS };
const LINK_LEAD: Cols = { actionId: "text", personId: "text", roleTitle: "text" };
const LINK_OWNER: Cols = { milestoneId: "text", personId: "text", roleTitle: "text" };
const MILESTONE_UPDATE: Cols = {
  title: "text",
  position: "int",
  sourceRow: "int",
  dueRaw: "text",
  due: "date",
  revisedDue: "date",
  revisedReason: "text",
  revisionCount: "int",
  status: "text",
  statusLabel: "text",
  statusAt: "date",
  percentComplete: "int",
  latestUpdate: "text",
  impact: "text",
  updatedAt: "date",
};
const MILESTONE: Cols = {
  id: "text",
  actionId: "text",
  key: "text",
  title: "text",
  dueRaw: "text",
  due: "date",
  baselineDue: "date",
  status: "text",
  statusLabel: "text",
  statusAt: "date",
  percentComplete: "int",
  latestUpdate: "text",
  impact: "text",
  position: "int",
  sourceRow: "int",
  createdAt: "date",
  updatedAt: "date",
};
const STATUS_UPDATE: Cols = {
  id: "text",
  milestoneId: "text",
  source: "text",
  status: "text",
  statusLabel: "text",
  percentComplete: "int",
  narrative: "text",
  impact: "text",
  createdAt: "date",
};

export interface WriteCounts {
  sections: { created: number; updated: number };
  actions: { created: number; updated: number };
  milestones: { created: number; updated: number; unchanged: number };
  people: { created: number; matched: number };
  statusUpdates: number;
}

export interface WritePlanInput {
  key: string;
  name: string | null;
  sourceFile: string;
  model: PlanModel;
  now: Date;
  onProgress?: (done: number, total: number) => void;
}

export function dayToDate(iso: string | null): Date | null {
  return iso ? new Date(`${iso}T00:00:00Z`) : null;
}

function sameDate(a: Date | null, b: Date | null): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null);
}

// Ids that sort in creation order (like Prisma's cuid): "c", the time, 8 random characters fixed per process,
// then a counter. Inserting in key order keeps SQLite's and PostgreSQL's B-tree inserts at the right edge, several
// times faster than random ids; the time + random prefix keeps ids from different processes apart.
const ID_RANDOM = randomUUID().replace(/-/g, "").slice(0, 8);
let idPrefix = "";
let idCounter = 0;
/** The StatusUpdate row (source "import") recording a milestone's status as the file states it. */
function importedUpdate(
  milestoneId: string,
  m: { status: string; statusLabel: string | null; percentComplete: number | null; latestUpdate: string | null; impact: string | null },
  now: Date,
): Record<string, unknown> {
  return {
    id: newId(),
    milestoneId,
    source: "import",
    status: m.status,
    statusLabel: m.statusLabel,
    percentComplete: m.percentComplete,
    narrative: m.latestUpdate,
    impact: m.impact,
    createdAt: now,
  };
}

function newId(): string {
  if (idCounter % 1_000_000 === 0) idPrefix = `c${Date.now().toString(36).padStart(9, "0")}${ID_RANDOM}`;
  idCounter++;
  return `${idPrefix}${(idCounter % 1_000_000).toString(36).padStart(4, "0")}`;
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
  const total = model.milestones.length * 2 + model.actions.length + 1;
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
            data: { key: input.key, name: input.name ?? input.key, scale: model.scale, sourceFile: input.sourceFile, importedAt: now },
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
      for (const m of model.milestones) for (const o of m.owners) if (!refs.has(normaliseName(o.name))) refs.set(normaliseName(o.name), o);
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
      for (const a of model.actions) {
        const data = {
          sectionId: a.sectionLabel ? (sectionIds.get(a.sectionLabel) ?? null) : null,
          ref: a.ref,
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

      // milestones
      const existingMilestones = await tx.milestone.findMany({ where: { action: { planId: plan.id } } });
      const msByKey = new Map(existingMilestones.map((m) => [`${m.actionId}|${m.key}`, m]));
      // the last status each milestone got from an import: a re-import only records what changed in the file,
      // so updates made in Slack/Teams since are not overwritten by an unchanged export
      const lastImported = new Map<string, { status: string; statusLabel: string | null; narrative: string | null }>();
      if (existingMilestones.length > 0) {
        // only each milestone's latest import update (raw: big plans have several per milestone)
        const su = table(target, "StatusUpdate");
        const ups = await tx.$queryRawUnsafe<
          { milestoneId: string; status: string; statusLabel: string | null; narrative: string | null }[]
        >(
          `SELECT su."milestoneId", su."status", su."statusLabel", su."narrative" FROM ${su} su
           JOIN ${table(target, "Milestone")} m ON m."id" = su."milestoneId"
           JOIN ${table(target, "Action")} a ON a."id" = m."actionId"
           WHERE a."planId" = ${param(target, 1)} AND su."source" = 'import' AND su."createdAt" =
             (SELECT MAX(s2."createdAt") FROM ${su} s2 WHERE s2."milestoneId" = su."milestoneId" AND s2."source" = 'import')`,
          plan.id,
        );
        for (const u of ups) lastImported.set(u.milestoneId, u);
      }
      const ownerPairs = new Set(
        (
          await tx.milestoneOwner.findMany({
            where: { milestone: { action: { planId: plan.id } } },
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
              data.revisedReason = `changed in import of ${input.sourceFile}`;
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
      const perUpdate = newUpdates.length ? model.milestones.length / newUpdates.length : 0;
      await bulkInsert(tx, target, "StatusUpdate", STATUS_UPDATE, newUpdates, (n) => tick(Math.round(n * perUpdate)));
      counts.statusUpdates = newUpdates.length;

      await tx.importRun.create({
        data: { planId: plan.id, file: input.sourceFile, rows: model.rows, errorsJson: JSON.stringify(model.errors) },
      });
      return plan.id;
    },
    { timeout: 600_000, maxWait: 60_000 },
  );
  input.onProgress?.(total, total);
  return { planId, counts };
}

/** Counts of everything an import writes for a plan (used by tests and the CLI summary). */
export async function planCounts(db: Db, planKey: string) {
  const plan = await db.plan.findUnique({ where: { key: planKey } });
  if (!plan) return null;
  const inPlan = { action: { planId: plan.id } };
  const [sections, actions, milestones, owners, leads, updates] = await Promise.all([
    db.section.count({ where: { planId: plan.id } }),
    db.action.count({ where: { planId: plan.id } }),
    db.milestone.count({ where: inPlan }),
    db.milestoneOwner.count({ where: { milestone: inPlan } }),
    db.actionLead.count({ where: inPlan }),
    db.statusUpdate.count({ where: { milestone: inPlan } }),
  ]);
  return { planId: plan.id, sections, actions, milestones, owners, leads, statusUpdates: updates };
}

/** The plan with this key, or null. */
export function findPlanByKey(db: Db | Tx, key: string) {
  return db.plan.findUnique({ where: { key } });
}

/** The plan with this key and its sections (to check the sections a board is given), or null. */
export function findPlanWithSections(db: Db | Tx, key: string) {
  return db.plan.findUnique({ where: { key }, include: { sections: true } });
}

/** The plan's actions with this ref (or key), in plan order, with their milestones and owners (id and name). */
export function actionsByRef(db: Db | Tx, planId: string, ref: string) {
  return db.action.findMany({
    where: { planId, OR: [{ ref }, { key: ref }] },
    include: { milestones: { include: { owners: { include: { person: { select: { id: true, name: true } } } } } } },
    orderBy: { position: "asc" },
  });
}

/** Pauses (or resumes) these actions; returns how many rows changed. */
export async function setActionsPaused(db: Db | Tx, actionIds: string[], paused: boolean): Promise<number> {
  const r = await db.action.updateMany({ where: { id: { in: actionIds } }, data: { paused } });
  return r.count;
}

// Writes imported indicators: upserts by (plan, key), targets by (indicator, date); values are append-only
// and a re-import adds a value only where the export's figure differs from the last imported one for that
// period, so values given in chat since are not overwritten by an unchanged export.
import { initialsOf, normaliseName } from "../core/owners.js";
import type { ScaleId } from "../core/status.js";
import type { IndicatorRecord } from "../importer/indicators/records.js";
import type { Db, Tx } from "./db.js";

export interface IndicatorWriteCounts {
  indicators: { created: number; updated: number };
  targets: number;
  values: { added: number; unchanged: number };
  sections: { created: number; matched: number };
  people: { created: number; matched: number };
}

export interface WriteIndicatorsInput {
  planKey: string;
  /** used when the plan is new */
  planName: string;
  scale: ScaleId;
  sourceFile: string;
  records: IndicatorRecord[];
  now: Date;
}

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

async function personFor(tx: Tx, name: string, counts: IndicatorWriteCounts, cache: Map<string, string>): Promise<string> {
  const norm = normaliseName(name);
  const cached = cache.get(norm);
  if (cached) return cached;
  const found = await tx.person.findUnique({ where: { normName: norm }, select: { id: true } });
  let id: string;
  if (found) {
    counts.people.matched++;
    id = found.id;
  } else {
    const created = await tx.person.create({ data: { name, normName: norm, initials: initialsOf(name) }, select: { id: true } });
    counts.people.created++;
    id = created.id;
  }
  cache.set(norm, id);
  return id;
}

export async function writeIndicators(db: Db, input: WriteIndicatorsInput): Promise<{ planId: string; counts: IndicatorWriteCounts }> {
  const { now } = input;
  const counts: IndicatorWriteCounts = {
    indicators: { created: 0, updated: 0 },
    targets: 0,
    values: { added: 0, unchanged: 0 },
    sections: { created: 0, matched: 0 },
    people: { created: 0, matched: 0 },
  };
  const planId = await db.$transaction(
    async (tx) => {
      const plan =
        (await tx.plan.findUnique({ where: { key: input.planKey } })) ??
        (await tx.plan.create({
          data: {
            key: input.planKey,
            name: input.planName,
            scale: input.scale,
            sourceFile: input.sourceFile,
            importedAt: now,
            createdAt: now,
          },
        }));
      const sections = await tx.section.findMany({ where: { planId: plan.id } });
      let position = sections.reduce((m, s) => Math.max(m, s.position + 1), 0);
      const sectionId = async (r: IndicatorRecord): Promise<string | null> => {
        if (!r.sectionLabel && !r.sectionNumber) return null;
        // the plan's own section with that number ("priority 2" is section 2 whatever the table calls it), else by label
        const hit =
          (r.sectionNumber ? sections.find((s) => s.number === r.sectionNumber) : undefined) ??
          sections.find((s) => s.label === r.sectionLabel);
        if (hit) {
          counts.sections.matched++;
          return hit.id;
        }
        const label = r.sectionLabel ?? `Priority ${r.sectionNumber}`;
        const created = await tx.section.create({
          data: { planId: plan.id, label, number: r.sectionNumber, title: r.sectionTitle ?? label, position: position++ },
        });
        sections.push(created);
        counts.sections.created++;
        return created.id;
      };
      const people = new Map<string, string>();
      const existing = new Map((await tx.indicator.findMany({ where: { planId: plan.id } })).map((i) => [i.key, i]));
      const ids = [...existing.values()].map((i) => i.id);
      // everything already stored for these indicators, loaded once (a re-import touches only what changed)
      const targets = new Map<string, { id: string; value: number | null; raw: string }>();
      const imported = new Map<string, number | null>();
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        for (const t of await tx.indicatorTarget.findMany({ where: { indicatorId: { in: chunk } } }))
          targets.set(`${t.indicatorId}|${t.date.toISOString().slice(0, 10)}`, t);
        for (const v of await tx.indicatorValue.findMany({
          where: { indicatorId: { in: chunk }, source: "import" },
          orderBy: { createdAt: "asc" },
          select: { indicatorId: true, period: true, value: true },
        }))
          imported.set(`${v.indicatorId}|${v.period}`, v.value);
      }
      const rows: { r: IndicatorRecord; data: Record<string, unknown> }[] = [];
      let pos = 0;
      for (const r of input.records) {
        rows.push({
          r,
          data: {
            sectionId: await sectionId(r),
            ref: r.ref,
            name: r.name,
            ownerId: r.owner ? await personFor(tx, r.owner, counts, people) : null,
            polarity: r.polarity,
            unit: r.unit,
            baselineValue: r.baseline?.value ?? null,
            baselineRaw: r.baseline?.raw ?? null,
            baselineDate: r.baseline?.date ? day(r.baseline.date) : null,
            comparatorName: r.comparator?.name ?? null,
            comparatorValue: r.comparator?.value ?? null,
            extraJson:
              Object.keys(r.extra).length || r.notes ? JSON.stringify({ ...r.extra, ...(r.notes ? { notes: r.notes } : {}) }) : null,
            position: pos++,
          },
        });
      }
      const idOf = new Map<string, string>();
      const fresh = rows.filter((x) => !existing.has(x.r.key));
      for (let i = 0; i < fresh.length; i += 200) {
        const made = await tx.indicator.createManyAndReturn({
          data: fresh
            .slice(i, i + 200)
            .map((x) => ({ ...(x.data as object), planId: plan.id, key: x.r.key, createdAt: now, updatedAt: now }) as never),
          select: { id: true, key: true },
        });
        for (const m of made) idOf.set(m.key, m.id);
      }
      counts.indicators.created += fresh.length;
      const same = (a: unknown, b: unknown) =>
        a instanceof Date || b instanceof Date ? String((a as Date)?.getTime?.()) === String((b as Date)?.getTime?.()) : a === b;
      for (const x of rows) {
        const old = existing.get(x.r.key);
        if (!old) continue;
        idOf.set(x.r.key, old.id);
        counts.indicators.updated++;
        // what an officer set with `ragtime indicators set` is theirs: the table does not overwrite it
        const data = withoutSetByHand(x.data, old.setByHand);
        const changed = Object.entries(data).some(([k, v]) => !same((old as Record<string, unknown>)[k], v));
        if (changed) await tx.indicator.update({ where: { id: old.id }, data: { ...(data as object), updatedAt: now } });
      }
      const newTargets: { indicatorId: string; date: Date; value: number | null; raw: string }[] = [];
      const newValues: {
        indicatorId: string;
        period: string;
        periodEnd: Date;
        value: number;
        raw: string;
        source: string;
        createdAt: Date;
      }[] = [];
      for (const { r } of rows) {
        const indicatorId = idOf.get(r.key) as string;
        const targetsByHand = setByHandFields(existing.get(r.key)?.setByHand ?? null).includes("targets");
        for (const t of targetsByHand ? [] : r.targets) {
          counts.targets++;
          const old = targets.get(`${indicatorId}|${t.date}`);
          if (!old) newTargets.push({ indicatorId, date: day(t.date), value: t.value, raw: t.raw });
          else if (old.value !== t.value || old.raw !== t.raw)
            await tx.indicatorTarget.update({ where: { id: old.id }, data: { value: t.value, raw: t.raw } });
        }
        for (const v of r.values) {
          if (imported.has(`${indicatorId}|${v.period}`) && imported.get(`${indicatorId}|${v.period}`) === v.value) {
            counts.values.unchanged++;
            continue;
          }
          newValues.push({
            indicatorId,
            period: v.period,
            periodEnd: day(v.periodEnd),
            value: v.value,
            raw: v.raw,
            source: "import",
            createdAt: now,
          });
        }
      }
      for (let i = 0; i < newTargets.length; i += 500) await tx.indicatorTarget.createMany({ data: newTargets.slice(i, i + 500) });
      for (let i = 0; i < newValues.length; i += 500) await tx.indicatorValue.createMany({ data: newValues.slice(i, i + 500) });
      counts.values.added += newValues.length;
      return plan.id;
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
  return { planId, counts };
}

/** columns behind each field name `ragtime indicators set` records in setByHand */
const SET_BY_HAND_COLUMNS: Record<string, string[]> = { owner: ["ownerId"], polarity: ["polarity"], unit: ["unit"] };

/** The field names in an indicator's setByHand JSON list (none when unset or unreadable). */
export function setByHandFields(setByHand: string | null): string[] {
  if (!setByHand) return [];
  try {
    const v: unknown = JSON.parse(setByHand);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

function withoutSetByHand(data: Record<string, unknown>, setByHand: string | null): Record<string, unknown> {
  const out = { ...data };
  for (const f of setByHandFields(setByHand)) for (const c of SET_BY_HAND_COLUMNS[f] ?? []) delete out[c];
  return out;
}

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
      let pos = 0;
      for (const r of input.records) {
        const data = {
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
          extraJson: Object.keys(r.extra).length || r.notes ? JSON.stringify({ ...r.extra, ...(r.notes ? { notes: r.notes } : {}) }) : null,
          position: pos++,
          updatedAt: now,
        };
        const old = existing.get(r.key);
        const ind = old
          ? await tx.indicator.update({ where: { id: old.id }, data })
          : await tx.indicator.create({ data: { ...data, planId: plan.id, key: r.key, createdAt: now } });
        if (old) counts.indicators.updated++;
        else counts.indicators.created++;
        for (const t of r.targets) {
          await tx.indicatorTarget.upsert({
            where: { indicatorId_date: { indicatorId: ind.id, date: day(t.date) } },
            create: { indicatorId: ind.id, date: day(t.date), value: t.value, raw: t.raw },
            update: { value: t.value, raw: t.raw },
          });
          counts.targets++;
        }
        if (r.values.length === 0) continue;
        const imported = await tx.indicatorValue.findMany({
          where: { indicatorId: ind.id, source: "import" },
          orderBy: { createdAt: "asc" },
          select: { period: true, value: true },
        });
        const lastImported = new Map(imported.map((v) => [v.period, v.value]));
        const fresh = r.values.filter((v) => lastImported.get(v.period) !== v.value);
        counts.values.unchanged += r.values.length - fresh.length;
        if (fresh.length) {
          await tx.indicatorValue.createMany({
            data: fresh.map((v) => ({
              indicatorId: ind.id,
              period: v.period,
              periodEnd: day(v.periodEnd),
              value: v.value,
              raw: v.raw,
              source: "import",
              createdAt: now,
            })),
          });
          counts.values.added += fresh.length;
        }
      }
      return plan.id;
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
  return { planId, counts };
}

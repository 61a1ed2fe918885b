// `ragtime indicators list|set`: a plan's indicators with their settings, and changing one indicator's owner,
// polarity, unit, tolerance, cadence and targets. The indicator is named by its ref ("OI3") or its name as the
// table writes it; an unknown one gets the closest names. Settings changed here are kept by a re-import.
import { closest, didYouMean } from "../core/closest.js";
import { IndicatorSettingError, parseSettings, type SettingsInput, settingNames } from "../core/indicators/settings.js";
import { isUnit, type Unit } from "../core/indicators/types.js";
import { formatValue } from "../core/indicators/units.js";
import { normaliseName } from "../core/owners.js";
import type { Db } from "../storage/db.js";
import { type IndicatorSettingsRow, indicatorSettingsRows, updateIndicatorSettings } from "../storage/indicator-settings.js";
import { setByHandFields } from "../storage/indicator-writer.js";
import { findPersonByNormName, listPersonNames } from "../storage/people.js";

export interface IndicatorSettingsView {
  id: string;
  plan: string;
  ref: string | null;
  name: string;
  section: string | null;
  owner: string | null;
  polarity: string | null;
  unit: Unit;
  /** null: the default band (5 points for %, 5% of the target otherwise) */
  tolerance: number | null;
  cadence: string;
  targets: { date: string; value: number | null; text: string }[];
  latest: { period: string; text: string } | null;
  /** fields set with `ragtime indicators set` (a re-import keeps them) */
  setByHand: string[];
}

const ymd = (d: Date) => d.toISOString().slice(0, 10);

function view(r: IndicatorSettingsRow): IndicatorSettingsView {
  const unit: Unit = isUnit(r.unit) ? r.unit : "number";
  const v = r.values[0];
  return {
    id: r.id,
    plan: r.plan.key,
    ref: r.ref,
    name: r.name,
    section: r.section?.label ?? null,
    owner: r.owner?.name ?? null,
    polarity: r.polarity,
    unit,
    tolerance: r.tolerance,
    cadence: r.cadence,
    targets: r.targets.map((t) => ({
      date: ymd(t.date),
      value: t.value,
      text: t.value === null ? t.raw || "TBC" : formatValue(t.value, unit),
    })),
    latest: v && v.value !== null ? { period: v.period, text: formatValue(v.value, unit) } : null,
    setByHand: setByHandFields(r.setByHand),
  };
}

export async function listIndicatorSettings(db: Db, planId: string): Promise<IndicatorSettingsView[]> {
  return (await indicatorSettingsRows(db, planId)).map(view);
}

const norm = (s: string | null | undefined) => (s ?? "").toLowerCase().replace(/\s+/g, " ").trim();
const label = (r: IndicatorSettingsRow) => (r.ref ? `${r.ref} ${r.name}` : r.name);

/** The one indicator a person means by a ref or name, or an error with the closest ones. */
function findIndicator(rows: IndicatorSettingsRow[], typed: string, planKey: string | undefined): IndicatorSettingsRow {
  const t = norm(typed);
  const hits = rows.filter((r) => norm(r.ref) === t || norm(r.name) === t || norm(label(r)) === t);
  if (hits.length === 1) return hits[0] as IndicatorSettingsRow;
  if (hits.length > 1) {
    const plans = [...new Set(hits.map((h) => h.plan.key))];
    throw new IndicatorSettingError(
      "indicators.ambiguous",
      `"${typed}" names ${hits.length} indicators: ${hits.map((h) => `${label(h)} (plan ${h.plan.key})`).join("; ")}`,
      plans.length > 1 ? `Add --plan ${plans.join(" or --plan ")}.` : "Give the indicator's full name or its ref.",
    );
  }
  const names = rows.flatMap((r) => (r.ref ? [r.ref, r.name] : [r.name]));
  const near = closest(typed, names);
  const where = planKey ? ` in plan "${planKey}"` : "";
  throw new IndicatorSettingError(
    "indicators.not_found",
    `no indicator called "${typed}"${where}.${near.length ? ` Did you mean ${near.map((n) => `"${n}"`).join(" or ")}?` : ""}`,
    `See \`ragtime indicators list --plan ${planKey ?? "<key>"}\` for the refs and names.`,
  );
}

export interface SetIndicatorResult {
  before: IndicatorSettingsView;
  after: IndicatorSettingsView;
  changed: string[];
}

/** Changes what was given on one indicator (of the plan, or of any plan when planId is not given). */
export async function setIndicatorSettings(
  db: Db,
  o: { handle: string; planId?: string; planKey?: string; input: SettingsInput },
  now: Date,
): Promise<SetIndicatorResult> {
  const rows = await indicatorSettingsRows(db, o.planId);
  if (rows.length === 0)
    throw new IndicatorSettingError(
      "indicators.not_found",
      o.planKey ? `plan "${o.planKey}" has no indicators` : "there are no indicators yet",
      "Import an indicator table first: `ragtime import <file> --plan <key> --indicators`.",
    );
  const row = findIndicator(rows, o.handle, o.planKey);
  const before = view(row);
  const parsed = parseSettings(o.input, before.unit);
  const changed = settingNames(parsed);
  if (changed.length === 0)
    throw new IndicatorSettingError(
      "indicators.bad_value",
      "nothing to set",
      "Give at least one of --owner, --polarity, --unit, --tolerance, --cadence or --target.",
    );
  let ownerId: string | null | undefined;
  if (parsed.owner !== undefined) ownerId = parsed.owner === null ? null : await ownerIdOf(db, parsed.owner);
  await updateIndicatorSettings(
    db,
    row.id,
    {
      ...(ownerId !== undefined ? { ownerId } : {}),
      ...(parsed.polarity !== undefined ? { polarity: parsed.polarity } : {}),
      ...(parsed.unit !== undefined ? { unit: parsed.unit } : {}),
      ...(parsed.tolerance !== undefined ? { tolerance: parsed.tolerance } : {}),
      ...(parsed.cadence !== undefined ? { cadence: parsed.cadence } : {}),
      ...(parsed.targets ? { targets: parsed.targets } : {}),
      setByHand: JSON.stringify([...new Set([...before.setByHand, ...changed])].sort()),
    },
    now,
  );
  const after = (await indicatorSettingsRows(db, o.planId)).find((r) => r.id === row.id) as IndicatorSettingsRow;
  return { before, after: view(after), changed };
}

async function ownerIdOf(db: Db, name: string): Promise<string> {
  const found = await findPersonByNormName(db, normaliseName(name));
  if (found) return found.id;
  const known = (await listPersonNames(db)).map((p) => p.name);
  throw new IndicatorSettingError(
    "indicators.unknown_person",
    `--owner: nobody called "${name}" is known.${didYouMean(name, known)}`,
    "Use the name as the plan or people file writes it (`ragtime people list`), or add the person with `ragtime people import`.",
  );
}

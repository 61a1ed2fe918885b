// What `ragtime indicators set` may change on an indicator, read from what an officer types: owner, polarity,
// unit, tolerance, cadence and targets by date. Each bad value is a UserError with its code and the fix. Pure.
import { UserError } from "../errors.js";
import { CADENCES, type Cadence, type Polarity, UNITS, type Unit } from "./types.js";
import { readValueCell, unitRange } from "./units.js";

export class IndicatorSettingError extends UserError {
  constructor(
    code: "indicators.bad_value" | "indicators.not_found" | "indicators.ambiguous" | "indicators.unknown_person",
    message: string,
    fix?: string,
  ) {
    super(code, message, fix);
  }
}

/** What was typed for each setting (undefined: leave it as it is). */
export interface SettingsInput {
  owner?: string;
  polarity?: string;
  unit?: string;
  tolerance?: string;
  cadence?: string;
  /** "<YYYY-MM-DD>=<value>" each, value a number or TBC */
  targets?: string[];
}

export interface ParsedSettings {
  /** a person's name, or null to clear */
  owner?: string | null;
  polarity?: Polarity;
  unit?: Unit;
  /** null: back to the default band */
  tolerance?: number | null;
  cadence?: Cadence;
  targets?: { date: string; value: number | null; raw: string }[];
}

const CLEAR = /^(none|clear|-)$/i;

const UNIT_WORDS: Record<string, Unit> = {
  "%": "percent",
  percent: "percent",
  percentage: "percent",
  rate10k: "rate10k",
  "rate per 10000": "rate10k",
  "rate per 10,000": "rate10k",
  "per 10000": "rate10k",
  "per 10k": "rate10k",
  count: "count",
  days: "days",
  day: "days",
  number: "number",
};

function bad(option: string, typed: string, expected: string): IndicatorSettingError {
  return new IndicatorSettingError("indicators.bad_value", `${option}: "${typed}" is not ${expected}`, `Give ${option} ${expected}.`);
}

function isRealDay(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** Reads every setting given; the first bad one throws. `unit` is the indicator's unit (for ranges). */
export function parseSettings(input: SettingsInput, currentUnit: Unit): ParsedSettings {
  const out: ParsedSettings = {};
  if (input.owner !== undefined) {
    const o = input.owner.trim();
    if (!o) throw bad("--owner", input.owner, "a person's name (or none)");
    out.owner = CLEAR.test(o) ? null : o;
  }
  if (input.polarity !== undefined) {
    const p = input.polarity.trim().toLowerCase();
    if (CLEAR.test(p)) out.polarity = null;
    else if (/^(higher|high|up|higher is better)$/.test(p)) out.polarity = "higher";
    else if (/^(lower|low|down|lower is better)$/.test(p)) out.polarity = "lower";
    else throw bad("--polarity", input.polarity, "higher or lower (which way is better), or none");
  }
  if (input.unit !== undefined) {
    const u = UNIT_WORDS[input.unit.trim().toLowerCase()];
    if (!u) throw bad("--unit", input.unit, `one of ${UNITS.join(", ")} (or %)`);
    out.unit = u;
  }
  const unit = out.unit ?? currentUnit;
  if (input.tolerance !== undefined) {
    const t = input.tolerance.trim();
    if (CLEAR.test(t) || /^default$/i.test(t)) out.tolerance = null;
    else {
      const r = readValueCell(t);
      if (r.kind !== "value" || r.value < 0)
        throw bad("--tolerance", input.tolerance, "a number of zero or more in the indicator's unit (or default)");
      out.tolerance = r.value;
    }
  }
  if (input.cadence !== undefined) {
    const c = input.cadence.trim().toLowerCase();
    if (!(CADENCES as readonly string[]).includes(c)) throw bad("--cadence", input.cadence, `one of ${CADENCES.join(", ")}`);
    out.cadence = c as Cadence;
  }
  if (input.targets?.length) {
    out.targets = input.targets.map((typed) => {
      const m = /^\s*(\d{4}-\d{2}-\d{2})\s*=\s*(.+?)\s*$/.exec(typed);
      if (!m || !isRealDay(m[1] as string))
        throw bad("--target", typed, "DATE=VALUE, e.g. 2018-03-31=90 (a real date, then a number or TBC)");
      const date = m[1] as string;
      const raw = m[2] as string;
      const r = readValueCell(raw);
      if (r.kind === "tbc") return { date, value: null, raw };
      if (r.kind !== "value") throw bad("--target", typed, "DATE=VALUE with a number or TBC as the value, e.g. 2018-03-31=90");
      const { min, max } = unitRange(unit);
      if (r.value < min || r.value > max) throw bad("--target", typed, `a value from ${min} to ${max} for this unit`);
      return { date, value: r.value, raw };
    });
  }
  return out;
}

/** the setting names that were given (for the setByHand list) */
export function settingNames(p: ParsedSettings): string[] {
  return (["owner", "polarity", "unit", "tolerance", "cadence", "targets"] as const).filter((k) => p[k] !== undefined);
}

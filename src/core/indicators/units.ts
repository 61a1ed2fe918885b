// Units of indicators: reading them from a name or a value, the range a value may take, how it is written.
import type { Polarity, Unit } from "./types.js";

/** The unit a name or a sample of values implies: "% ...", "... Days", "rate per 10,000", "Number of ...". */
export function unitFromText(name: string, samples: readonly string[] = []): Unit {
  const n = name.toLowerCase();
  if (/%|\bpercent(age)?\b/.test(n) || samples.some((s) => /%\s*$/.test(s.trim()))) return "percent";
  if (/per\s*10[, ]?000|rate per 10k|\b10k\b/.test(n)) return "rate10k";
  if (/\bdays?\b/.test(n)) return "days";
  if (/^(number|no\.?|count) of\b|\bnumber\b|\bvacanc/.test(n)) return "count";
  return "number";
}

/** The polarity a table cell states: "Higher is better", "High", "↑", "+", "Lower is better", "Low", "↓", "-". */
export function polarityFromCell(cell: string): Polarity {
  const c = cell.trim().toLowerCase();
  if (!c) return null;
  if (/^(higher|high|up|increase|bigger|more|\+|↑|▲)\b|^(higher|high) (is )?(better|good)|^↑|^▲|^\+$/.test(c)) return "higher";
  if (/^(lower|low|down|decrease|smaller|less|-|↓|▼)\b|^(lower|low) (is )?(better|good)|^↓|^▼|^-$/.test(c)) return "lower";
  return null;
}

/**
 * When the table does not say: the few cases the name makes plain. Time taken (days, weeks) and counts of
 * vacancies, agency staff, missing episodes or re-referrals are better lower; a % done "in time", "within",
 * "completed", "up to date", "seen", "judged good" is better higher. Anything else stays null (not guessed).
 */
export function polarityFromName(name: string, unit: Unit): Polarity {
  const n = name.toLowerCase();
  const lowerWords =
    /\b(vacanc\w*|agency|re-?referrals?|repeat|missing episodes|delay\w*)\b/.test(n) && !/offered|return interview/.test(n);
  if (lowerWords) return "lower";
  if (unit === "percent") {
    const done = /\b(in time|timely|within|completed|up to date|seen|good|met|offered|eet|circulated|no longer than)\b/;
    return done.test(n) || /\bin \d+ (working )?(days|weeks)\b/.test(n) ? "higher" : null;
  }
  if (unit === "days" || /\btimescale\b/.test(n)) return "lower";
  return null;
}

/** The range a value may take, for validation on the card. */
export function unitRange(unit: Unit): { min: number; max: number } {
  switch (unit) {
    case "percent":
      return { min: 0, max: 100 };
    case "rate10k":
      return { min: 0, max: 10_000 };
    case "count":
    case "days":
      return { min: 0, max: 1_000_000 };
    default:
      return { min: -1_000_000_000, max: 1_000_000_000 };
  }
}

export function unitLabel(unit: Unit): string {
  return { percent: "%", rate10k: "rate per 10,000", count: "count", days: "days", number: "number" }[unit];
}

/** 93.3 -> "93.3%", 215.5 -> "215.5 days", 4 -> "4"; null -> "—". */
export function formatValue(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const v = Number.isInteger(value) ? String(value) : String(Math.round(value * 10) / 10);
  if (unit === "percent") return `${v}%`;
  if (unit === "days") return `${v} days`;
  if (unit === "rate10k") return `${v} per 10k`;
  return v;
}

export type ValueReading = { kind: "value"; value: number } | { kind: "tbc" } | { kind: "blank" } | { kind: "text"; text: string };

/** A cell as written: "99.7%", "94.6", "1,234", "TBC", "" or words ("Do not record"). */
export function readValueCell(cell: string | null | undefined): ValueReading {
  const t = (cell ?? "").trim();
  if (!t) return { kind: "blank" };
  if (/^(tbc|tbd|n\/?a|to be confirmed|-|–)$/i.test(t)) return { kind: "tbc" };
  const m = /^([<>≤≥]=?\s*)?(-?[\d,]*\.?\d+)\s*(%|days?|per 10,?000)?$/i.exec(t);
  if (m) {
    const n = Number((m[2] as string).replace(/,/g, ""));
    if (Number.isFinite(n)) return { kind: "value", value: n };
  }
  return { kind: "text", text: t };
}

/** What a person typed on a card: "93.5", "93.5%", "1,204". Errors are written for the card. */
export function validateValueInput(raw: string | undefined, unit: Unit): { ok: true; value: number } | { ok: false; error: string } {
  const t = (raw ?? "").trim();
  if (!t) return { ok: false, error: "Enter a number." };
  const r = readValueCell(t);
  if (r.kind !== "value") return { ok: false, error: `"${t.slice(0, 40)}" is not a number. Enter digits only, e.g. 93.5.` };
  const { min, max } = unitRange(unit);
  if (r.value < min || r.value > max) {
    return { ok: false, error: unit === "percent" ? "A percentage is between 0 and 100." : `Enter a number from ${min} to ${max}.` };
  }
  if (unit === "count" && !Number.isInteger(r.value)) {
    return { ok: false, error: "A count is a whole number." };
  }
  return { ok: true, value: r.value };
}

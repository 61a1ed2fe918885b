// Performance indicators beside a plan's actions: what an indicator is, in plain data (no I/O).

export const UNITS = ["percent", "rate10k", "count", "days", "number"] as const;
export type Unit = (typeof UNITS)[number];

export const POLARITIES = ["higher", "lower"] as const;
/** which way is better; null when the table does not say and the name does not make it plain */
export type Polarity = (typeof POLARITIES)[number] | null;

export const CADENCES = ["monthly", "quarterly", "termly", "annual"] as const;
export type Cadence = (typeof CADENCES)[number];

export interface IndicatorTargetFact {
  /** YYYY-MM-DD */
  date: string;
  /** null when the plan writes "TBC" */
  value: number | null;
  raw: string;
}

export interface IndicatorValueFact {
  /** "2017-07", "2017/18" */
  period: string;
  /** YYYY-MM-DD, last day of the period */
  periodEnd: string;
  value: number | null;
  note?: string | null;
  by?: string | null;
  source: "import" | "slack" | "teams" | "cli";
  /** ISO instant it was recorded */
  at: string;
}

export interface IndicatorFacts {
  id: string;
  ref: string | null;
  name: string;
  sectionLabel: string | null;
  sectionNumber: string | null;
  owner: string | null;
  polarity: Polarity;
  unit: Unit;
  baseline: { value: number | null; date: string | null; raw: string | null } | null;
  comparator: { name: string; value: number | null } | null;
  tolerance: number | null;
  cadence: Cadence;
  targets: IndicatorTargetFact[];
  /** latest recorded value per period, any order */
  values: IndicatorValueFact[];
}

export function isUnit(u: string): u is Unit {
  return (UNITS as readonly string[]).includes(u);
}
export function isCadence(c: string): c is Cadence {
  return (CADENCES as readonly string[]).includes(c);
}
export function asPolarity(p: string | null | undefined): Polarity {
  return p === "higher" || p === "lower" ? p : null;
}

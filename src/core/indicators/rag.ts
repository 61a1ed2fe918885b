// Value vs target -> the plan's RAG, and direction of travel, both by polarity. Pure.
//
// Rule (higher is better; mirrored for lower): on or better than the target -> on track (Green, "3", ...);
// worse by no more than the tolerance -> at risk (Amber, "2", Orange); worse by more -> off track (Red, "1",
// At Risk). The tolerance is in the indicator's own unit (percentage points for %); when the indicator has
// none, it is 5 points for a percentage and 5% of the target otherwise. No target (or "TBC"), no value or no
// polarity -> no RAG ("unknown"), never a guess.
import { optionForStatus, type Scale, type Status, statusText } from "../status.js";
import type { IndicatorFacts, IndicatorTargetFact, IndicatorValueFact, Polarity, Unit } from "./types.js";

export function defaultTolerance(unit: Unit, target: number): number {
  return unit === "percent" ? 5 : Math.abs(target) * 0.05;
}

export interface IndicatorRag {
  status: Status;
  /** in the plan's own words ("Amber", "2 (started with some delay)", "Orange"); "No RAG" when unknown */
  label: string;
  /** why it is unknown */
  why?: "no_value" | "no_target" | "no_polarity";
}

export function ragOf(
  value: number | null | undefined,
  target: number | null | undefined,
  polarity: Polarity,
  tolerance: number | null | undefined,
  unit: Unit,
  scale: Scale,
): IndicatorRag {
  const unknown = (why: IndicatorRag["why"]): IndicatorRag => ({ status: "unknown", label: "No RAG", why });
  if (value === null || value === undefined) return unknown("no_value");
  if (target === null || target === undefined) return unknown("no_target");
  if (!polarity) return unknown("no_polarity");
  const tol = tolerance ?? defaultTolerance(unit, target);
  // how far the value is on the wrong side of the target (<= 0: on target or better)
  const shortfall = polarity === "higher" ? target - value : value - target;
  const status: Status = shortfall <= 1e-9 ? "on_track" : shortfall <= tol + 1e-9 ? "at_risk" : "off_track";
  const option = optionForStatus(scale, status);
  return { status, label: option ? statusText(scale, status, option.label) : statusText(scale, status) };
}

export type Direction = "improving" | "worsening" | "same" | "up" | "down" | "none";

/** Latest vs previous value: improving/worsening by polarity; up/down when polarity is not known. */
export function directionOf(previous: number | null | undefined, latest: number | null | undefined, polarity: Polarity): Direction {
  if (previous === null || previous === undefined || latest === null || latest === undefined) return "none";
  if (Math.abs(latest - previous) < 1e-9) return "same";
  const up = latest > previous;
  if (!polarity) return up ? "up" : "down";
  return up === (polarity === "higher") ? "improving" : "worsening";
}

export function directionArrow(d: Direction): string {
  return { improving: "↑ improving", worsening: "↓ worsening", same: "→ no change", up: "↗ up", down: "↘ down", none: "" }[d];
}

/** The target that applies on a date: the first target on or after it, else the last one before it. */
export function targetFor(targets: readonly IndicatorTargetFact[], date: string): IndicatorTargetFact | null {
  const sorted = [...targets].sort((a, b) => a.date.localeCompare(b.date));
  return sorted.find((t) => t.date >= date) ?? sorted[sorted.length - 1] ?? null;
}

/** Values sorted by period end, latest last; only the latest recording of each period counts. */
export function valueSeries(values: readonly IndicatorValueFact[]): IndicatorValueFact[] {
  const byPeriod = new Map<string, IndicatorValueFact>();
  for (const v of [...values].sort((a, b) => a.at.localeCompare(b.at))) byPeriod.set(v.period, v);
  return [...byPeriod.values()].filter((v) => v.value !== null).sort((a, b) => a.periodEnd.localeCompare(b.periodEnd));
}

export interface IndicatorStanding {
  latest: IndicatorValueFact | null;
  previous: IndicatorValueFact | null;
  target: IndicatorTargetFact | null;
  rag: IndicatorRag;
  direction: Direction;
}

/** Where an indicator stands: its latest value against the target for that period, and the way it moved. */
export function standingOf(ind: IndicatorFacts, scale: Scale): IndicatorStanding {
  const series = valueSeries(ind.values);
  const latest = series[series.length - 1] ?? null;
  const previous = series[series.length - 2] ?? null;
  const target = latest ? targetFor(ind.targets, latest.periodEnd) : null;
  return {
    latest,
    previous,
    target,
    rag: ragOf(latest?.value, target?.value, ind.polarity, ind.tolerance, ind.unit, scale),
    direction: directionOf(previous?.value, latest?.value, ind.polarity),
  };
}

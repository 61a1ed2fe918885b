// The indicators section of a board digest, as data: each indicator's latest value against its target with
// the plan's RAG and the direction of travel by polarity, which have no value for the period being reported,
// and the series for a small trend chart per priority. Pure.
import type { Tone } from "../cards/model.js";
import { optionForStatus, type Scale, type Status } from "../status.js";
import { type Period, periodOf, previousPeriod } from "./periods.js";
import { type Direction, directionArrow, standingOf, valueSeries } from "./rag.js";
import type { IndicatorFacts, Polarity, Unit } from "./types.js";
import { formatValue } from "./units.js";

export interface IndicatorRow {
  indicatorId: string;
  ref: string | null;
  name: string;
  /** "Priority 2" (the plan's own section word and number), or the label, or "Other indicators" */
  section: string;
  sectionNumber: string | null;
  owner: string | null;
  unit: Unit;
  polarity: Polarity;
  latest: { period: string; periodEnd: string; value: number; text: string } | null;
  target: { date: string; value: number | null; text: string } | null;
  status: Status;
  /** RAG in the plan's words, "No RAG" when there is no target, value or polarity */
  rag: string;
  tone: Tone;
  direction: Direction;
  /** "↑ improving", "↓ worsening", "→ no change", "↗ up" (no polarity), "" */
  arrow: string;
  /** no value yet for the period being reported */
  missing: boolean;
}

export interface IndicatorDigest {
  /** the period whose values the board expects: for monthly indicators, the month before the digest */
  period: { id: string; label: string };
  rows: IndicatorRow[];
  offTarget: number;
  missing: number;
  /** per section: points for its trend chart (the last 12 periods at most) */
  trends: { section: string; points: { indicator: string; period: string; periodEnd: string; value: number }[] }[];
}

/** The period a board reporting on `asOf` expects a value for: the last complete period before it. */
export function reportingPeriod(asOf: string, cadence: IndicatorFacts["cadence"]): Period {
  return previousPeriod(periodOf(asOf, cadence === "termly" ? "quarterly" : cadence));
}

function toneOf(scale: Scale, status: Status): Tone {
  return status === "unknown" ? "neutral" : (optionForStatus(scale, status)?.tone ?? "neutral");
}

export function buildIndicatorDigest(
  indicators: IndicatorFacts[],
  scale: Scale,
  asOf: string,
  sectionName: (ind: IndicatorFacts) => string,
): IndicatorDigest {
  const expected = reportingPeriod(asOf, "monthly");
  const rows: IndicatorRow[] = [];
  const trends = new Map<string, IndicatorDigest["trends"][number]["points"]>();
  for (const ind0 of indicators) {
    // only what the board could know on the day: values for periods that ended by then
    const ind = { ...ind0, values: ind0.values.filter((v) => v.periodEnd <= asOf) };
    const s = standingOf(ind, scale);
    const period = reportingPeriod(asOf, ind.cadence);
    const section = sectionName(ind);
    const latest = s.latest && s.latest.value !== null ? s.latest : null;
    rows.push({
      indicatorId: ind.id,
      ref: ind.ref,
      name: ind.name,
      section,
      sectionNumber: ind.sectionNumber,
      owner: ind.owner,
      unit: ind.unit,
      polarity: ind.polarity,
      latest: latest
        ? { period: latest.period, periodEnd: latest.periodEnd, value: latest.value as number, text: formatValue(latest.value, ind.unit) }
        : null,
      target: s.target
        ? {
            date: s.target.date,
            value: s.target.value,
            text: s.target.value === null ? s.target.raw || "TBC" : formatValue(s.target.value, ind.unit),
          }
        : null,
      status: s.rag.status,
      rag: s.rag.label,
      tone: toneOf(scale, s.rag.status),
      direction: s.direction,
      arrow: directionArrow(s.direction),
      missing: !latest || latest.periodEnd < period.end,
    });
    const pts = trends.get(section) ?? [];
    for (const v of valueSeries(ind.values).slice(-12))
      pts.push({
        indicator: ind.ref ? `${ind.ref} ${ind.name}` : ind.name,
        period: v.period,
        periodEnd: v.periodEnd,
        value: v.value as number,
      });
    trends.set(section, pts);
  }
  return {
    period: { id: expected.id, label: expected.label },
    rows,
    offTarget: rows.filter((r) => r.status === "off_track" || r.status === "at_risk").length,
    missing: rows.filter((r) => r.missing).length,
    trends: [...trends.entries()].filter(([, p]) => p.length > 0).map(([section, points]) => ({ section, points })),
  };
}

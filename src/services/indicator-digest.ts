// The indicators section of a board's digest (and of a board paper): facts from storage -> the pure section
// (core/indicators/digest.ts) -> card blocks and the trend chart. postDigest/renderDigest call these; a board
// paper export can call indicatorSectionFor + indicatorTableRow / indicatorTrendPng the same way.
import type { Card } from "../core/cards/model.js";
import { sectionShort } from "../core/digest/sections.js";
import { withIndicators } from "../core/indicators/card.js";
import { buildIndicatorDigest, type IndicatorDigest } from "../core/indicators/digest.js";
import { scaleOf } from "../core/status.js";
import type { Db } from "../storage/db.js";
import { loadIndicatorFacts } from "../storage/indicators.js";

export interface IndicatorScope {
  planId: string;
  scaleId: string;
  /** the plan's word for its sections ("Priority", "Theme") */
  sectionWord: string;
  /** section numbers in the board's scope; null = whole plan */
  sections: string[] | null;
  /** YYYY-MM-DD */
  asOf: string;
}

/** The indicators section as data, or undefined when the plan has no indicators in scope. */
export async function indicatorSectionFor(db: Db, scope: IndicatorScope): Promise<IndicatorDigest | undefined> {
  const all = await loadIndicatorFacts(db, scope.planId);
  const inScope = scope.sections ? all.filter((i) => i.sectionNumber !== null && scope.sections?.includes(i.sectionNumber)) : all;
  if (inScope.length === 0) return undefined;
  const names = new Map(inScope.map((i) => [i.id, i]));
  return buildIndicatorDigest(inScope, scaleOf(scope.scaleId), scope.asOf, (ind) => {
    const f = names.get(ind.id);
    if (!f?.sectionLabel) return "Other indicators";
    return sectionShort({ label: f.sectionLabel, number: f.sectionNumber, title: f.sectionTitle ?? f.sectionLabel }, scope.sectionWord);
  });
}

/** The card with the indicators section and its trend chart (a chart failure leaves the section without the image). */
export async function addIndicatorSection(
  card: Card,
  section: IndicatorDigest | undefined,
  asOf: string,
  onChartError?: (e: unknown) => void,
): Promise<Card> {
  if (!section) return card;
  let png: Buffer | null = null;
  try {
    const { indicatorTrendPng } = await import("../charts/indicatorTrends.js");
    png = await indicatorTrendPng(section);
  } catch (e) {
    onChartError?.(e);
  }
  return withIndicators(card, section, png ? { base64: png.toString("base64"), filename: `indicators-${asOf}.png` } : undefined);
}

// Answers indicator questions over the plans the asker may see (the same visibility as plan questions).
import type { Card } from "../core/cards/model.js";
import { sectionWordOf } from "../core/digest/sections.js";
import type { IndicatorRow } from "../core/indicators/digest.js";
import { formatValue } from "../core/indicators/units.js";
import { answerIndicatorQuery, type IndicatorQuery, matchIndicator, parseIndicatorQuestion } from "../core/questions/indicators.js";
import type { Db } from "../storage/db.js";
import { indicatorBaseline, planWithSectionLabels } from "../storage/indicators.js";
import { indicatorSectionFor } from "./indicator-digest.js";

export interface IndicatorAnswer {
  understood: true;
  query: IndicatorQuery;
  total: number;
  items: IndicatorRow[];
  text: string;
  card: Card;
}

async function rowsFor(db: Db, planIds: string[], asOf: string): Promise<IndicatorRow[]> {
  const out: IndicatorRow[] = [];
  for (const planId of planIds) {
    const plan = await planWithSectionLabels(db, planId);
    if (!plan) continue;
    const s = await indicatorSectionFor(db, {
      planId,
      scaleId: plan.scale,
      sectionWord: sectionWordOf(plan.sections),
      sections: null,
      asOf,
    });
    if (s) out.push(...s.rows);
  }
  return out;
}

/**
 * The answer when the question is about indicators, else null (the plan questions answer it). A "how is …
 * doing" is taken only when its words name an indicator, so "how is N7 going" still reaches the action.
 */
export async function answerIndicatorQuestion(db: Db, text: string, planIds: string[], asOf: string): Promise<IndicatorAnswer | null> {
  const q = parseIndicatorQuestion(text);
  if (!q) return null;
  const rows = await rowsFor(db, planIds, asOf);
  if (q.kind === "indicator_how" && !matchIndicator(rows, q.text)) return null;
  const facts = q.kind === "indicator_how" ? await detailOf(db, matchIndicator(rows, q.text)) : () => [];
  const a = answerIndicatorQuery(q, rows, facts);
  const body = a.lines.join("\n");
  const full = body ? `${a.lead}\n${body}` : a.lead;
  const items = q.kind === "indicator_how" ? rows.filter((r) => r === matchIndicator(rows, q.text)) : rows;
  return {
    understood: true,
    query: q,
    total: a.total,
    items,
    text: full,
    card: {
      purpose: "answer",
      title: a.lead,
      fallback: full,
      blocks: [{ type: "text", text: a.lead }, ...(body ? [{ type: "text" as const, text: body }] : [])],
    },
  };
}

async function detailOf(db: Db, row: IndicatorRow | null): Promise<(r: IndicatorRow) => string[]> {
  if (!row) return () => [];
  const ind = await indicatorBaseline(db, row.indicatorId);
  return (r) => {
    const lines: string[] = [];
    if (ind?.baselineValue !== null && ind?.baselineValue !== undefined) lines.push(`Baseline ${formatValue(ind.baselineValue, r.unit)}.`);
    if (ind?.comparatorName && ind.comparatorValue !== null)
      lines.push(`${ind.comparatorName}: ${formatValue(ind.comparatorValue, r.unit)}.`);
    if (r.owner) lines.push(`Owner: ${r.owner}.`);
    if (!r.polarity) lines.push("No polarity is set, so no RAG or direction of travel.");
    return lines;
  };
}

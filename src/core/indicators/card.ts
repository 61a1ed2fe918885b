// The indicators section as card blocks, appended to a digest card (or any board card, e.g. the board paper's
// chat preview). Plain text only: each renderer escapes for its platform.
import type { Card, CardBlock } from "../cards/model.js";
import type { IndicatorDigest, IndicatorRow } from "./digest.js";

const SHOWN = 12;

function targetText(r: IndicatorRow): string {
  if (!r.target) return "no target";
  return `${r.target.text} by ${r.target.date}`;
}

/** One row of the board table: indicator, latest (period), target, RAG, direction. Used by the card and exports. */
export function indicatorTableRow(r: IndicatorRow): string[] {
  return [
    r.ref ? `${r.ref} ${r.name}` : r.name,
    r.latest ? `${r.latest.text} (${r.latest.period})` : "no value yet",
    targetText(r),
    r.rag,
    r.arrow || "–",
  ];
}

export const INDICATOR_TABLE_COLUMNS = ["Indicator", "Latest", "Target", "RAG", "Direction"];

/** Card blocks for the indicators section (heading, chart, table by section, missing values). */
export function indicatorBlocks(d: IndicatorDigest, opts: { chartAttachment?: string } = {}): CardBlock[] {
  if (d.rows.length === 0) return [];
  const blocks: CardBlock[] = [
    { type: "divider" },
    { type: "heading", text: `Indicators (${d.rows.length})` },
    {
      type: "text",
      text: `${d.offTarget} off or near target; ${d.missing} with no value for ${d.period.label} yet.`,
    },
  ];
  if (opts.chartAttachment)
    blocks.push({ type: "image", attachment: opts.chartAttachment, alt: "Indicator trends by priority", title: "Indicator trends" });
  const sections = [...new Set(d.rows.map((r) => r.section))];
  for (const s of sections) {
    const rows = d.rows.filter((r) => r.section === s);
    blocks.push({ type: "context", text: s });
    blocks.push({ type: "table", columns: INDICATOR_TABLE_COLUMNS, rows: rows.slice(0, SHOWN).map(indicatorTableRow) });
    if (rows.length > SHOWN) blocks.push({ type: "context", text: `…and ${rows.length - SHOWN} more in ${s}.` });
  }
  const missing = d.rows.filter((r) => r.missing);
  if (missing.length) {
    const names = missing.slice(0, SHOWN).map((r) => `• ${r.ref ? `${r.ref} ` : ""}${r.name}${r.owner ? ` (${r.owner})` : ""}`);
    if (missing.length > SHOWN) names.push(`…and ${missing.length - SHOWN} more.`);
    blocks.push({ type: "heading", text: `No value for ${d.period.label} (${missing.length})` }, { type: "text", text: names.join("\n") });
  }
  return blocks;
}

/**
 * The digest card with the indicators section added before its closing context line, and the trend chart
 * attached (key "indicator_trends") when given. The card is otherwise unchanged.
 */
export function withIndicators(card: Card, d: IndicatorDigest | undefined, trendPng?: { base64: string; filename: string }): Card {
  if (!d || d.rows.length === 0) return card;
  const blocks = indicatorBlocks(d, trendPng ? { chartAttachment: "indicator_trends" } : {});
  const last = card.blocks[card.blocks.length - 1];
  const closing = last?.type === "context" ? [last] : [];
  const body = closing.length ? card.blocks.slice(0, -1) : card.blocks;
  const out: Card = {
    ...card,
    blocks: [...body, ...blocks, ...closing],
    ...(trendPng
      ? {
          attachments: [
            ...(card.attachments ?? []),
            { key: "indicator_trends", filename: trendPng.filename, mimeType: "image/png", base64: trendPng.base64 },
          ],
        }
      : {}),
  };
  out.fallback = `${card.fallback}\nIndicators: ${d.rows.length} (${d.offTarget} off or near target, ${d.missing} with no value for ${d.period.label})`;
  return out;
}

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

const MAIN = 5;

function label(r: IndicatorRow): string {
  return r.ref ? `${r.ref} ${r.name}` : r.name;
}

/**
 * Card blocks for the indicators section of the main message, kept short (phone first): the counts, the
 * trend chart, up to 5 indicators off or near target and up to 5 with no value for the period. The full
 * tables by section are indicatorThread's.
 */
export function indicatorBlocks(d: IndicatorDigest, opts: { chartAttachment?: string } = {}): CardBlock[] {
  if (d.rows.length === 0) return [];
  const blocks: CardBlock[] = [
    { type: "divider" },
    { type: "heading", text: `Indicators (${d.rows.length})` },
    {
      type: "text",
      text: `${d.offTarget} off or near target; ${d.missing} with no value for ${d.period.label} yet. Every indicator is in the thread.`,
    },
  ];
  if (opts.chartAttachment)
    blocks.push({ type: "image", attachment: opts.chartAttachment, alt: "Indicator trends by priority", title: "Indicator trends" });
  const off = d.rows.filter((r) => r.status === "off_track" || r.status === "at_risk");
  if (off.length) {
    const lines = off
      .slice(0, MAIN)
      .map((r) => `• ${label(r)}: ${r.latest?.text ?? "—"} vs ${r.target?.text ?? "no target"} — ${r.rag}${r.arrow ? `, ${r.arrow}` : ""}`);
    if (off.length > MAIN) lines.push(`…and ${off.length - MAIN} more in the thread.`);
    blocks.push({ type: "text", text: `Off or near target:\n${lines.join("\n")}` });
  }
  const missing = d.rows.filter((r) => r.missing);
  if (missing.length) {
    const names = missing.slice(0, MAIN).map((r) => `• ${label(r)}${r.owner ? ` (${r.owner})` : ""}`);
    if (missing.length > MAIN) names.push(`…and ${missing.length - MAIN} more in the thread.`);
    blocks.push({ type: "text", text: `No value for ${d.period.label} (${missing.length}):\n${names.join("\n")}` });
  }
  return blocks;
}

/** The full section as thread cards: one table per section (indicator, latest, target, RAG, direction). */
export function indicatorThread(d: IndicatorDigest): Card[] {
  const out: Card[] = [];
  for (const s of [...new Set(d.rows.map((r) => r.section))]) {
    const rows = d.rows.filter((r) => r.section === s);
    for (let i = 0; i < rows.length; i += SHOWN) {
      const part = rows.slice(i, i + SHOWN);
      const title = `Indicators — ${s}${rows.length > SHOWN ? ` (${i + 1} to ${i + part.length} of ${rows.length})` : ""}`;
      const table = part.map(indicatorTableRow);
      out.push({
        purpose: "digest_indicators",
        title,
        fallback: `${title}\n${table.map((r) => r.join(" | ")).join("\n")}`,
        blocks: [
          { type: "heading", text: title },
          { type: "table", columns: INDICATOR_TABLE_COLUMNS, rows: table },
        ],
      });
    }
  }
  return out;
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
    thread: [...(card.thread ?? []), ...indicatorThread(d)],
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

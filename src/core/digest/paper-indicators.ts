// The board paper's indicators section, from the indicators section of the stored digest (the same model the
// chat digest renders): one table per priority (indicator, owner, latest value and period, target, RAG in the
// plan's words, direction of travel by polarity) with its trend chart, then the indicators with no value for the
// period being reported. Plain tables; the PNG of each chart is drawn outside core (services/boardPaper.ts).
import { INDICATOR_TABLE_COLUMNS, indicatorTableRow } from "../indicators/card.js";
import type { IndicatorDigest, IndicatorRow } from "../indicators/digest.js";
import { optionForStatus, scaleOf } from "../status.js";
import { statusColor } from "./card.js";
import { type PaperCell, type PaperTable, safeCell as safe } from "./paper-cells.js";

export interface PaperChart {
  /** the section the chart belongs to ("Priority 2") */
  section: string;
  png: Uint8Array;
  /** pixel size of the PNG */
  width: number;
  height: number;
}

export interface PaperIndicatorSection {
  section: string;
  table: PaperTable;
  /** drawn by the service when the section has values to plot */
  chart?: PaperChart;
}

export interface PaperIndicators {
  title: string;
  /** "21 indicators; 3 off or near target; 5 with no value for Dec 2017" */
  intro: string;
  sections: PaperIndicatorSection[];
  missing: PaperTable;
}

const DARK = new Set(["#c62828", "#2e7d32", "#1565c0"]);

function ragCell(r: IndicatorRow, scaleId: string, text: string): PaperCell {
  if (r.status === "unknown") return { text: safe(text) };
  const option = optionForStatus(scaleOf(scaleId), r.status);
  const fill = statusColor(scaleId, { key: option?.id ?? r.status, tone: r.tone });
  return { text: safe(text), fill, light: DARK.has(fill) };
}

const COLUMNS = [
  { header: INDICATOR_TABLE_COLUMNS[0] as string, width: 4 },
  { header: "Owner", width: 1.8 },
  { header: INDICATOR_TABLE_COLUMNS[1] as string, width: 1.8 },
  { header: INDICATOR_TABLE_COLUMNS[2] as string, width: 1.8 },
  { header: INDICATOR_TABLE_COLUMNS[3] as string, width: 1.6 },
  { header: INDICATOR_TABLE_COLUMNS[4] as string, width: 1.4 },
];

/** Sections in the plan's order (by number, "2" before "10"), indicators without a section last. */
function sectionOrder(rows: IndicatorRow[]): string[] {
  const num = new Map<string, string | null>();
  for (const r of rows) if (!num.has(r.section)) num.set(r.section, r.sectionNumber);
  return [...num.keys()].sort((a, b) => {
    const x = num.get(a);
    const y = num.get(b);
    if (!x || !y) return x ? -1 : y ? 1 : 0;
    return x.localeCompare(y, "en", { numeric: true });
  });
}

/** The section's tables, or undefined when the board's scope has no indicators. */
export function paperIndicators(d: IndicatorDigest | undefined, scaleId: string): PaperIndicators | undefined {
  if (!d || d.rows.length === 0) return undefined;
  const sections = sectionOrder(d.rows).map((section, i) => {
    const rows = d.rows.filter((r) => r.section === section);
    const table: PaperTable = {
      key: `indicators_${i + 1}`,
      title: `Indicators — ${section}`,
      columns: COLUMNS,
      rows: rows.map((r) => {
        const [name, latest, target, rag, direction] = indicatorTableRow(r) as [string, string, string, string, string];
        return [
          { text: safe(name) },
          { text: safe(r.owner ?? "—") },
          { text: safe(latest) },
          { text: safe(target) },
          ragCell(r, scaleId, rag),
          { text: safe(direction) },
        ];
      }),
      empty: "No indicators.",
    };
    return { section, table };
  });
  const missingRows = d.rows.filter((r) => r.missing);
  const missing: PaperTable = {
    key: "indicators_missing",
    title: `Indicators with no value for ${d.period.label}`,
    columns: [
      { header: "Indicator", width: 4 },
      { header: "Section", width: 2 },
      { header: "Owner", width: 2 },
      { header: "Latest value", width: 2.4 },
    ],
    rows: missingRows.map((r) => [
      { text: safe(r.ref ? `${r.ref} ${r.name}` : r.name) },
      { text: safe(r.section) },
      { text: safe(r.owner ?? "no owner") },
      { text: safe(r.latest ? `${r.latest.text} (${r.latest.period})` : "no value yet") },
    ]),
    empty: `Every indicator has a value for ${d.period.label}.`,
  };
  const n = d.rows.length;
  return {
    title: "Indicators — latest value against target",
    intro: `${n} indicator${n === 1 ? "" : "s"}; ${d.offTarget} off or near target; ${d.missing} with no value for ${d.period.label}. RAG is the value against its target by polarity; direction of travel is the latest value against the one before.`,
    sections,
    missing,
  };
}

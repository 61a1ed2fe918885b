// The indicator table in a file: the importer's reader (CSV/XLSX/DOCX -> tables), then the first table that
// reads as an indicator table (detect.ts); a file with none gives its first table, for the error message.
import { readSource } from "../read.js";
import { detectIndicatorHeader, type IndicatorHeader } from "./detect.js";

export interface IndicatorGrid {
  rows: string[][];
  /** where the table came from ("file", 'sheet "KPIs"', "table 2") */
  source: string;
  header: IndicatorHeader | null;
}

export async function readIndicatorGrid(file: string, opts: { sheet?: string; fyStart?: number | null } = {}): Promise<IndicatorGrid> {
  const src = await readSource(file, { sheet: opts.sheet });
  for (const t of src.tables) {
    const header = detectIndicatorHeader(t.rows, { fyStart: opts.fyStart ?? null });
    if (header) return { rows: t.rows, source: t.source, header };
  }
  const first = src.tables[0];
  return { rows: first?.rows ?? [], source: first?.source ?? "file", header: null };
}

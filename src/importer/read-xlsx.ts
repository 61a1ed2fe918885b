// XLSX plans (exceljs, loaded on first use: importing it costs ~2 s, which every CLI command would otherwise
// pay). Every sheet is a table; merged cells: a merged parent cell fills down (exceljs repeats the parent's
// value into the merged cells), a cell merged across is kept once, and a row merged across the whole table is
// a heading inside it.
import type ExcelJS from "exceljs";
import { ImportError } from "./errors.js";
import type { Source, SourceTable } from "./tables.js";

export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    const v = value as unknown as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as { text: string }[]).map((t) => t.text).join("");
    if ("result" in v) return cellText(v.result as ExcelJS.CellValue);
    if ("text" in v) return cellText(v.text as ExcelJS.CellValue);
    return "";
  }
  return String(value);
}

function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function parseRange(range: string): { top: number; left: number; bottom: number; right: number } | null {
  const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(range);
  if (!m) return null;
  return { left: colIndex(m[1] as string), top: Number(m[2]) - 1, right: colIndex(m[3] as string), bottom: Number(m[4]) - 1 };
}

function sheetTable(ws: ExcelJS.Worksheet): SourceTable {
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const values = row.values as ExcelJS.CellValue[];
    const out: string[] = [];
    for (let i = 1; i < values.length; i++) out.push(cellText(values[i] as ExcelJS.CellValue).replace(/\r\n?/g, "\n"));
    rows[n - 1] = out;
  });
  const merges = (ws.model as unknown as { merges?: string[] }).merges ?? [];
  return mergedTable(rows, merges, ws.name);
}

/**
 * A sheet's grid (exceljs has repeated each merged parent's value into its merged cells) and its merges: a
 * cell merged across is kept once, and a row merged across the whole table is a heading (a band) inside it.
 */
export function mergedTable(rows: string[][], mergeRefs: string[], name: string): SourceTable {
  for (let i = 0; i < rows.length; i++) if (!rows[i]) rows[i] = [];
  const width = Math.max(0, ...rows.map((r) => r.length));
  const bands = new Map<number, string>();
  const merges = mergeRefs.map(parseRange);
  for (const m of merges) {
    if (!m) continue;
    for (let r = m.top; r <= m.bottom; r++) {
      const row = rows[r];
      if (!row) continue;
      for (let c = m.left + 1; c <= m.right; c++) if (c < row.length) row[c] = "";
    }
    const row = rows[m.top] ?? [];
    const alone = row.every((v, c) => c === m.left || v.trim() === "");
    if (m.top === m.bottom && m.right - m.left + 1 >= Math.max(2, width * 0.8) && alone && (row[m.left] ?? "").trim()) {
      bands.set(m.top, (row[m.left] as string).trim());
    }
  }
  return { rows, heading: null, source: `sheet "${name}"`, bands };
}

export async function readXlsx(file: string, sheetName?: string): Promise<Source> {
  const { default: Excel } = await import("exceljs");
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (e) {
    throw new ImportError("unreadable", `cannot read ${file}: not a readable .xlsx workbook (${(e as Error).message})`);
  }
  const sheets = wb.worksheets;
  if (sheets.length === 0) throw new ImportError("empty", `${file} has no sheets`);
  const names = sheets.map((s) => s.name);
  const chosen = sheetName ? [sheets[chooseSheet(names, sheetName, file)] as ExcelJS.Worksheet] : sheets;
  return xlsxSource(chosen.map(sheetTable), names, sheetName ? chosen[0]?.name : undefined, file);
}

/** --sheet: the sheet of that name (any case), or that number (from 1); the index in `names` */
export function chooseSheet(names: string[], sheetName: string, file: string): number {
  const byName = names.findIndex((s) => s.toLowerCase() === sheetName.toLowerCase());
  const byIndex = /^\d+$/.test(sheetName) && Number(sheetName) >= 1 && Number(sheetName) <= names.length ? Number(sheetName) - 1 : -1;
  const found = byName >= 0 ? byName : byIndex;
  if (found < 0) {
    throw new ImportError("bad_option", `no sheet "${sheetName}" in ${file}; sheets: ${names.map((s) => `"${s}"`).join(", ")}`);
  }
  return found;
}

export function xlsxSource(tables: SourceTable[], names: string[], chosen: string | undefined, file: string): Source {
  if (tables.every((t) => t.rows.every((r) => r.every((c) => c.trim() === "")))) {
    throw new ImportError("empty", `${chosen !== undefined ? `sheet "${chosen}" of ` : ""}${file} is empty`);
  }
  return { format: "xlsx", tables, sheets: names };
}

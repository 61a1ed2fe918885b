// Reads a plan export into a grid of strings: CSV (csv-parse) or XLSX (exceljs, first sheet or --sheet).
import { readFileSync, statSync } from "node:fs";
import { extname } from "node:path";
import { parse } from "csv-parse/sync";
// exceljs is loaded on first use: importing it costs ~2 s, which every CLI command would otherwise pay
import type ExcelJS from "exceljs";
import { ImportError } from "./errors.js";

export interface Table {
  rows: string[][];
  /** the sheet read (XLSX only) */
  sheet: string | null;
  format: "csv" | "xlsx";
}

export async function readTable(file: string, opts: { sheet?: string } = {}): Promise<Table> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    throw new ImportError(
      "unreadable",
      `cannot read ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`,
    );
  }
  const ext = extname(file).toLowerCase();
  if (ext === ".xlsx" || ext === ".xlsm") return readXlsx(file, opts.sheet);
  if (ext !== ".csv" && ext !== ".txt" && ext !== "") {
    throw new ImportError("unreadable", `cannot read ${file}: expected a .csv or .xlsx file (got ${ext})`);
  }
  if (size === 0) throw new ImportError("empty", `${file} is empty: no header row and no data`);
  return { rows: readCsv(file), sheet: null, format: "csv" };
}

function decode(buf: Buffer): string {
  const utf8 = buf.toString("utf8");
  // exports saved by older Excel versions are Windows-1252; U+FFFD means the bytes were not UTF-8
  return utf8.includes("\uFFFD") ? buf.toString("latin1") : utf8;
}

function readCsv(file: string): string[][] {
  const text = decode(readFileSync(file));
  try {
    const rows = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      trim: false,
    }) as string[][];
    return rows.map((r) => r.map((c) => (c ?? "").replace(/\r\n?/g, "\n")));
  } catch (e) {
    const err = e as Error & { code?: string; lines?: number };
    const where = err.lines ? ` (near line ${err.lines})` : "";
    const why =
      err.code === "CSV_QUOTE_NOT_CLOSED"
        ? "a quoted cell is never closed (unbalanced quotes)"
        : err.code === "CSV_INVALID_CLOSING_QUOTE"
          ? "a quote inside a cell is not escaped"
          : err.message;
    throw new ImportError("unreadable", `cannot read ${file}${where}: ${why}`);
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    const v = value as unknown as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as { text: string }[]).map((t) => t.text).join("");
    if ("result" in v) return cellText(v.result as ExcelJS.CellValue);
    if ("text" in v) return cellText(v.text as ExcelJS.CellValue);
    if ("error" in v) return "";
    return "";
  }
  return String(value);
}

async function readXlsx(file: string, sheetName?: string): Promise<Table> {
  const { default: Excel } = await import("exceljs");
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (e) {
    throw new ImportError("unreadable", `cannot read ${file}: not a readable .xlsx workbook (${(e as Error).message})`);
  }
  const sheets = wb.worksheets;
  if (sheets.length === 0) throw new ImportError("empty", `${file} has no sheets`);
  let ws = sheets[0] as ExcelJS.Worksheet;
  if (sheetName) {
    const byName = sheets.find((s) => s.name.toLowerCase() === sheetName.toLowerCase());
    const byIndex = /^\d+$/.test(sheetName) ? sheets[Number(sheetName) - 1] : undefined;
    const found = byName ?? byIndex;
    if (!found) {
      throw new ImportError("bad_option", `no sheet "${sheetName}" in ${file}; sheets: ${sheets.map((s) => `"${s.name}"`).join(", ")}`);
    }
    ws = found;
  }
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const values = row.values as ExcelJS.CellValue[];
    const out: string[] = [];
    for (let i = 1; i < values.length; i++) out.push(cellText(values[i] as ExcelJS.CellValue).replace(/\r\n?/g, "\n"));
    rows[n - 1] = out;
  });
  for (let i = 0; i < rows.length; i++) if (!rows[i]) rows[i] = [];
  if (rows.every((r) => r.every((c) => c.trim() === ""))) throw new ImportError("empty", `sheet "${ws.name}" of ${file} is empty`);
  return { rows, sheet: ws.name, format: "xlsx" };
}

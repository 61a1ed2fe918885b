// An XLSX plan read without loading exceljs's workbook model (every cell an object with its style, ~20x the
// text it holds): the rows come from exceljs's streaming WorkbookReader as text, and the merges from a second
// pass over each sheet's XML (exceljs 4.4's streaming reader skips <mergeCell>, and the merges sit after the
// rows). The grid it gives is the one read-xlsx.ts gives from the whole workbook: a merged parent's text
// repeated into its merged cells (as exceljs does on a whole read), then the same mergedTable(), the same sheet
// choice and the same errors (tests/integration/import-xlsx-stream.test.ts compares the two).
import { createRequire } from "node:module";
import type ExcelJS from "exceljs";
import { ImportError } from "./errors.js";
import { cellText, chooseSheet, mergedTable, parseRange, readXlsx, xlsxSource } from "./read-xlsx.js";
import type { Source, SourceTable } from "./tables.js";

const require = createRequire(import.meta.url);

interface ZipEntry {
  path: string;
  stream(): NodeJS.ReadableStream;
}

interface SheetScan {
  /** the refs of its <mergeCell> elements, in order */
  merges: string[];
  /** cells whose formula's cached result is a boolean (t="b"): the streaming reader gives them as 1 or 0 */
  booleans: Set<string>;
}

/** A sheet's merges and boolean formula cells, scanning its XML a chunk at a time. */
async function scanSheet(entry: ZipEntry): Promise<SheetScan> {
  const out: SheetScan = { merges: [], booleans: new Set() };
  const merge = /<(?:\w+:)?mergeCell\b[^>]*?\bref="([^"]*)"/g;
  const bool = /<(?:\w+:)?c\b([^>]*)>\s*<(?:\w+:)?f[\s>/]/g;
  const starts = /<(?:\w+:)?(?:c|mergeCell)[\s>/]/g;
  let carry = "";
  const scan = (text: string) => {
    for (const m of text.matchAll(merge)) out.merges.push(m[1] as string);
    for (const m of text.matchAll(bool)) {
      const attrs = m[1] as string;
      const ref = /\br="([^"]*)"/.exec(attrs)?.[1];
      if (ref && /\bt="b"/.test(attrs)) out.booleans.add(ref);
    }
  };
  for await (const chunk of entry.stream() as AsyncIterable<Buffer>) {
    const text = carry + chunk.toString("latin1");
    // the last element that may be cut by the chunk's end is read with the next chunk
    let cut = 0;
    for (const m of text.matchAll(starts)) cut = m.index;
    scan(text.slice(0, cut));
    carry = text.slice(cut);
  }
  scan(carry);
  return out;
}

/** Per sheet number (xl/worksheets/sheetN.xml), what the streaming reader does not give. */
async function scanSheets(file: string): Promise<Map<string, SheetScan>> {
  const unzipper = require("unzipper") as { Open: { file(f: string): Promise<{ files: ZipEntry[] }> } };
  const dir = await unzipper.Open.file(file);
  const out = new Map<string, SheetScan>();
  for (const entry of dir.files) {
    const m = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(entry.path);
    if (m) out.set(m[1] as string, await scanSheet(entry));
  }
  return out;
}

function colLetters(col: number): string {
  let out = "";
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

const utils = () =>
  require("exceljs/lib/utils/utils.js") as { isDateFmt(f: string): boolean; excelToDate(v: number, d1904?: boolean): Date };

/** A cell as the whole-workbook read gives it: a formula's cached result in a date format is a date. */
function streamedCellText(cell: ExcelJS.Cell | undefined, value: ExcelJS.CellValue, date1904: boolean, boolean: boolean): string {
  if (value && typeof value === "object" && "formula" in value && typeof (value as { result?: unknown }).result === "number") {
    if (boolean) return String((value as { result: number }).result !== 0);
    // an error result (#N/A, t="e") comes as NaN; the whole read has { error } and no text
    if (Number.isNaN((value as { result: number }).result)) return "";
    const numFmt = cell?.numFmt;
    if (numFmt && utils().isDateFmt(numFmt)) return cellText(utils().excelToDate((value as { result: number }).result, date1904));
  }
  return cellText(value);
}

/** A merged parent's text into every cell of its merge, as exceljs's whole read does (its merged cells exist). */
function fillMerges(rows: string[][], refs: string[]): void {
  for (const ref of refs) {
    const m = parseRange(ref);
    if (!m) continue;
    const parent = rows[m.top]?.[m.left] ?? "";
    for (let r = m.top; r <= m.bottom; r++) {
      const row = rows[r] ?? [];
      rows[r] = row;
      for (let c = row.length; c <= m.right; c++) row[c] = "";
      for (let c = m.left; c <= m.right; c++) row[c] = parent;
    }
  }
}

interface StreamedSheet {
  /** N of xl/worksheets/sheetN.xml */
  fileNo: string;
  name: string;
  rows: string[][];
}

export async function readXlsxStreamed(file: string, sheetName?: string): Promise<Source> {
  const { default: Excel } = await import("exceljs");
  let scans: Map<string, SheetScan>;
  const sheets: StreamedSheet[] = [];
  let order: { id: string; name: string }[] = [];
  try {
    scans = await scanSheets(file);
    // the sheet's file number, by its name, for the boolean cells (the reader names sheets from workbook.xml)
    const fileNoOf = (name: string) => {
      const rId = model.model?.sheets?.find((x) => x.name === name)?.rId;
      return /sheet(\d+)\.xml$/.exec((model.workbookRels ?? []).find((r) => r.Id === rId)?.Target ?? "")?.[1] ?? "";
    };
    const reader = new Excel.stream.xlsx.WorkbookReader(file, {
      sharedStrings: "cache",
      styles: "cache",
      hyperlinks: "ignore",
      worksheets: "emit",
      entries: "ignore",
    });
    const model = reader as unknown as {
      model?: { sheets?: { id: number; name: string; rId: string }[] };
      workbookRels?: { Id: string; Target: string }[];
      properties?: { model?: { date1904?: boolean } };
      sharedStrings?: unknown[];
    };
    for await (const ws of reader) {
      const sheet = ws as unknown as { name: string };
      // an empty shared string (<si><t/></si>) is a cell holding "" in the whole read; the streaming reader
      // keeps it as null, which would drop the cell (and shorten its row)
      const strings = model.sharedStrings ?? [];
      for (let i = 0; i < strings.length; i++) if (strings[i] === null || strings[i] === undefined) strings[i] = "";
      const rows: string[][] = [];
      const booleans = scans.get(fileNoOf(sheet.name))?.booleans ?? new Set<string>();
      const date1904 = Boolean(model.properties?.model?.date1904);
      // with --sheet, only the chosen sheet's rows are kept (its name is known here: exceljs reads a sheet
      // only after the workbook's list of sheets)
      const keep = !sheetName || sheet.name === undefined || matches(sheet.name, sheetName, model.model?.sheets ?? []);
      for await (const row of ws as unknown as AsyncIterable<ExcelJS.Row>) {
        if (!keep) continue;
        const values = row.values as ExcelJS.CellValue[];
        const out: string[] = [];
        for (let i = 1; i < values.length; i++) {
          const v = values[i] as ExcelJS.CellValue;
          const cell = v !== undefined && v !== null && typeof v === "object" ? row.getCell(i) : undefined;
          const boolean = booleans.size > 0 && cell !== undefined && booleans.has(`${colLetters(i)}${row.number}`);
          out.push(streamedCellText(cell, v, date1904, boolean).replace(/\r\n?/g, "\n"));
        }
        rows[row.number - 1] = out;
      }
      sheets.push({ fileNo: "", name: sheet.name, rows });
    }
    // the sheets in the workbook's order (as the whole read lists them), not the zip's
    const rels = new Map((model.workbookRels ?? []).map((r) => [r.Id, r.Target]));
    order = (model.model?.sheets ?? []).map((s) => ({ id: /sheet(\d+)\.xml$/.exec(rels.get(s.rId) ?? "")?.[1] ?? "", name: s.name }));
  } catch (e) {
    if (e instanceof ImportError) throw e;
    // a file the streaming reader cannot read: the whole read says why, in the words it always has (or reads
    // what the streaming reader could not: a zip it cannot walk from the front)
    return readXlsx(file, sheetName);
  }
  const byFile = new Map(sheets.map((s) => [s.name, s]));
  const listed = order.flatMap((o) => {
    const s = byFile.get(o.name);
    return s ? [{ ...s, fileNo: o.id }] : [];
  });
  if (listed.length === 0) throw new ImportError("empty", `${file} has no sheets`);
  const names = listed.map((s) => s.name);
  const chosen = sheetName ? [listed[chooseSheet(names, sheetName, file)] as StreamedSheet] : listed;
  const tables: SourceTable[] = chosen.map((s) => {
    const refs = scans.get(s.fileNo)?.merges ?? [];
    fillMerges(s.rows, refs);
    return mergedTable(s.rows, refs, s.name);
  });
  return xlsxSource(tables, names, sheetName ? chosen[0]?.name : undefined, file);
}

/** whether this sheet may be the one --sheet names (by name, or by its place in the workbook's list) */
function matches(name: string, wanted: string, list: { name: string }[]): boolean {
  if (name.toLowerCase() === wanted.toLowerCase()) return true;
  if (list.some((s) => s.name.toLowerCase() === wanted.toLowerCase())) return false;
  return /^\d+$/.test(wanted) && list[Number(wanted) - 1]?.name === name;
}

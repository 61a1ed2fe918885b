// An XLSX plan read without loading exceljs's workbook model (every cell an object with its style, ~20x the
// text it holds), and without its streaming WorksheetReader's per-cell objects either: the workbook's list of
// sheets, its relationships, styles and shared strings are parsed with exceljs's own parsers (as its streaming
// WorkbookReader parses them), and each sheet's XML is read a chunk at a time into rows of text as that
// reader gives them, with its merges (read-xlsx-sheet.ts). The grid it gives is the one read-xlsx.ts gives
// from the whole workbook: a merged parent's text repeated into its merged cells (as exceljs does on a whole
// read), then the same mergedTable(), the same sheet choice and the same errors
// (tests/integration/import-xlsx-stream.test.ts compares the two).
import { createRequire } from "node:module";
import { ImportError } from "./errors.js";
import { chooseSheet, mergedTable, parseRange, readXlsx, xlsxSource } from "./read-xlsx.js";
import { readSheet, type SheetContext } from "./read-xlsx-sheet.js";
import type { Source, SourceTable } from "./tables.js";

const require = createRequire(import.meta.url);

interface ZipEntry {
  path: string;
  stream(): NodeJS.ReadableStream;
}

interface Xform<T> {
  parseStream(stream: AsyncIterable<unknown>): Promise<T>;
}

const exceljsPart = <T>(path: string): T => require(`exceljs/lib/${path}`) as T;

interface WorkbookParts {
  sheets: { name: string; rId: string }[];
  rels: { Id: string; Target: string }[];
  date1904: boolean;
  sharedStrings: unknown[] | undefined;
  styleModel: SheetContext["styleModel"];
}

/** The workbook's own parts, parsed as exceljs's streaming WorkbookReader parses them (its code, its options). */
async function workbookParts(entries: Map<string, ZipEntry>): Promise<WorkbookParts> {
  const out: WorkbookParts = { sheets: [], rels: [], date1904: false, sharedStrings: undefined, styleModel: null };
  const rels = entries.get("xl/_rels/workbook.xml.rels");
  if (rels) {
    const Rels = exceljsPart<new () => Xform<{ Id: string; Target: string }[]>>("xlsx/xform/core/relationships-xform.js");
    out.rels = (await new Rels().parseStream(rels.stream() as AsyncIterable<unknown>)) ?? [];
  }
  const book = entries.get("xl/workbook.xml");
  if (book) {
    const Book =
      exceljsPart<
        new () => Xform<unknown> & {
          model?: { sheets?: { name: string; rId: string }[] };
          map: { workbookPr: { model?: { date1904?: boolean } } };
        }
      >("xlsx/xform/book/workbook-xform.js");
    const x = new Book();
    await x.parseStream(book.stream() as AsyncIterable<unknown>);
    out.sheets = x.model?.sheets ?? [];
    out.date1904 = Boolean(x.map.workbookPr.model?.date1904);
  }
  const styles = entries.get("xl/styles.xml");
  if (styles) {
    const Styles =
      exceljsPart<new () => Xform<unknown> & { getStyleModel(id: number): { numFmt?: string } | null }>("xlsx/xform/style/styles-xform.js");
    const x = new Styles();
    await x.parseStream(styles.stream() as AsyncIterable<unknown>);
    out.styleModel = (id) => x.getStyleModel(id);
  }
  const strings = entries.get("xl/sharedStrings.xml");
  if (strings) {
    // the reader's own shared-strings loop (text, or { richText } for runs), run on this entry
    const Reader = exceljsPart<{ prototype: { _parseSharedStrings(entry: unknown): AsyncGenerator<unknown> } }>(
      "stream/xlsx/workbook-reader.js",
    );
    const self = { options: { sharedStrings: "cache" }, _emitEntry() {}, sharedStrings: [] as unknown[] };
    for await (const _ of Reader.prototype._parseSharedStrings.call(self, strings.stream())) {
      // "cache" yields nothing
    }
    // an empty shared string (<si><t/></si>) is a cell holding "" in the whole read; the streaming reader
    // keeps it as null, which would drop the cell (and shorten its row). Each text is copied out of the XML
    // it was parsed from: the parser's strings are slices of its 16 KB chunks, and the grid kept them all
    const list = self.sharedStrings;
    for (let i = 0; i < list.length; i++) {
      const v = list[i];
      if (v === null || v === undefined) list[i] = "";
      else if (typeof v === "string") list[i] = own(v);
      else if (Array.isArray((v as { richText?: unknown }).richText)) {
        for (const run of (v as { richText: { text: unknown }[] }).richText) if (typeof run.text === "string") run.text = own(run.text);
      }
    }
    out.sharedStrings = list;
  }
  return out;
}

/** A string of its own (not a slice of a larger one, which would keep that one alive). */
function own(s: string): string {
  // (V8 copies a substring shorter than 13 characters; text that UTF-8 cannot hold as it is stays as it is)
  if (s.length < 13 || !(s as string & { isWellFormed(): boolean }).isWellFormed()) return s;
  return Buffer.from(s, "utf8").toString("utf8");
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

/**
 * The workbook as text, read here (read-xlsx-sheet.ts); throws a plain Error for a file it cannot read that
 * way (readXlsxStreamed then reads it whole).
 */
export async function readXlsxText(file: string, sheetName?: string): Promise<Source> {
  const unzipper = require("unzipper") as { Open: { file(f: string): Promise<{ files: ZipEntry[] }> } };
  const dir = await unzipper.Open.file(file);
  const entries = new Map(dir.files.map((e) => [e.path, e]));
  const parts = await workbookParts(entries);
  const target = new Map(parts.rels.map((r) => [r.Id, r.Target]));
  // the sheets in the workbook's order (as the whole read lists them) that have their XML in the file
  const listed = parts.sheets.flatMap((s) => {
    const no = /sheet(\d+)\.xml$/.exec(target.get(s.rId) ?? "")?.[1];
    const entry = no ? entries.get(`xl/worksheets/sheet${no}.xml`) : undefined;
    return entry ? [{ name: s.name, entry }] : [];
  });
  if (listed.length === 0) throw new ImportError("empty", `${file} has no sheets`);
  const names = listed.map((s) => s.name);
  const read = sheetName ? [listed[chooseSheet(names, sheetName, file)] as (typeof listed)[number]] : listed;
  const chosen = sheetName ? read[0]?.name : undefined;
  const ctx: SheetContext = { sharedStrings: parts.sharedStrings, styleModel: parts.styleModel, date1904: parts.date1904 };
  const tables: SourceTable[] = [];
  for (const s of read) {
    const grid = await readSheet(s.entry.stream() as AsyncIterable<Buffer>, ctx);
    fillMerges(grid.rows, grid.merges);
    tables.push(mergedTable(grid.rows, grid.merges, s.name));
  }
  return xlsxSource(tables, names, chosen, file);
}

export async function readXlsxStreamed(file: string, sheetName?: string): Promise<Source> {
  try {
    return await readXlsxText(file, sheetName);
  } catch (e) {
    if (e instanceof ImportError) throw e;
    // a file this cannot read: the whole read says why, in the words it always has (or reads what this could
    // not: a zip it cannot open, a sheet written in a way the streaming reader does not read)
    return readXlsx(file, sheetName);
  }
}

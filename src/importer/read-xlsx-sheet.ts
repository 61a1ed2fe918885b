// One worksheet's XML (xl/worksheets/sheetN.xml) read a chunk at a time into rows of text, as exceljs 4.4's
// streaming WorksheetReader gives them (worksheet-reader.js: the same value per cell type, the same text kept
// per cell, the same cells left out of a row), without its per-cell objects: for a 50,000-row sheet that reader
// allocated about 1 GB (a Row, a Cell with its style, an address and SAX events per cell) and pushed over
// 100 MB of it into the old generation, which set the import's peak RSS. Also the sheet's <mergeCell> refs
// (after the rows; the streaming reader skips them). Anything it cannot read as that reader would throws a
// plain Error, and the caller reads the workbook whole instead.

import { createRequire } from "node:module";
import { StringDecoder } from "node:string_decoder";
import type ExcelJS from "exceljs";
import { cellText } from "./read-xlsx.js";

const require = createRequire(import.meta.url);

interface Utils {
  isDateFmt(f: string | undefined): boolean;
  excelToDate(v: number, d1904?: boolean): Date;
  xmlDecode(s: string): string;
}
let loaded: Utils | undefined;
// exceljs's own helpers (loaded once: a require per cell costs a module look-up each time)
const utils = (): Utils => {
  loaded ??= require("exceljs/lib/utils/utils.js") as Utils;
  return loaded;
};

export interface SheetContext {
  /** xl/sharedStrings.xml as exceljs caches it (text, or { richText }); undefined when the file has none */
  sharedStrings: unknown[] | undefined;
  /** a style id's number format (exceljs's StyleManager.getStyleModel(id)); null when the file has no styles */
  styleModel: ((id: number) => { numFmt?: string } | null) | null;
  date1904: boolean;
}

export interface SheetGrid {
  /** row i is Excel's row i + 1; each cell's text as the streaming reader gives it */
  rows: string[][];
  /** the refs of its <mergeCell> elements, in order */
  merges: string[];
}

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#(\d+)|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const BAD_ENTITY = /&(?!(?:#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);)/;

/** XML character data as the SAX parser gives it (an entity it does not know is an error there too). */
function decodeText(s: string): string {
  if (!s.includes("&")) return s;
  if (BAD_ENTITY.test(s)) throw new Error("undefined XML entity in a worksheet");
  return s.replace(ENTITY, (_, hex: string | undefined, dec: string | undefined, name: string | undefined) =>
    name ? (NAMED[name] as string) : String.fromCodePoint(hex ? Number.parseInt(hex, 16) : Number(dec)),
  );
}

// attribute look-ups for the three the reader uses, without building a RegExp per cell
const R_ATTR = /(?:^|\s)r\s*=\s*(?:"([^"]*)"|'([^']*)')/;
const S_ATTR = /(?:^|\s)s\s*=\s*(?:"([^"]*)"|'([^']*)')/;
const T_ATTR = /(?:^|\s)t\s*=\s*(?:"([^"]*)"|'([^']*)')/;
const pick = (re: RegExp, attrs: string): string | undefined => {
  if (!attrs) return undefined;
  const m = re.exec(attrs);
  return m ? ((m[1] ?? m[2]) as string) : undefined;
};

/** An attribute as Excel writes it (` r="A1"`) found without a regular expression, else as XML allows it. */
function attrOf(attrs: string, needle: string, re: RegExp): string | undefined {
  const i = attrs.indexOf(needle);
  if (i >= 0) {
    const j = attrs.indexOf('"', i + needle.length);
    if (j >= 0) return attrs.slice(i + needle.length, j);
  }
  return attrs.includes("=") ? pick(re, attrs) : undefined;
}

const TOKEN = /<(\/?)([^\s/>!?]+)[^>]*?(\/?)>|<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|([^<]+)/g;
const MERGE = /<(?:\w+:)?mergeCell\b[^>]*?\bref="([^"]*)"/g;
const REF = /^\$?([A-Z]{1,3})\$?\d+$/;

function colOf(ref: string | undefined): number {
  const m = ref === undefined ? null : REF.exec(ref);
  if (!m) throw new Error(`a worksheet cell without a readable reference (${ref})`);
  let n = 0;
  for (const ch of m[1] as string) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/**
 * A cell's <f> and <v> text as the streaming reader collects them: each <f>, <v>, <is> or <t> opened starts a
 * new text, and every character after it (up to the next one, markup aside) is added to it; CDATA is not text.
 */
function cellParts(content: string): { f: string | undefined; v: string | undefined } {
  let f: { text: string } | undefined;
  let v: { text: string } | undefined;
  let current: { text: string } | undefined;
  for (const m of content.matchAll(TOKEN)) {
    if (m[4] !== undefined) {
      if (current) current.text += decodeText(m[4]);
      continue;
    }
    if (m[1] === "/" || m[2] === undefined) continue;
    const name = m[2];
    if (name === "f") current = f = { text: "" };
    else if (name === "v" || name === "is" || name === "t") current = v = { text: "" };
  }
  return { f: f?.text, v: v?.text };
}

type Value = ExcelJS.CellValue | { sharedString: number } | undefined;

/** A cell's text, or null for a cell the reader leaves out of its row (no value). */
function cellOf(attrs: string, f: string | undefined, v: string | undefined, rowFmt: string | undefined, ctx: SheetContext): string | null {
  if (f === undefined && v === undefined) return null;
  const t = attrOf(attrs, ' t="', T_ATTR);
  const s = Number.parseInt(attrOf(attrs, ' s="', S_ATTR) ?? "", 10);
  let numFmt = rowFmt;
  if (s) {
    if (!ctx.styleModel) throw new Error("a styled cell in a workbook without styles");
    const style = ctx.styleModel(s);
    if (style) numFmt = style.numFmt;
  }
  const u = utils();
  if (f !== undefined) {
    if (v === undefined) return "";
    if (t === "str") return cellText(u.xmlDecode(v));
    const result = Number.parseFloat(v);
    if (t === "b") return String(result !== 0);
    // an error result (#N/A, t="e") parses as NaN; the whole read has { error } and no text
    if (Number.isNaN(result)) return "";
    if (numFmt && u.isDateFmt(numFmt)) return cellText(u.excelToDate(result, ctx.date1904));
    return cellText(result);
  }
  let value: Value;
  switch (t) {
    case "s": {
      const index = Number.parseInt(v as string, 10);
      value = ctx.sharedStrings ? (ctx.sharedStrings[index] as Value) : { sharedString: index };
      break;
    }
    case "inlineStr":
    case "str":
      value = u.xmlDecode(v as string);
      break;
    case "e":
      value = { error: v as string } as ExcelJS.CellValue;
      break;
    case "b":
      value = Number.parseInt(v as string, 10) !== 0;
      break;
    default:
      value = u.isDateFmt(numFmt as string) ? u.excelToDate(Number.parseFloat(v as string), ctx.date1904) : Number.parseFloat(v as string);
  }
  if (value === null || value === undefined) return null;
  return cellText(value as ExcelJS.CellValue);
}

/** whether the character after "<row" or "<c" ends the element's name (so not "<rowBreaks", "<col") */
function nameEnds(code: number): boolean {
  return code === 32 || code === 62 || code === 47 || code === 9 || code === 10 || code === 13;
}

/** The cells of one row (block[from, to) is its content), by indexOf: no match objects per cell. */
function readCells(block: string, from: number, to: number, out: string[], rowFmt: string | undefined, ctx: SheetContext): void {
  let at = from;
  for (;;) {
    const start = block.indexOf("<c", at);
    if (start < 0 || start >= to) return;
    at = start + 2;
    if (!nameEnds(block.charCodeAt(at))) continue;
    const open = block.indexOf(">", at);
    if (open < 0 || open >= to) throw new Error("a worksheet cell cut short");
    const self = block.charCodeAt(open - 1) === 47;
    const attrs = block.slice(at, self ? open - 1 : open);
    let f: string | undefined;
    let v: string | undefined;
    if (self) at = open + 1;
    else {
      const close = block.indexOf("</c>", open);
      if (close < 0 || close > to) throw new Error("a worksheet cell without its end");
      const body = open + 1;
      // the usual cell, <v>text</v> alone; anything else as the SAX reader collects it
      const end = block.startsWith("<v>", body) ? block.indexOf("<", body + 3) : -1;
      if (end > 0 && end + 4 === close && block.startsWith("</v>", end)) v = decodeText(block.slice(body + 3, end));
      else ({ f, v } = cellParts(block.slice(body, close)));
      at = close + 4;
    }
    const col = colOf(attrOf(attrs, ' r="', R_ATTR));
    const text = cellOf(attrs, f, v, rowFmt, ctx);
    // a cell with no value is left out (a later one of the same column leaves the earlier: the reader's one Cell)
    if (text === null) continue;
    for (let i = out.length; i < col - 1; i++) out[i] = "";
    out[col - 1] = text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
  }
}

function readRows(block: string, rows: string[][], ctx: SheetContext): void {
  let at = 0;
  for (;;) {
    const start = block.indexOf("<row", at);
    if (start < 0) return;
    at = start + 4;
    if (!nameEnds(block.charCodeAt(at))) continue;
    const open = block.indexOf(">", at);
    if (open < 0) throw new Error("a worksheet row cut short");
    const self = block.charCodeAt(open - 1) === 47;
    const attrs = block.slice(at, self ? open - 1 : open);
    const n = Number.parseInt(attrOf(attrs, ' r="', R_ATTR) ?? "", 10);
    if (!(n >= 1)) throw new Error("a worksheet row without its number");
    // a row's own style (s="..."): the number format of its cells that have none of their own
    const rs = attrOf(attrs, ' s="', S_ATTR);
    let rowFmt: string | undefined;
    if (rs) {
      if (!ctx.styleModel) throw new Error("a styled row in a workbook without styles");
      rowFmt = ctx.styleModel(Number.parseInt(rs, 10))?.numFmt;
    }
    const out: string[] = [];
    if (self) at = open + 1;
    else {
      const close = block.indexOf("</row>", open);
      if (close < 0) throw new Error("a worksheet row without its end");
      readCells(block, open + 1, close, out, rowFmt, ctx);
      at = close + 6;
    }
    // a copy of its own size (grown a cell at a time, a row's store is up to three times its cells)
    rows[n - 1] = out.slice();
  }
}

/** Every row's text and the merges of one worksheet, its XML read a chunk at a time. */
export async function readSheet(xml: AsyncIterable<Buffer>, ctx: SheetContext): Promise<SheetGrid> {
  const rows: string[][] = [];
  const merges: string[] = [];
  const decoder = new StringDecoder("utf8");
  const merge = (text: string) => {
    if (text.includes("mergeCell")) for (const m of text.matchAll(MERGE)) merges.push(m[1] as string);
  };
  let carry = "";
  for await (const chunk of xml) {
    const text = carry + decoder.write(chunk);
    // the rows up to the last complete one now; the rest with the next chunk
    const end = text.lastIndexOf("</row>");
    if (end < 0) {
      carry = text;
      continue;
    }
    const block = text.slice(0, end + 6);
    readRows(block, rows, ctx);
    merge(block);
    carry = text.slice(end + 6);
  }
  carry += decoder.end();
  readRows(carry, rows, ctx);
  merge(carry);
  return { rows, merges };
}

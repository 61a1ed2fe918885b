// CSV exports as councils save them: UTF-8 (with or without a BOM), Excel's "Unicode text" (UTF-16 with a BOM,
// tab-delimited), Windows-1252 from older Excel, and comma-, semicolon- or tab-delimited. The encoding is read
// from the BOM, then checked as UTF-8, then guessed by chardet; the delimiter is the one that gives the most
// consistent column count. Both are reported so a dry run says what was assumed.
import { parse } from "csv-parse/sync";
import { ImportError } from "./errors.js";
import type { SourceTable } from "./tables.js";

export type Delimiter = "," | ";" | "\t";

export interface DecodedText {
  text: string;
  /** what was read: "utf-8", "utf-8 (BOM)", "utf-16le (BOM)", "windows-1252", ... */
  encoding: string;
}

function nulShare(buf: Buffer, parity: 0 | 1): number {
  const n = Math.min(buf.length, 4096);
  let nul = 0;
  for (let i = parity; i < n; i += 2) if (buf[i] === 0) nul++;
  return n ? nul / (n / 2) : 0;
}

/** Decode a CSV file's bytes. Pure apart from the detector; never throws for odd bytes (they are reported). */
export async function decodeCsv(buf: Buffer): Promise<DecodedText> {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { text: buf.subarray(3).toString("utf8"), encoding: "utf-8 (BOM)" };
  const iconv = (await import("iconv-lite")).default;
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: iconv.decode(buf.subarray(2), "utf-16le"), encoding: "utf-16le (BOM)" };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { text: iconv.decode(buf.subarray(2), "utf-16be"), encoding: "utf-16be (BOM)" };
  // UTF-16 without a BOM: every other byte of ASCII text is 0
  if (nulShare(buf, 1) > 0.3) return { text: iconv.decode(buf, "utf-16le"), encoding: "utf-16le" };
  if (nulShare(buf, 0) > 0.3) return { text: iconv.decode(buf, "utf-16be"), encoding: "utf-16be" };
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(buf);
    return { text, encoding: [...text].some((ch) => ch.charCodeAt(0) > 127) ? "utf-8" : "ascii" };
  } catch {
    // not UTF-8: ask the detector, and fall back to Windows-1252 (what Excel on Windows writes in the UK)
  }
  const chardet = (await import("chardet")).default;
  const guess = (chardet.detect(buf) ?? "windows-1252").toLowerCase();
  // ISO-8859-1 is how the detector names most single-byte Western text; Excel's is Windows-1252, a superset
  const enc = guess === "iso-8859-1" || !iconv.encodingExists(guess) || guess.startsWith("utf") ? "windows-1252" : guess;
  return { text: iconv.decode(buf, enc), encoding: enc };
}

/** The delimiter giving the most rows with the same number (> 1) of columns in the first lines. */
export function detectDelimiter(text: string): Delimiter {
  const sample = text.slice(0, 64 * 1024);
  let best: { d: Delimiter; score: number } = { d: ",", score: -1 };
  for (const d of [",", ";", "\t"] as Delimiter[]) {
    let rows: string[][];
    try {
      rows = parse(sample, {
        delimiter: d,
        relax_column_count: true,
        relax_quotes: true,
        to_line: 40,
        skip_empty_lines: true,
      }) as string[][];
    } catch {
      // a broken quote further down: judge by the first line alone (the parse error is reported later)
      const first = sample.split(/\r?\n/).find((l) => l.trim()) ?? "";
      rows = [first.split(d)];
    }
    const counts = new Map<number, number>();
    for (const r of rows) if (r.length > 1) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    let modeRows = 0;
    let modeCols = 0;
    for (const [cols, n] of counts) if (n > modeRows || (n === modeRows && cols > modeCols)) [modeRows, modeCols] = [n, cols];
    const score = modeRows * 1000 + modeCols;
    if (score > best.score) best = { d, score };
  }
  return best.d;
}

export const DELIMITER_NAMES: Record<Delimiter, string> = { ",": "comma", ";": "semicolon", "\t": "tab" };

/** Parse decoded CSV text into one table; row n of the result is line n the person sees in Excel. */
export function parseCsv(text: string, delimiter: Delimiter, file: string): string[][] {
  try {
    const rows = parse(text, {
      delimiter,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      trim: false,
    }) as string[][];
    return rows.map((r) => r.map((c) => (c ?? "").replace(/\r\n?/g, "\n")));
  } catch (e) {
    throw csvReadError(e, file);
  }
}

/** A csv-parse error as the person reads it: where, and why in their words. */
export function csvReadError(e: unknown, file: string): ImportError {
  const err = e as Error & { code?: string; lines?: number };
  const where = err.lines ? ` (near line ${err.lines})` : "";
  const why =
    err.code === "CSV_QUOTE_NOT_CLOSED"
      ? "a quoted cell is never closed (unbalanced quotes)"
      : err.code === "CSV_INVALID_CLOSING_QUOTE"
        ? "a quote inside a cell is not escaped"
        : err.message;
  return new ImportError("unreadable", `cannot read ${file}${where}: ${why}`);
}

export interface CsvSource {
  tables: SourceTable[];
  encoding: string;
  delimiter: string;
}

export async function readCsv(buf: Buffer, file: string): Promise<CsvSource> {
  const { text, encoding } = await decodeCsv(buf);
  const delimiter = detectDelimiter(text);
  const rows = parseCsv(text, delimiter, file);
  return {
    tables: [{ rows, heading: null, source: "file", bands: new Map() }],
    encoding,
    delimiter: DELIMITER_NAMES[delimiter],
  };
}

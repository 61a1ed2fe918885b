// A CSV plan read in passes, never parsed whole into a grid. Pass 1 parses the file, keeps the first rows (header
// detection reads the first 15 rows and 400 data rows under the header: assign.ts), then only counts the rest
// and tallies its status cells for an "auto" scale. Pass 2 (the plan builder) and pass 3 (the writer's chunks)
// get the data rows again. Every pass sees the rows as the whole-file reader does, so the header, columns,
// scale, row numbers and errors are the same as when the grid was read at once
// (tests/integration/import-stream.test.ts compares the two).
//
// The later passes do not parse the file again when its rows are small enough to keep as text: pass 1 keeps
// each row as one string, its cells joined by NUL (which csv-parse gives back only if the file has one; then
// nothing is kept), and the later passes split those strings. Parsing was ~360 ms of CPU a pass for a
// 50,000-row file (about 15% of its import's CPU outside SQLite); the rows as text are ~6 MB (V8 keeps
// a row with only Latin-1 characters one byte a character, others two). A file whose rows pass KEEP_CHARS
// is parsed again in each pass, as before (tests/integration/import-stream.test.ts covers both).

import { scaleTally } from "../core/plan-labels.js";
import type { ScaleId } from "../core/status.js";
import { ImportError } from "./errors.js";
import type { Field } from "./headers.js";
import { isHeader, type PlanTable, planTable, signature } from "./plan-tables.js";
import { type CsvSniff, csvRows, sniffCsv } from "./read-csv-stream.js";
import { scaleCells } from "./records.js";
import { isBlankRow, type Source } from "./tables.js";

/** rows header detection can look at: a header among the first 15, and 400 data rows below it */
export const HEAD_ROWS = 15 + 400;

/** characters of row text kept for the later passes (at most 64 MB of V8 strings); past it they parse the file */
const KEEP_CHARS = 32 * 1024 * 1024;
const SEP = "\u0000";

export interface ReadOptions {
  /** characters of row text pass 1 may keep for the later passes (default KEEP_CHARS; 0 parses the file again) */
  keepChars?: number;
}

export interface StreamedCsvPlan {
  source: Pick<Source, "format" | "encoding" | "delimiter">;
  /** the plan's table as found in the first rows (its dataRows are only those of the first rows) */
  plan: PlanTable;
  /** data rows below the header (a repeated header row is not one), and whether any has text */
  dataRows: number;
  hasData: boolean;
  /** the scale its status cells tell (when asked to detect it) */
  scale: ScaleId | null;
  /** whether the later passes split the rows pass 1 kept as text (else they parse the file again) */
  rowsKept: boolean;
  /** the later passes: the data rows, each with its row number as the person sees it in Excel */
  rows(): AsyncGenerator<{ row: string[]; rowNo: number }>;
}

export async function surveyCsvPlan(
  file: string,
  overrides: Record<string, Field>,
  detectScale: boolean,
  read: ReadOptions = {},
): Promise<StreamedCsvPlan> {
  const sniff = await sniffCsv(file);
  // every row as text, while it fits (see the top of this file)
  let kept: string[] | null = [];
  let keptChars = 0;
  const keepChars = read.keepChars ?? KEEP_CHARS;
  const keep = (row: string[]) => {
    if (!kept) return;
    const text = row.join(SEP);
    keptChars += text.length;
    if (keptChars > keepChars || row.length === 0 || row.some((c) => c.includes(SEP))) kept = null;
    else kept.push(text);
  };
  const src: Source = { format: "csv", tables: [], encoding: sniff.encoding, delimiter: sniff.delimiterName };
  const head: string[][] = [];
  const tally = scaleTally();
  let anyText = false;
  let plan: PlanTable | null = null;
  let failed: ImportError | null = null;
  let header = "";
  let dataRows = 0;
  let hasData = false;
  const feed = (row: string[]) => {
    if (isHeader(row, header)) return;
    dataRows++;
    if (!hasData && !isBlankRow(row)) hasData = true;
    if (detectScale && plan) for (const v of scaleCells(row, plan.columns)) tally.add(v);
  };
  const detect = () => {
    // a file whose first rows are all blank has no header where detection looks (assign.ts: the first 15)
    if (head.every(isBlankRow)) {
      failed = new ImportError("empty", "the file has no rows");
      return;
    }
    try {
      plan = planTable({ ...src, tables: [{ rows: head, heading: null, source: "file", bands: new Map() }] }, overrides, file);
    } catch (e) {
      if (!(e instanceof ImportError)) throw e;
      failed = e;
      return;
    }
    header = signature(head[plan.headerRow - 1] as string[]);
    for (let i = plan.headerRow; i < head.length; i++) feed(head[i] as string[]);
  };
  let detected = false;
  // the whole file is read before a detection error is raised: a broken quote anywhere is reported first
  for await (const row of csvRows(file, sniff)) {
    keep(row);
    if (!anyText && !isBlankRow(row)) anyText = true;
    if (!detected && head.length < HEAD_ROWS) {
      head.push(row);
      continue;
    }
    if (!detected) {
      detected = true;
      detect();
    }
    if (plan) feed(row);
  }
  if (!anyText) throw new ImportError("empty", `${file} is empty: no header row and no data`);
  if (!detected) detect();
  const found = plan as PlanTable | null;
  if (failed || !found) throw failed ?? new ImportError("empty", "the file has no rows");
  const headerRow = found.headerRow;
  const text = kept as string[] | null;
  return {
    source: { format: "csv", encoding: sniff.encoding, delimiter: sniff.delimiterName },
    plan: found,
    dataRows,
    hasData,
    scale: detectScale ? tally.scale() : null,
    rowsKept: text !== null,
    rows: () => (text ? keptDataRows(text, headerRow, header) : dataRowsOf(file, sniff, headerRow, header)),
  };
}

/** The data rows from the text pass 1 kept: the same rows and row numbers as dataRowsOf gives */
async function* keptDataRows(text: string[], headerRow: number, header: string): AsyncGenerator<{ row: string[]; rowNo: number }> {
  for (let i = headerRow; i < text.length; i++) {
    const row = (text[i] as string).split(SEP);
    if (isHeader(row, header)) continue;
    yield { row, rowNo: i + 1 };
  }
}

async function* dataRowsOf(
  file: string,
  sniff: CsvSniff,
  headerRow: number,
  header: string,
): AsyncGenerator<{ row: string[]; rowNo: number }> {
  let n = 0;
  for await (const row of csvRows(file, sniff)) {
    n++;
    if (n <= headerRow || isHeader(row, header)) continue;
    yield { row, rowNo: n };
  }
}

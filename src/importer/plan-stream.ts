// A CSV plan read in two passes over the file, never held whole. Pass 1 keeps the first rows (header detection
// reads the first 15 rows and 400 data rows under the header: assign.ts), then only counts the rest and
// tallies its status cells for an "auto" scale. Pass 2 streams the data rows to the plan builder. Both passes
// see the rows as the whole-file reader does, so the header, columns, scale, row numbers and errors are the
// same as when the grid was read at once (tests/integration/import-stream.test.ts compares the two).

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

export interface StreamedCsvPlan {
  source: Pick<Source, "format" | "encoding" | "delimiter">;
  /** the plan's table as found in the first rows (its dataRows are only those of the first rows) */
  plan: PlanTable;
  /** data rows below the header (a repeated header row is not one), and whether any has text */
  dataRows: number;
  hasData: boolean;
  /** the scale its status cells tell (when asked to detect it) */
  scale: ScaleId | null;
  /** pass 2: the data rows, each with its row number as the person sees it in Excel */
  rows(): AsyncGenerator<{ row: string[]; rowNo: number }>;
}

export async function surveyCsvPlan(file: string, overrides: Record<string, Field>, detectScale: boolean): Promise<StreamedCsvPlan> {
  const sniff = await sniffCsv(file);
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
  return {
    source: { format: "csv", encoding: sniff.encoding, delimiter: sniff.delimiterName },
    plan: found,
    dataRows,
    hasData,
    scale: detectScale ? tally.scale() : null,
    rows: () => dataRowsOf(file, sniff, headerRow, header),
  };
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

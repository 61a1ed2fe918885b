// Use case: import a council's indicator table (CSV/XLSX) into a plan's indicators, targets and values.
import { basename, extname } from "node:path";
import { financialYearStart } from "../core/indicators/index.js";
import { isScaleId, type ScaleId } from "../core/status.js";
import { ImportError, type RowError } from "../importer/errors.js";
import type { IndicatorHeader } from "../importer/indicators/detect.js";
import { readIndicatorGrid } from "../importer/indicators/read.js";
import { buildIndicatorModel, type IndicatorRecord } from "../importer/indicators/records.js";
import type { Db } from "../storage/db.js";
import { type IndicatorWriteCounts, writeIndicators } from "../storage/indicator-writer.js";

export interface IndicatorImportOptions {
  file: string;
  planKey: string;
  name?: string;
  /** the scale of a plan created by this import (an existing plan keeps its own) */
  scale?: ScaleId | "auto";
  sheet?: string;
  /** the reporting year for bare month columns ("Jul"): "2017/18" */
  year?: string;
  dryRun?: boolean;
  strict?: boolean;
  now?: Date;
}

export interface IndicatorImportReport {
  indicators: {
    key: string;
    sourceFile: string;
    sheet: string | null;
    headerRow: number;
    /** header -> role (and the date or period it stands for) */
    columns: Record<string, string>;
    reportingYear: string | null;
    rows: number;
    skippedRows: number;
    count: number;
  };
  records: IndicatorRecord[];
  errors: RowError[];
  written: boolean;
  counts: IndicatorWriteCounts | null;
}

/** Does this file read as an indicator table? (for `ragtime import` auto-detection; never throws) */
export async function looksLikeIndicatorTable(file: string, sheet?: string): Promise<boolean> {
  try {
    return (await readIndicatorGrid(file, { sheet })).header !== null;
  } catch {
    return false;
  }
}

function describe(h: IndicatorHeader): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of h.columns) {
    if (!c.header) continue;
    out[c.header] = `${c.role}${c.date ? ` ${c.date}` : ""}${c.period ? ` ${c.period.id}` : ""}`;
  }
  return out;
}

export async function importIndicators(db: Db | null, opts: IndicatorImportOptions): Promise<IndicatorImportReport> {
  if (!opts.planKey || !/^[A-Za-z0-9][\w.-]*$/.test(opts.planKey)) {
    throw new ImportError("bad_option", `--plan "${opts.planKey ?? ""}": use letters, digits, ".", "-" or "_" (e.g. --plan thurrock-2017)`);
  }
  let fyStart: number | null = null;
  if (opts.year) {
    fyStart = financialYearStart(opts.year);
    if (fyStart === null)
      throw new ImportError("bad_option", `--year "${opts.year}": give the reporting year as a financial year, e.g. --year 2017/18`);
  }
  const scale = opts.scale && opts.scale !== "auto" ? opts.scale : "rag";
  if (!isScaleId(scale)) throw new ImportError("bad_option", `--scale "${scale}": use rag, brag, numeric5, telford, blackpool or auto`);
  const table = await readIndicatorGrid(opts.file, { sheet: opts.sheet, fyStart });
  const header = table.header;
  if (!header) {
    throw new ImportError(
      "no_action_column",
      `${opts.file} does not read as an indicator table: it needs an indicator name column and at least two columns of figures (months such as "Jul", "Target October 2023", "Baseline April 2023"). Import it as a plan without --indicators.`,
    );
  }
  if (header.needsYear) {
    throw new ImportError(
      "bad_option",
      `${opts.file} has month columns ("Jul", "Aug" ...) with no year anywhere: give the reporting year, e.g. --year 2017/18`,
    );
  }
  const model = buildIndicatorModel(table.rows, header);
  if (model.records.length === 0) throw new ImportError("empty", `${opts.file} has an indicator header but no indicator rows`);
  const report: IndicatorImportReport = {
    indicators: {
      key: opts.planKey,
      sourceFile: basename(opts.file),
      sheet: table.source,
      headerRow: header.headerRow + 1,
      columns: describe(header),
      reportingYear: header.fyStart ? `${header.fyStart}/${String((header.fyStart + 1) % 100).padStart(2, "0")}` : null,
      rows: model.rows,
      skippedRows: model.skippedRows,
      count: model.records.length,
    },
    records: model.records,
    errors: model.errors,
    written: false,
    counts: null,
  };
  if (opts.dryRun || (opts.strict && model.errors.length > 0)) return report;
  if (!db) throw new Error("importIndicators needs a database unless dryRun is set");
  if (!opts.now) throw new Error("importIndicators needs `now` (the caller's clock) unless dryRun is set");
  const planName =
    opts.name ??
    basename(opts.file, extname(opts.file))
      .replace(/[-_]+/g, " ")
      .replace(/\b\w/g, (c) => c.toUpperCase());
  const { counts } = await writeIndicators(db, {
    planKey: opts.planKey,
    planName,
    scale,
    sourceFile: basename(opts.file),
    records: model.records,
    now: opts.now,
  });
  report.written = true;
  report.counts = counts;
  return report;
}

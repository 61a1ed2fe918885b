// Use case: import a council's plan export (CSV/XLSX) into plans, sections, actions, milestones and people.
import { basename, extname } from "node:path";
import { isScaleId, type ScaleId } from "../core/status.js";
import { ImportError, type RowError } from "../importer/errors.js";
import { detectHeader, type Field, parseMapOptions } from "../importer/headers.js";
import { readTable } from "../importer/read.js";
import { buildPlanModel, type ImportRecord, type PlanModel } from "../importer/records.js";
import type { Db } from "../storage/db.js";
import { type WriteCounts, writePlanModel } from "../storage/plan-writer.js";
import { findPlanByKey } from "../storage/plans.js";

export interface ImportOptions {
  file: string;
  planKey: string;
  name?: string;
  scale?: ScaleId | "auto";
  sheet?: string;
  /** --map "header=field" entries */
  map?: string[];
  dryRun?: boolean;
  strict?: boolean;
  /** when the import happens (the caller's clock); stamps the import's rows and history. Required unless dryRun */
  now?: Date;
  onProgress?: (phase: "read" | "write", done: number, total: number) => void;
}

export interface ImportPlanSummary {
  key: string;
  name: string;
  scale: ScaleId;
  scaleDetected: boolean;
  sourceFile: string;
  sheet: string | null;
  /** header -> field, as detected (or mapped) */
  columns: Record<string, Field>;
  headerRow: number;
  rows: number;
  skippedRows: number;
  sections: number;
  actions: number;
  milestones: number;
}

/** The `--dry-run --json` shape of issue 2 plus whether anything was written and what. */
export interface ImportReport {
  plan: ImportPlanSummary;
  records: ImportRecord[];
  errors: RowError[];
  written: boolean;
  counts: WriteCounts | null;
}

function nameFromFile(file: string): string {
  return basename(file, extname(file))
    .replace(/[-_]+/g, " ")
    .replace(/\b\w/g, (c) => c.toUpperCase());
}

/** Read and interpret a file without touching the database. Throws ImportError for unusable files. */
export async function readPlanFile(opts: ImportOptions): Promise<{ model: PlanModel; summary: ImportPlanSummary }> {
  if (!opts.planKey || !/^[A-Za-z0-9][\w.-]*$/.test(opts.planKey)) {
    throw new ImportError("bad_option", `--plan "${opts.planKey ?? ""}": use letters, digits, ".", "-" or "_" (e.g. --plan thurrock-2017)`);
  }
  const scale = opts.scale ?? "auto";
  if (scale !== "auto" && !isScaleId(scale)) {
    throw new ImportError("bad_option", `--scale "${scale}": use rag, brag, numeric5, telford, blackpool or auto`);
  }
  const overrides = parseMapOptions(opts.map);
  const table = await readTable(opts.file, { sheet: opts.sheet });
  if (table.rows.every((r) => r.every((c) => c.trim() === ""))) {
    throw new ImportError("empty", `${opts.file} is empty: no header row and no data`);
  }
  const header = detectHeader(table.rows, overrides);
  for (const h of Object.keys(overrides)) {
    if (!header.columns.some((c) => c.header.trim().toLowerCase() === h.trim().toLowerCase())) {
      throw new ImportError("bad_option", `--map "${h}=...": no column "${h}" in ${opts.file}`);
    }
  }
  const dataRows = table.rows.slice(header.headerRow + 1);
  if (dataRows.every((r) => r.every((c) => c.trim() === ""))) {
    throw new ImportError("empty", `${opts.file} has a header row but no data rows`);
  }
  const model = buildPlanModel(dataRows, header.columns, {
    scale,
    onRow: opts.onProgress ? (d, t) => (d % 500 === 0 || d === t ? opts.onProgress?.("read", d, t) : undefined) : undefined,
  });
  const summary: ImportPlanSummary = {
    key: opts.planKey,
    name: opts.name ?? nameFromFile(opts.file),
    scale: model.scale,
    scaleDetected: model.scaleDetected,
    sourceFile: basename(opts.file),
    sheet: table.sheet,
    columns: Object.fromEntries(header.columns.filter((c) => c.header.trim()).map((c) => [c.header, c.field])),
    headerRow: header.headerRow + 1,
    rows: model.rows,
    skippedRows: model.skippedRows,
    sections: model.sections.length,
    actions: model.actions.length,
    milestones: model.milestones.length,
  };
  return { model, summary };
}

/** Import (or with dryRun only read) a plan file. Nothing is written for a dry run, or for --strict with bad rows. */
export async function importPlan(db: Db | null, opts: ImportOptions): Promise<ImportReport> {
  const { model, summary } = await readPlanFile(opts);
  const report: ImportReport = { plan: summary, records: model.records, errors: model.errors, written: false, counts: null };
  if (opts.dryRun) return report;
  if (opts.strict && model.errors.length > 0) return report;
  if (!db) throw new Error("importPlan needs a database unless dryRun is set");
  if (!opts.now) throw new Error("importPlan needs `now` (the caller's clock) unless dryRun is set");
  const existing = await findPlanByKey(db, opts.planKey);
  const name = opts.name ?? existing?.name ?? summary.name;
  summary.name = name;
  const { counts } = await writePlanModel(db, {
    key: opts.planKey,
    name,
    sourceFile: summary.sourceFile,
    model,
    now: opts.now,
    onProgress: opts.onProgress ? (d, t) => opts.onProgress?.("write", d, t) : undefined,
  });
  report.written = true;
  report.counts = counts;
  return report;
}

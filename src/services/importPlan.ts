// Use case: import a council's plan (CSV/XLSX/DOCX) into plans, sections, actions, milestones and people.
// read (tables) -> find the plan's table and its column roles (content + header hints) -> records.
import { statSync } from "node:fs";
import { basename, extname } from "node:path";
import { normaliseName, type OwnerRef } from "../core/owners.js";
import { scaleTally } from "../core/plan-labels.js";
import { isScaleId, type ScaleId, type Status } from "../core/status.js";
import { ImportError, type RowError } from "../importer/errors.js";
import { type Field, parseMapOptions } from "../importer/headers.js";
import { surveyCsvPlan } from "../importer/plan-stream.js";
import { type PlanTable, planTable, type SkippedTable } from "../importer/plan-tables.js";
import { readSource } from "../importer/read.js";
import { buildPlanModel, type ImportRecord, type MilestoneModel, type PlanModel, planBuilder, scaleCells } from "../importer/records.js";
import { checkSectionNumbers, type ImportNotice } from "../importer/section-check.js";
import type { Source } from "../importer/tables.js";
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
  /** keep every record in the report (the dry run's list; default true). false: their counts only (`statuses`) */
  records?: boolean;
}

/** One column's role as decided, how sure, and the role it came second for. */
export interface ColumnMapping {
  column: string;
  field: Field;
  confidence: number;
  by: string;
  runnerUp: { field: Field; score: number } | null;
}

export interface ImportPlanSummary {
  key: string;
  name: string;
  scale: ScaleId;
  scaleDetected: boolean;
  sourceFile: string;
  format: "csv" | "xlsx" | "docx";
  /** CSV: the encoding and delimiter detected */
  encoding: string | null;
  delimiter: string | null;
  sheet: string | null;
  /** the tables (sheets, Word tables) read as the plan, and those skipped with why */
  tables: { used: string[]; skipped: SkippedTable[] };
  /** every column's role with its confidence and runner-up */
  mapping: ColumnMapping[];
  /** the best columns for the action with their scores */
  actionCandidates: { header: string; score: number }[];
  /** inconsistencies found in the plan itself (section numbers vs refs) */
  notices: ImportNotice[];
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
  /** with `records: false`: how many milestones have each status, and how many have no due date */
  statuses?: StatusCounts;
}

export interface StatusCounts {
  byStatus: Partial<Record<Status, number>>;
  noDueDate: number;
}

function countStatuses(
  ms: Iterable<{ status: Status; due: string | null }>,
  into: StatusCounts = { byStatus: {}, noDueDate: 0 },
): StatusCounts {
  for (const m of ms) {
    into.byStatus[m.status] = (into.byStatus[m.status] ?? 0) + 1;
    if (!m.due) into.noDueDate++;
  }
  return into;
}

function nameFromFile(file: string): string {
  return basename(file, extname(file))
    .replace(/[-_]+/g, " ")
    .replace(/\b\w/g, (c) => c.toUpperCase());
}

/** Read and interpret a file without touching the database. Throws ImportError for unusable files. */
export async function readPlanFile(opts: ImportOptions): Promise<{ model: PlanModel; summary: ImportPlanSummary }> {
  return readPlan(opts, false);
}

/** `stream`: a CSV's milestones are left in the file for the writer to read a chunk at a time (model.streamed). */
async function readPlan(
  opts: ImportOptions,
  stream: boolean,
): Promise<{ model: PlanModel; summary: ImportPlanSummary; statuses?: StatusCounts }> {
  if (!opts.planKey || !/^[A-Za-z0-9][\w.-]*$/.test(opts.planKey)) {
    throw new ImportError("bad_option", `--plan "${opts.planKey ?? ""}": use letters, digits, ".", "-" or "_" (e.g. --plan thurrock-2017)`);
  }
  const scale = opts.scale ?? "auto";
  if (scale !== "auto" && !isScaleId(scale)) {
    throw new ImportError("bad_option", `--scale "${scale}": use rag, brag, numeric5, telford, blackpool or auto`);
  }
  const overrides = parseMapOptions(opts.map);
  const read = isStreamedCsv(opts.file)
    ? await readCsvStreamed(opts, overrides, scale, stream)
    : await readWhole(opts, overrides, scale, stream);
  const { src, plan, model } = read;
  const notices = checkSectionNumbers(model);
  const named = plan.columns.filter((c) => c.header.trim());
  const summary: ImportPlanSummary = {
    key: opts.planKey,
    name: opts.name ?? nameFromFile(opts.file),
    scale: model.scale,
    scaleDetected: model.scaleDetected,
    sourceFile: basename(opts.file),
    format: src.format,
    encoding: src.encoding ?? null,
    delimiter: src.delimiter ?? null,
    sheet: src.format === "xlsx" ? (plan.used[0] ?? "").replace(/^sheet "|"$/g, "") : null,
    tables: { used: plan.used, skipped: plan.skipped },
    mapping: named.map((c) => ({ column: c.header, field: c.field, confidence: c.confidence, by: c.by, runnerUp: c.runnerUp })),
    actionCandidates: plan.actionCandidates,
    notices,
    columns: Object.fromEntries(named.map((c) => [c.header, c.field])),
    headerRow: plan.headerRow,
    rows: model.rows,
    skippedRows: model.skippedRows,
    sections: model.sections.length,
    actions: model.actions.length,
    milestones: model.milestoneCount,
  };
  return { model, summary, statuses: read.statuses };
}

interface Read {
  src: Pick<Source, "format" | "encoding" | "delimiter">;
  plan: PlanTable;
  model: PlanModel;
  /** a streamed read's status counts (its milestones are not kept) */
  statuses?: StatusCounts;
}

const progressEvery = (opts: ImportOptions) =>
  opts.onProgress ? (d: number, t: number) => (d % 500 === 0 || d === t ? opts.onProgress?.("read", d, t) : undefined) : undefined;

function checkMapped(plan: PlanTable, overrides: Record<string, Field>, file: string): void {
  for (const h of Object.keys(overrides)) {
    if (!plan.headers.some((c) => (c ?? "").trim().toLowerCase() === h.trim().toLowerCase())) {
      throw new ImportError("bad_option", `--map "${h}=...": no column "${h}" in ${file}`);
    }
  }
}

/** CSV: two passes over the file, never holding it (importer/plan-stream.ts). */
function isStreamedCsv(file: string): boolean {
  const ext = extname(file).toLowerCase();
  if (ext !== ".csv" && ext !== ".txt" && ext !== ".tsv" && ext !== "") return false;
  try {
    return statSync(file).size > 0;
  } catch {
    return false;
  }
}

/**
 * CSV: passes over the file, never holding it (importer/plan-stream.ts). With `stream`, the milestones are not
 * kept either: the writer reads the file once more and gets them a chunk at a time (model.streamed).
 */
async function readCsvStreamed(
  opts: ImportOptions,
  overrides: Record<string, Field>,
  scale: ScaleId | "auto",
  stream: boolean,
): Promise<Read> {
  const s = await surveyCsvPlan(opts.file, overrides, scale === "auto");
  checkMapped(s.plan, overrides, opts.file);
  if (!s.hasData) throw new ImportError("empty", `${opts.file} has a header row but no data rows`);
  const rows = async function* (): AsyncGenerator<PlanRow> {
    for await (const { row, rowNo } of s.rows()) yield { row, rowNo, table: null };
  };
  return buildStreamed(opts, s.source, s.plan, s.scale ?? (scale as ScaleId), scale === "auto", s.dataRows, rows, stream);
}

interface PlanRow {
  row: string[];
  rowNo: number;
  table: string | null;
}

/**
 * The model from the plan's rows, one at a time; with `stream`, its milestones are not kept: the writer gets
 * them a chunk at a time from `rows` read again (model.streamed).
 */
async function buildStreamed(
  opts: ImportOptions,
  source: Read["src"],
  plan: PlanTable,
  scaleId: ScaleId,
  detected: boolean,
  dataRows: number,
  rows: () => AsyncIterable<PlanRow>,
  stream: boolean,
): Promise<Read> {
  // each owner as first written (the writer creates people from these; the milestones come later)
  const owners = new Map<string, OwnerRef>();
  const statuses: StatusCounts = { byStatus: {}, noDueDate: 0 };
  const milestone = stream
    ? (m: MilestoneModel) => {
        for (const o of m.owners) if (!owners.has(normaliseName(o.name))) owners.set(normaliseName(o.name), o);
        countStatuses([m], statuses);
      }
    : undefined;
  const builder = planBuilder(plan.columns, scaleId, detected, { milestone, records: opts.records ?? true });
  const onRow = progressEvery(opts);
  let done = 0;
  for await (const { row, rowNo, table } of rows()) {
    onRow?.(++done, dataRows);
    builder.add(row, rowNo, table);
  }
  const model = builder.finish(dataRows);
  if (stream)
    model.streamed = {
      owners: [...owners.values()],
      chunks: () => milestoneChunks(opts.file, rows, scaleId, detected, plan, model.milestoneCount),
    };
  return { src: source, plan, model, statuses: stream ? statuses : undefined };
}

/** Milestones read with the writer's chunks (storage/plan-writer-milestones.ts CHUNK). */
const MILESTONE_CHUNK = 500;

async function* milestoneChunks(
  file: string,
  rows: () => AsyncIterable<PlanRow>,
  scaleId: ScaleId,
  detected: boolean,
  plan: PlanTable,
  expected: number,
): AsyncGenerator<MilestoneModel[]> {
  let chunk: MilestoneModel[] = [];
  const builder = planBuilder(plan.columns, scaleId, detected, { milestone: (m) => chunk.push(m), records: false });
  let n = 0;
  for await (const { row, rowNo, table } of rows()) {
    builder.add(row, rowNo, table);
    if (chunk.length >= MILESTONE_CHUNK) {
      n += chunk.length;
      yield chunk;
      chunk = [];
    }
  }
  n += chunk.length;
  if (chunk.length) yield chunk;
  if (n !== expected) {
    throw new ImportError(
      "unreadable",
      `${file} changed while it was being imported (${expected} milestones, then ${n}); nothing was written. Import it again`,
    );
  }
}

/**
 * XLSX and DOCX: the whole file's tables at once (a workbook's as text, read-xlsx-stream.ts). With `stream`, a
 * workbook's milestones go to the writer a chunk at a time, built again from the plan's rows, as a CSV's do.
 */
async function readWhole(opts: ImportOptions, overrides: Record<string, Field>, scale: ScaleId | "auto", stream: boolean): Promise<Read> {
  const src = await readSource(opts.file, { sheet: opts.sheet });
  if (src.tables.every((t) => t.rows.every((r) => r.every((c) => c.trim() === "")))) {
    throw new ImportError("empty", `${opts.file} is empty: no header row and no data`);
  }
  const plan = planTable(src, overrides, opts.file);
  checkMapped(plan, overrides, opts.file);
  if (plan.dataRows.every((r) => r.every((c) => c.trim() === ""))) {
    throw new ImportError("empty", `${opts.file} has a header row but no data rows`);
  }
  if (stream && src.format === "xlsx") {
    const detected = scale === "auto";
    let scaleId = scale as ScaleId;
    if (detected) {
      const tally = scaleTally();
      for (const row of plan.dataRows) for (const v of scaleCells(row, plan.columns)) tally.add(v);
      scaleId = tally.scale();
    }
    const rows = async function* (): AsyncGenerator<PlanRow> {
      for (let i = 0; i < plan.dataRows.length; i++) {
        yield { row: plan.dataRows[i] as string[], rowNo: plan.rowNumbers[i] as number, table: plan.rowSources?.[i] ?? null };
      }
    };
    return buildStreamed(opts, { format: src.format }, plan, scaleId, detected, plan.dataRows.length, rows, true);
  }
  const model = buildPlanModel(plan.dataRows, plan.columns, {
    scale,
    rowNumbers: plan.rowNumbers,
    rowSources: plan.rowSources,
    onRow: progressEvery(opts),
  });
  return { src, plan, model };
}

/** Import (or with dryRun only read) a plan file. Nothing is written for a dry run, or for --strict with bad rows. */
export async function importPlan(db: Db | null, opts: ImportOptions): Promise<ImportReport> {
  const { model, summary, statuses } = await readPlan(opts, true);
  const report: ImportReport = { plan: summary, records: model.records, errors: model.errors, written: false, counts: null };
  if (opts.records === false) {
    report.records = [];
    report.statuses = statuses ?? countStatuses(model.milestones);
  }
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

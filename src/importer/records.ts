// Rows -> plan records: sections, actions, milestones, owners and statuses, with the judgement calls each
// council layout needs (documented where they are made).
import crypto, { createHash } from "node:crypto";
import { parseUkDate } from "../core/dates.js";
import { normaliseName, splitOwners } from "../core/owners.js";
import { readRating, readStatusCell, type StatusReading, scaleTally } from "../core/plan-labels.js";
import { type ScaleId, scaleOf } from "../core/status.js";
import type { RowError } from "./errors.js";
import type { Column, Field } from "./headers.js";
import type { ActionModel, HistoryEntry, ImportRecord, MilestoneModel, PlanModel, SectionModel } from "./plan-model.js";
import { sectionParts } from "./sections.js";

export type { ActionModel, HistoryEntry, ImportRecord, MilestoneModel, PlanModel, SectionModel } from "./plan-model.js";

// crypto.hash (Node 20.12+) is twice as fast as a Hash object for these short texts (two per row per reading)
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: "hex") => string }).hash;

export function digest(text: string): string {
  return (oneShot ? oneShot("sha1", text, "hex") : createHash("sha1").update(text).digest("hex")).slice(0, 16);
}

const CONTENT_FIELDS: ReadonlySet<Field> = new Set<Field>([
  "ref",
  "action",
  "milestone",
  "successMeasure",
  "lead",
  "owner",
  "due",
  "status",
  "rating",
  "progress",
  "impact",
  "percent",
  "monthMilestone",
]);

// Durham's "PID Milestones" cell lists the theme's milestones ("M1 - ... M2 - ...") on every row, with no dates
// or owners of their own. They are the theme's milestone list, not this row's milestone: we keep the text with
// the action (extra "PID Milestones") and the row itself becomes the action's dated milestone.
// (Theme 4 lists only "M1 - ..."; any cell opening with "M<n> -" is such a list.)
const US_NOTE = "read as US month/day order";

const PID_LIST = /^\s*M\d+\s*[-–—:]\s*\S/;

function firstLine(text: string): string {
  return (text.split("\n").find((l) => l.trim()) ?? text).trim();
}

/** Distinct texts per action field, joined with a blank line (kept as sets so big plans stay linear). */
class Texts {
  private sets = new Map<string, Set<string>>();
  add(key: string, text: string): string {
    let set = this.sets.get(key);
    if (!set) {
      set = new Set();
      this.sets.set(key, set);
    }
    set.add(text);
    return [...set].join("\n\n");
  }
}

function memo<T>(fn: (s: string) => T): (s: string) => T {
  const cache = new Map<string, T>();
  return (s) => {
    let v = cache.get(s);
    if (v === undefined) {
      v = fn(s);
      if (cache.size < 100_000) cache.set(s, v);
    }
    return v;
  };
}

export interface BuildOptions {
  scale: ScaleId | "auto";
  /** per data row: the row number the person sees (default: 1, 2, ...) */
  rowNumbers?: number[];
  /** per data row: the table it came from (named in errors when a plan spans several tables) */
  rowSources?: (string | null)[] | null;
  onRow?: (done: number, total: number) => void;
}

export function buildPlanModel(dataRows: string[][], columns: Column[], opts: BuildOptions): PlanModel {
  // the scale: given, or guessed from every status/rating cell of the file
  let scaleId: ScaleId;
  if (opts.scale === "auto") {
    const tally = scaleTally();
    for (const row of dataRows) for (const v of scaleCells(row, columns)) tally.add(v);
    scaleId = tally.scale();
  } else scaleId = opts.scale;
  const builder = planBuilder(columns, scaleId, opts.scale === "auto");
  for (let i = 0; i < dataRows.length; i++) {
    opts.onRow?.(i + 1, dataRows.length);
    builder.add(dataRows[i] as string[], opts.rowNumbers?.[i] ?? i + 1, opts.rowSources?.[i] ?? null);
  }
  return builder.finish(dataRows.length);
}

/** The cells of a row that tell the scale (its status and rating cells), for the detection of an "auto" scale. */
export function scaleCells(row: string[], columns: Column[]): string[] {
  const status = columns.find((c) => c.field === "status");
  const out = status ? [(row[status.index] ?? "").trim()] : [];
  for (const c of columns) if (c.field === "rating") out.push((row[c.index] ?? "").trim());
  return out;
}

export interface PlanBuilder {
  /** one data row, in file order: its number as the person sees it, and its table when there are several */
  add(row: string[], rowNo: number, table: string | null): void;
  finish(rows: number): PlanModel;
}

export interface BuilderOptions {
  /** each milestone as it is read, instead of keeping them in the model (a streamed import writes them in chunks) */
  milestone?: (m: MilestoneModel) => void;
  /** keep the dry run's records (default true) */
  records?: boolean;
}

/** Rows -> model one row at a time (the fill-down state is carried from row to row). */
export function planBuilder(columns: Column[], scaleId: ScaleId, scaleDetected: boolean, opts: BuilderOptions = {}): PlanBuilder {
  const keepRecords = opts.records ?? true;
  let milestoneCount = 0;
  const col = (f: Field) => columns.find((c) => c.field === f);
  const cSection = col("section");
  const cRef = col("ref");
  const cOutcome = col("outcome");
  const cAction = col("action") as Column;
  const cMilestone = col("milestone");
  const cSuccess = col("successMeasure");
  const cLead = col("lead");
  const cOwner = col("owner");
  const cStart = col("start");
  const cDue = col("due");
  const cStatus = col("status");
  const cProgress = col("progress");
  const cImpact = col("impact");
  const cPercent = col("percent");
  const cRec = col("recommendation");
  const ratingCols = columns.filter((c) => c.field === "rating");
  const monthCols = columns.filter((c) => c.field === "monthMilestone");
  const extraCols = columns.filter((c) => c.field === "extra" && c.header.trim());

  const cell = (row: string[], c: Column | undefined): string => (c ? (row[c.index] ?? "").trim() : "");

  const scale = scaleOf(scaleId);

  const sections = new Map<string, SectionModel>();
  const actions = new Map<string, ActionModel>();
  const milestones: MilestoneModel[] = [];
  // per action: how many of its milestones have each base key so far (an action's map, not one "action|base"
  // string per milestone: those were most of what a 50,000-row import's second reading kept)
  const milestoneKeys = new Map<string, Map<string, number>>();
  const records: ImportRecord[] = [];
  const errors: RowError[] = [];
  let source: string | null = null;
  const pushError = (e: RowError) => errors.push(source ? { ...e, table: source } : e);
  let skipped = 0;
  const texts = new Texts();
  // date, owner and action cells repeat a lot in big plans (an action's title is on each of its rows)
  const readDate = memo(parseUkDate);
  const readOwners = memo(splitOwners);
  const titleKeyOf = memo((title) => `t:${digest(title)}`);

  // fill-down state: section, ref, action and lead are parent cells these exports leave blank below
  let prevSection: string | null = null;
  let prevAction: string | null = null;
  let prevRef: string | null = null;
  let prevLead = "";

  function add(row: string[], rowNo: number, table: string | null): void {
    source = table;
    if (!columns.some((c) => CONTENT_FIELDS.has(c.field) && cell(row, c) !== "")) {
      // blank line or a template row (Thurrock's indicator sheet ends with rows holding only a section and "0")
      skipped++;
      return;
    }
    const ownSection = cell(row, cSection);
    const section: string | null = ownSection || prevSection;
    const sectionChanged = section !== prevSection;
    const ownAction = cell(row, cAction);
    const ownRef = cell(row, cRef);
    // a continuation row: no action of its own, same section (never fill an action down into the next section)
    const continuation: boolean = !ownAction && !sectionChanged && prevAction !== null && (!ownRef || ownRef === prevRef);
    let action: string | null = ownAction || (continuation ? prevAction : null);
    const ref: string | null = ownRef || (continuation || ownAction === prevAction ? prevRef : null) || null;
    const ownLead = cell(row, cLead);
    const sameAction = continuation || (ownAction !== "" && ownAction === prevAction && !sectionChanged);
    const leadCell = ownLead || (sameAction ? prevLead : "");
    prevSection = section;
    if (!action) {
      // a garbled row (Thurrock's priority 4 opens with one): keep its content under an action named after the
      // first text it has, and report it, rather than lose an owner's milestone
      const stand = [cOutcome, cMilestone, cSuccess].map((c) => cell(row, c)).find((v) => v && !PID_LIST.test(v));
      if (!stand) {
        pushError({
          row: rowNo,
          column: cAction.header,
          message: "no action text on this row or above it in the same section; row skipped",
        });
        return;
      }
      action = stand;
      pushError({
        row: rowNo,
        column: cAction.header,
        message: `no action text on this row or above it in the same section; imported under "${firstLine(stand).slice(0, 60)}"`,
      });
    }
    prevAction = action;
    prevRef = ref;
    prevLead = leadCell;

    // section: label as written, its number for questions ("priority 3")
    if (section && !sections.has(section)) sections.set(section, { ...sectionParts(section), position: sections.size });

    // action identity: the ref when the plan has refs, else section + title
    const actionKey = ref ? `ref:${ref}` : titleKeyOf(`${section ?? ""}\n${action}`);
    let a = actions.get(actionKey);
    if (!a) {
      a = {
        key: actionKey,
        sectionLabel: section,
        ref,
        title: action,
        outcome: null,
        successMeasures: null,
        recommendation: null,
        startRaw: null,
        start: null,
        extra: {},
        position: actions.size,
        leads: [],
      };
      actions.set(actionKey, a);
    }
    const outcome = cell(row, cOutcome);
    if (outcome) a.outcome = texts.add(`${actionKey}\0outcome`, outcome);
    const success = cell(row, cSuccess);
    if (success) a.successMeasures = texts.add(`${actionKey}\0success`, success);
    const rec = cell(row, cRec);
    if (rec) a.recommendation = texts.add(`${actionKey}\0rec`, rec);
    for (const lead of readOwners(leadCell)) {
      if (!a.leads.some((l) => normaliseName(l.name) === normaliseName(lead.name))) a.leads.push(lead);
    }
    const startRaw = cell(row, cStart);
    if (startRaw) {
      const p = readDate(startRaw);
      a.startRaw ??= startRaw;
      const first = p.kind === "date" ? (p.dates[0] as string) : null;
      if (first && (!a.start || first < a.start)) a.start = first;
    }
    const milestoneCell = cell(row, cMilestone);
    const isPidList = milestoneCell !== "" && PID_LIST.test(milestoneCell);
    for (const ec of extraCols) {
      const v = cell(row, ec);
      if (v) a.extra[ec.header.trim()] = texts.add(`${actionKey}\0x${ec.index}`, v);
    }
    if (isPidList && cMilestone) a.extra[cMilestone.header.trim()] = texts.add(`${actionKey}\0pid`, milestoneCell);

    // owners: the milestone-level column (Who / Lead Officer / Responsible Officer) when filled, else the leads
    const ownerCell = cell(row, cOwner);
    const owners = ownerCell ? readOwners(ownerCell) : readOwners(leadCell);

    // status: the latest non-empty, non-zero RAG <period> rating wins (earlier ones are history); else the
    // status column, which may also be free-text progress ("Progress & RAG")
    let reading: StatusReading = { kind: "empty", status: "unknown", label: null, update: null };
    let statusRaw: string | null = null;
    const history: HistoryEntry[] = [];
    const rated: { reading: StatusReading; period: string; raw: string }[] = [];
    for (const rc of ratingCols) {
      const raw = cell(row, rc);
      const r = readRating(raw, scale);
      if (r.kind === "invalid") {
        pushError({ row: rowNo, column: rc.header, message: `"${raw}" is not a rating on the ${scale.name} scale; ignored` });
      } else if (r.kind === "status") rated.push({ reading: r, period: rc.period ?? rc.header, raw });
    }
    if (rated.length > 0) {
      const last = rated[rated.length - 1] as (typeof rated)[number];
      reading = last.reading;
      statusRaw = last.raw;
      for (const r of rated.slice(0, -1)) history.push({ status: r.reading.status, label: r.reading.label as string, period: r.period });
    }
    const statusCell = cell(row, cStatus);
    if (statusCell) {
      const r = readStatusCell(statusCell, scale);
      if (reading.kind === "empty") {
        reading = r;
        statusRaw = statusCell;
      } else if (r.update) reading = { ...reading, update: reading.update ?? r.update };
    }
    const progress = cell(row, cProgress);
    const latestUpdate = progress || reading.update || null;

    let percentComplete: number | null = null;
    const pct = cell(row, cPercent);
    if (pct) {
      const n = Number(pct.replace(/%$/, "").trim());
      const value = n > 0 && n <= 1 && pct.includes(".") && !pct.includes("%") ? n * 100 : n;
      if (Number.isFinite(value) && value >= 0 && value <= 100) percentComplete = Math.round(value);
      else pushError({ row: rowNo, column: cPercent?.header ?? "", message: `"${pct}" is not a percentage (0-100)` });
    }
    const impact = cell(row, cImpact) || null;

    // due date of the row
    const dueRawCell = cell(row, cDue);
    const parsed = readDate(dueRawCell);
    if (parsed.kind === "unreadable") {
      pushError({
        row: rowNo,
        column: cDue?.header ?? "",
        message: `cannot read the date "${dueRawCell}"${parsed.note ? ` (${parsed.note})` : ""}; imported with no due date`,
      });
    } else if (parsed.kind === "date" && parsed.note === US_NOTE) {
      pushError({
        row: rowNo,
        column: cDue?.header ?? "",
        message: `"${dueRawCell}" is a US-order date (month first): read as ${parsed.due}; the plan's other dates are day first, so check it`,
      });
    }

    // the row's milestones: Devon North's month columns give one per filled cell (due the end of that month);
    // else the milestone column, else the success measure (Thurrock: one measure per row), else the action
    // itself (a plan without milestones has one per action). Merged multi-milestone cells (Devon: several
    // milestones, dates and owners in one cell) stay one milestone, due the latest date, every owner kept.
    const slots: { title: string; slot: string; due: string | null; dueRaw: string | null; isOwn: boolean }[] = [];
    for (const mc of monthCols) {
      const v = cell(row, mc);
      if (v) slots.push({ title: v, slot: mc.header, due: mc.due ?? null, dueRaw: mc.dueRaw ?? mc.header, isOwn: true });
    }
    if (slots.length === 0) {
      const due = parsed.kind === "date" ? parsed.due : null;
      const dueRaw = dueRawCell || null;
      if (milestoneCell && !isPidList) slots.push({ title: milestoneCell, slot: "", due, dueRaw, isOwn: true });
      else if (success) slots.push({ title: success, slot: "", due, dueRaw, isOwn: true });
      else slots.push({ title: firstLine(action), slot: "", due, dueRaw, isOwn: false });
    }
    for (const s of slots) {
      const base = digest(`${s.title}\n${s.slot}`);
      let seen = milestoneKeys.get(actionKey);
      if (!seen) {
        seen = new Map();
        milestoneKeys.set(actionKey, seen);
      }
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      const key = n === 1 ? base : `${base}.${n}`;
      const m: MilestoneModel = {
        actionKey,
        key,
        title: s.title,
        dueRaw: s.dueRaw,
        due: s.due,
        status: reading.status,
        statusLabel: reading.label,
        percentComplete,
        latestUpdate,
        impact,
        position: milestoneCount++,
        sourceRow: rowNo,
        owners,
        history,
      };
      if (opts.milestone) opts.milestone(m);
      else milestones.push(m);
      if (keepRecords)
        records.push({
          row: rowNo,
          section,
          ref,
          action,
          milestone: s.isOwn ? s.title : null,
          owners: owners.map((o) => o.name),
          ownerRoles: owners.map((o) => o.roleTitle),
          due: s.due,
          dueRaw: s.dueRaw,
          status: reading.status,
          statusRaw,
          latestUpdate,
        });
    }
  }
  return {
    add,
    finish: (rows: number): PlanModel => ({
      scale: scaleId,
      scaleDetected,
      sections: [...sections.values()],
      actions: [...actions.values()],
      milestones,
      milestoneCount,
      records,
      errors,
      rows,
      skippedRows: skipped,
    }),
  };
}

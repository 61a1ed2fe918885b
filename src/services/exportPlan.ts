// `ragtime export <plan> --xlsx out.xlsx`: the plan written back as the spreadsheet a board officer knows —
// one row per milestone in document order, statuses in the plan's own labels, dates as real Excel dates.

import { TZDate } from "@date-fns/tz";
import { safeCell } from "../core/digest/paper.js";
import { UserError } from "../core/errors.js";
import { isStatus, type Scale, scaleOf, statusLabel } from "../core/status.js";
import type { Db } from "../storage/db.js";
import { findPlanByKey, type PlanMilestoneRow, planMilestones } from "../storage/planReport.js";
import { latestUpdatesByMilestone } from "../storage/updates.js";

export const EXPORT_COLUMNS = [
  { header: "Section", key: "section", width: 34, wrap: true },
  { header: "Ref", key: "ref", width: 8 },
  { header: "Action", key: "action", width: 50, wrap: true },
  { header: "Milestone", key: "milestone", width: 50, wrap: true },
  { header: "Owners", key: "owners", width: 26, wrap: true },
  { header: "Baseline due", key: "baselineDue", width: 13, date: true },
  { header: "Revised due", key: "revisedDue", width: 13, date: true },
  { header: "Reason for revised date", key: "revisedReason", width: 30, wrap: true },
  { header: "Status", key: "status", width: 18 },
  { header: "% complete", key: "percent", width: 11 },
  { header: "Latest update", key: "latestUpdate", width: 60, wrap: true },
  { header: "Impact", key: "impact", width: 40, wrap: true },
  { header: "Last updated by", key: "updatedBy", width: 22 },
  { header: "Last updated at", key: "updatedAt", width: 17, dateTime: true },
  // what people type in chat and the CLI ("status of 3.2"): the ref, or the handle made at import
  { header: "Handle", key: "handle", width: 9 },
] as const;

export interface ExportResult {
  file: string;
  plan: { key: string; name: string };
  rows: number;
}

export class ExportError extends UserError {
  constructor(message: string, fix?: string) {
    super("export.bad_input", message, fix);
  }
}

/** The label a status has in the plan's own scale, as the council writes it ("Amber", "3", "Achieved"). */
export function exportStatusLabel(scale: Scale, status: string, label: string | null): string {
  const st = isStatus(status) ? status : "unknown";
  // an unrated milestone is a blank cell, as councils leave it; everything else is the one label source
  if (st === "unknown" && !label?.trim()) return "";
  return statusLabel(scale, st, label);
}

/** Excel has no time zones: store the wall-clock time in the plan's zone (exceljs writes UTC fields). */
function wallClock(at: Date, timeZone: string): Date {
  const z = new TZDate(at.getTime(), timeZone);
  return new Date(Date.UTC(z.getFullYear(), z.getMonth(), z.getDate(), z.getHours(), z.getMinutes(), z.getSeconds()));
}

function baselineCell(r: PlanMilestoneRow): Date | string | null {
  if (r.baselineDue) return r.baselineDue;
  if (r.due && !r.revisedDue) return r.due;
  return r.dueRaw ?? null;
}

function sheetName(s: string): string {
  return (
    s
      .replace(/[[\]:*?/\\]/g, " ")
      .slice(0, 31)
      .trim() || "Plan"
  );
}

interface ExportRow {
  values: Record<(typeof EXPORT_COLUMNS)[number]["key"], string | number | Date | null>;
}

async function exportRows(db: Db, planKey: string): Promise<{ plan: { key: string; name: string; timeZone: string }; rows: ExportRow[] }> {
  const plan = await findPlanByKey(db, planKey);
  if (!plan) throw new ExportError(`No plan with key "${planKey}". See \`ragtime plans list\`.`);
  const scale = scaleOf(plan.scale);
  const rows = await planMilestones(db, plan.id);
  const latest = await latestUpdatesByMilestone(
    db,
    rows.map((r) => r.milestoneId),
  );
  // every text cell goes through safeCell: a cell starting =, +, -, @, tab or CR never becomes a formula
  const out = rows.map((r) => {
    const u = latest.get(r.milestoneId);
    const by = u ? (u.by?.name ?? (u.source === "import" ? "Imported" : "")) : "";
    const at = u?.createdAt ?? r.statusAt;
    const base = baselineCell(r);
    return {
      values: {
        section: safeCell(r.sectionLabel),
        ref: safeCell(r.ref),
        handle: safeCell(r.handle ?? r.ref),
        action: safeCell(r.actionTitle),
        milestone: safeCell(r.milestoneTitle),
        owners: safeCell(r.owners.join(", ")),
        baselineDue: typeof base === "string" ? safeCell(base) : base,
        revisedDue: r.revisedDue,
        revisedReason: safeCell(r.revisedReason),
        status: safeCell(exportStatusLabel(scale, r.status, r.statusLabel)),
        percent: r.percentComplete,
        latestUpdate: safeCell(r.latestUpdate),
        impact: safeCell(r.impact),
        updatedBy: safeCell(by),
        updatedAt: at ? wallClock(at, plan.timeZone) : null,
      },
    };
  });
  return { plan, rows: out };
}

function csvField(v: string | number | Date | null): string {
  if (v === null) return "";
  const t =
    v instanceof Date
      ? v
          .toISOString()
          .slice(0, v.getUTCHours() || v.getUTCMinutes() ? 16 : 10)
          .replace("T", " ")
      : String(v);
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

/** The same rows as the spreadsheet export, as UTF-8 CSV (with a BOM so Excel reads the encoding). */
export async function exportPlanCsv(db: Db, planKey: string, file: string): Promise<ExportResult> {
  const { plan, rows } = await exportRows(db, planKey);
  const lines = [EXPORT_COLUMNS.map((c) => csvField(c.header)).join(",")];
  for (const r of rows) lines.push(EXPORT_COLUMNS.map((c) => csvField(r.values[c.key])).join(","));
  const { writeFile } = await import("node:fs/promises");
  await writeFile(file, `\uFEFF${lines.join("\r\n")}\r\n`, "utf8");
  return { file, plan: { key: plan.key, name: plan.name }, rows: rows.length };
}

export async function exportPlanXlsx(db: Db, planKey: string, file: string): Promise<ExportResult> {
  const { plan, rows } = await exportRows(db, planKey);
  // loaded on first use: importing exceljs costs ~2 s, which every CLI command would otherwise pay
  const { default: Excel } = await import("exceljs");
  const wb = new Excel.Workbook();
  wb.creator = "ragtime";
  wb.title = plan.name;
  const ws = wb.addWorksheet(sheetName(plan.key), { views: [{ state: "frozen", ySplit: 1, xSplit: 0 }] });
  ws.columns = EXPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  for (const r of rows) ws.addRow(r.values);
  EXPORT_COLUMNS.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    if ("date" in c) col.numFmt = "dd/mm/yyyy";
    if ("dateTime" in c) col.numFmt = "dd/mm/yyyy hh:mm";
    if ("wrap" in c) col.alignment = { wrapText: true, vertical: "top" };
    else col.alignment = { vertical: "top" };
  });
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: "middle", wrapText: true };
  header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9E1F2" } };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: EXPORT_COLUMNS.length } };
  ws.pageSetup = { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "1:1" };
  await wb.xlsx.writeFile(file);
  return { file, plan: { key: plan.key, name: plan.name }, rows: rows.length };
}

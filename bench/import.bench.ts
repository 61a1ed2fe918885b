// Import speed and memory: a generated plan (Thurrock-like layout: sections, actions with several milestone rows
// each, fuzzy dates, owners, RAG period columns) at 5,000, 20,000 and 50,000 rows into a fresh SQLite file, then
// the same file again (the no-change re-import path). Each import runs in its own process, as `ragtime import`
// does, and that process's peak RSS (ru_maxrss) is printed. Goal at 50,000 rows: < 5 s with peak RSS < 300 MB
// (MB = 10^6 bytes). The growth lines print each step's ratio: it should be linear.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os, { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { readPlanFile } from "../src/services/importPlan.js";
import { createSqliteTestDb } from "../tests/helpers/db.js";
import { toDocx } from "../tests/helpers/plan-files.js";
import { figure, fmtMs } from "./util.js";

export const title = "import: 50,000-row plan CSV and XLSX; 200-page Word plan";

// a Word plan page (landscape table, plan-length text) holds about 12 rows: 2,400 rows is ~200 pages
const DOCX_ROWS = Number(process.env.BENCH_IMPORT_DOCX_ROWS ?? 2_400);

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 50_000);
// the growth curve: import time and peak memory at each size (the last is the goal's)
const SIZES = [5_000, 20_000, ROWS].filter((n, i, all) => n <= ROWS && all.indexOf(n) === i);
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const FIRST = ["Joe", "Janet", "Clare", "Neale", "Sheila", "Wendy", "Teresa", "Rory", "Michele", "Sue", "Keelley", "Iqbal"];
const LAST = ["Tynan", "Simon", "Moore", "Laurie", "Murphy", "Brown", "Goulding", "Patterson", "Lucas", "Green", "Pullen", "Khan"];

function csvCell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function generate(rows: number): string {
  const out = ["Section,Action,Success measure(s),Lead,Responsible Officer,Time,RAG Initial,RAG 01/18,RAG 03/18,Progress update"];
  for (let i = 0; i < rows; i++) {
    const s = Math.floor((i * 8) / rows) + 1;
    const section = `${s}. Priority area number ${s}`;
    const action = Math.floor(i / 10);
    const person = (n: number) => `${FIRST[n % FIRST.length]} ${LAST[Math.floor(n / FIRST.length) % LAST.length]}`;
    const time =
      i % 7 === 0 ? `01/0${(i % 9) + 1}/18` : i % 5 === 0 ? `${(i % 28) + 1} ${MONTHS[i % 12]} 2018` : `${MONTHS[i % 12]}-${17 + (i % 3)}`;
    out.push(
      [
        section,
        // the action is written on its first row only (continuation rows leave it blank, as exports do)
        i % 10 === 0 ? `Action ${action}: improve the quality of practice, with measurable goals` : "",
        `Success measure ${i}: 80% of cases audited good or better`,
        i % 10 === 0 ? person(action) : "",
        i % 3 === 0 ? `${person(i)}/${person(i + 7)}` : person(i + 3),
        time,
        String((i % 4) + 1),
        String(((i + 1) % 4) + 1),
        i % 2 === 0 ? "0" : String(((i + 2) % 4) + 1),
        i % 4 === 0 ? `Progress on item ${i}, reviewed monthly` : "",
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return `${out.join("\n")}\n`;
}

interface ChildResult {
  ms: number;
  cpuMs: number;
  peakRssMb: number;
  startRssMb: number;
  milestones: number;
  actions: number;
  counts?: { milestones: { created: number; unchanged: number }; people: { created: number }; statusUpdates: number };
}

/** One import (or read) in a fresh process, as `ragtime import` runs: its peak RSS is the import's own. */
function child(url: string, file: string, mode: "import" | "read"): ChildResult {
  const script = join(import.meta.dirname, "import-child.ts");
  const r = spawnSync(process.execPath, ["--import", "tsx", script, url, file, "bench", mode], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`import child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop() as string) as ChildResult;
}

const mb = (n: number) => `${n.toFixed(0)} MB`;
const both = (x: { ms: number; cpuMs: number }) => `${fmtMs(x.ms)} wall, ${fmtMs(x.cpuMs)} CPU`;

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "ragtime-bench-"));
  try {
    // growth: the same layout at each size, each import in its own process (first import, then unchanged re-import)
    const rows: { n: number; first: ChildResult; again: ChildResult }[] = [];
    for (const n of SIZES) {
      const file = join(dir, `plan-${n}.csv`);
      writeFileSync(file, generate(n));
      const h = await createSqliteTestDb({ dir });
      const url = h.url;
      await h.close();
      const first = child(url, file, "import");
      const again = child(url, file, "import");
      rows.push({ n, first, again });
      const goal = n === ROWS ? "< 5 s, peak RSS < 300 MB" : undefined;
      figure(
        `${n} rows: first import`,
        `${both(first)}, peak RSS ${mb(first.peakRssMb)} (${first.actions} actions, ${first.milestones} milestones, ${first.counts?.statusUpdates} status updates)`,
        goal,
      );
      figure(
        `${n} rows: re-import, unchanged`,
        `${both(again)}, peak RSS ${mb(again.peakRssMb)} (${again.counts?.milestones.unchanged} unchanged)`,
        goal,
      );
    }
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1], rows[i]] as [(typeof rows)[number], (typeof rows)[number]];
      const x = (p: number, q: number) => `x${(q / p).toFixed(2)}`;
      figure(
        `growth ${a.n} -> ${b.n} rows (x${(b.n / a.n).toFixed(1)})`,
        `first import CPU ${x(a.first.cpuMs, b.first.cpuMs)}, re-import CPU ${x(a.again.cpuMs, b.again.cpuMs)}; peak RSS ${x(a.first.peakRssMb, b.first.peakRssMb)} / ${x(a.again.peakRssMb, b.again.peakRssMb)}`,
        "linear or better",
      );
    }
    const base = rows[0]?.first.startRssMb ?? 0;
    figure("RSS of a process before it imports", `${mb(base)} (Node, tsx, Prisma)`);
    const big = join(dir, `plan-${ROWS}.csv`);
    const read = child("", big, "read");
    figure(`${ROWS} rows: read + interpret only (CSV -> records)`, `${both(read)}, peak RSS ${mb(read.peakRssMb)}`);
    await xlsxBench(dir);
    figure("load average (1 min) at the end", os.loadavg()[0]?.toFixed(1) ?? "?");
    const time = async <T>(fn: () => Promise<T>) => {
      const t = performance.now();
      const c = process.cpuUsage();
      const result = await fn();
      const cpu = process.cpuUsage(c);
      return { result, ms: performance.now() - t, cpuMs: (cpu.user + cpu.system) / 1000 };
    };
    await docxBench(dir, time, both);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The same generated plan as a council's workbook (written with exceljs's streaming writer, so the bench holds
 * no workbook): a cover sheet, then the plan's sheet with a title merged across, each section a row merged
 * across the table above its rows (no section column), and the action and its lead merged down over the
 * action's milestone rows. Its first import runs in its own process, as the CSV's does.
 */
export async function xlsxBench(dir: string, n = ROWS): Promise<void> {
  const rows = parse(generate(n), { relax_column_count: true }) as string[][];
  const file = join(dir, `plan-${n}.xlsx`);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const cover = wb.addWorksheet("Cover");
  cover.addRow(["Children's Services Improvement Plan"]).commit();
  cover.addRow(["Version 3, presented to the Improvement Board"]).commit();
  cover.commit();
  const ws = wb.addWorksheet("Improvement plan");
  const head = (rows[0] as string[]).slice(1);
  const width = head.length;
  const title = ws.addRow(["Children's Services Improvement Plan: actions and milestones"]);
  ws.mergeCells(1, 1, 1, width);
  title.commit();
  ws.addRow(head).commit();
  let at = 2;
  let section = "";
  let action: { row: number; until: number } | null = null;
  // a row is committed (written out) once the merges over it are made
  let pending: ExcelJS.Row[] = [];
  const endAction = () => {
    if (action && action.until > action.row) {
      ws.mergeCells(action.row, 1, action.until, 1);
      ws.mergeCells(action.row, 3, action.until, 3);
    }
    action = null;
    for (const row of pending) row.commit();
    pending = [];
  };
  for (const r of rows.slice(1)) {
    if (r[0] !== section) {
      endAction();
      section = r[0] as string;
      const band = ws.addRow([section]);
      at++;
      ws.mergeCells(at, 1, at, width);
      band.commit();
    }
    const cells = r.slice(1);
    if (cells[0]) endAction();
    pending.push(ws.addRow(cells));
    at++;
    if (cells[0]) action = { row: at, until: at };
    else if (action) action.until = at;
  }
  endAction();
  ws.commit();
  await wb.commit();
  const h = await createSqliteTestDb({ dir });
  const url = h.url;
  await h.close();
  const first = child(url, file, "import");
  figure(
    `${n} rows .xlsx (merged sections and actions): first import`,
    `${both(first)}, peak RSS ${mb(first.peakRssMb)} (${first.actions} actions, ${first.milestones} milestones; ${(statSync(file).size / 1e6).toFixed(1)} MB file)`,
    "< 5 s, peak RSS < 300 MB",
  );
}

/** A 200-page-equivalent Word plan: one table per section under its heading, the action and lead merged down
 * over their milestone rows, a contents table, a glossary and a sign-off table. */
async function docxBench(
  dir: string,
  time: <T>(fn: () => Promise<T>) => Promise<{ result: T; ms: number; cpuMs: number }>,
  both: (x: { ms: number; cpuMs: number }) => string,
): Promise<void> {
  const rows = parse(generate(DOCX_ROWS), { relax_column_count: true }) as string[][];
  // written once per action in the CSV; in Word the cell is merged down over the action's rows
  for (let i = 2; i < rows.length; i++) {
    const r = rows[i] as string[];
    const above = rows[i - 1] as string[];
    if (r[0] === above[0] && r[1] === "") [r[1], r[3]] = [above[1] as string, above[3] as string];
  }
  const file = join(dir, "plan.docx");
  const built = await time(() => toDocx(rows, file, { sectionColumn: 0, mergeColumns: [1, 3], otherTables: true }));
  const read = await time(() => readPlanFile({ file, planKey: "bench-docx" }));
  const { model, summary } = read.result;
  figure(
    "200-page .docx",
    `${DOCX_ROWS} rows in ${summary.tables.used.length} tables (+${summary.tables.skipped.length} skipped), ${(statSync(file).size / 1e6).toFixed(1)} MB; ${model.milestones.length} milestones (built in ${fmtMs(built.ms)})`,
  );
  figure("200-page .docx: read + interpret (DOCX -> records)", both(read), "< 10 s");
}

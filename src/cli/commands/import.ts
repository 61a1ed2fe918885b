// `ragtime import <file.csv|file.xlsx|file.docx> --plan <key> [--name] [--scale] [--sheet] [--map header=field ...]
//  [--dry-run] [--json] [--strict]`
import cliProgress from "cli-progress";
import type { Command } from "commander";
import { canonicalLabel, SCALE_IDS, type ScaleId, type Status, scaleOf } from "../../core/status.js";
import { ImportError } from "../../importer/errors.js";
import { looksLikeIndicatorTable } from "../../services/importIndicators.js";
import { type ImportOptions, type ImportReport, importPlan } from "../../services/importPlan.js";
import { cliClock, UsageError, withDb } from "../context.js";
import type { CliIo } from "../io.js";
import { runIndicatorImport } from "./import-indicators.js";

interface Flags {
  plan: string;
  name?: string;
  scale: string;
  sheet?: string;
  map?: string[];
  dryRun?: boolean;
  json?: boolean;
  strict?: boolean;
  indicators?: boolean;
  year?: string;
}

/** A progress bar on stderr, only without --json and when stderr is a terminal or the file is long. */
function progressFor(io: CliIo, json: boolean | undefined): { onProgress: ImportOptions["onProgress"]; stop(): void } {
  if (json) return { onProgress: undefined, stop() {} };
  let bar: cliProgress.SingleBar | null = null;
  let phase = "";
  return {
    onProgress(p, done, total) {
      if (!bar && !(io.stderrIsTTY || total > 1000)) return;
      if (phase !== p) {
        bar?.stop();
        phase = p;
        bar = new cliProgress.SingleBar(
          {
            stream: io.stderr,
            format: `${p === "read" ? "reading rows " : "writing      "} [{bar}] {value}/{total}`,
            noTTYOutput: true,
            notTTYSchedule: 2000,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      }
      bar?.update(done);
    },
    stop() {
      bar?.stop();
    },
  };
}

function summary(r: ImportReport): string {
  const scale = scaleOf(r.plan.scale);
  const lines: string[] = [];
  const verb = r.written ? "Imported" : "Read (nothing written)";
  lines.push(`${verb} ${r.plan.sourceFile} as plan "${r.plan.key}" (${r.plan.name})`);
  lines.push(`  scale: ${scale.name}${r.plan.scaleDetected ? " (detected)" : ""}`);
  lines.push(`  rows: ${r.plan.rows} data rows${r.plan.skippedRows ? `, ${r.plan.skippedRows} blank/template rows skipped` : ""}`);
  lines.push(`  ${r.plan.sections} sections, ${r.plan.actions} actions, ${r.plan.milestones} milestones`);
  const p = r.plan;
  const read = [p.format.toUpperCase(), p.encoding, p.delimiter ? `${p.delimiter}-delimited` : null, p.sheet ? `sheet "${p.sheet}"` : null];
  lines.push(`  read: ${read.filter(Boolean).join(", ")}; header row ${p.headerRow}`);
  if (p.tables.used.length > 1 || p.tables.skipped.length > 0) {
    lines.push(`  plan tables: ${p.tables.used.join(", ")}`);
    for (const t of p.tables.skipped) lines.push(`  skipped ${t.source}${t.heading ? ` under "${t.heading}"` : ""}: ${t.reason}`);
  }
  lines.push("  columns (role, confidence, how, runner-up):");
  const width = Math.min(40, Math.max(...p.mapping.map((m) => m.column.length + 2)));
  for (const m of p.mapping) {
    const name = `"${m.column.replace(/\s+/g, " ")}"`;
    const runner = m.runnerUp ? `; runner-up ${m.runnerUp.field} ${m.runnerUp.score.toFixed(2)}` : "";
    const role = m.field === "extra" ? "extra (kept as text)" : `${m.field} ${m.confidence.toFixed(2)}`;
    lines.push(`    ${name.padEnd(width)} -> ${role} (${m.by}${runner})`);
  }
  for (const n of p.notices) lines.push(`  note: ${n.message}`);
  const byStatus = new Map<string, number>();
  if (r.statuses) for (const [s, n] of Object.entries(r.statuses.byStatus)) byStatus.set(s, n);
  else for (const rec of r.records) byStatus.set(rec.status, (byStatus.get(rec.status) ?? 0) + 1);
  lines.push(`  statuses: ${[...byStatus.entries()].map(([s, n]) => `${canonicalLabel(s as Status)} ${n}`).join(", ")}`);
  const noDate = r.statuses ? r.statuses.noDueDate : r.records.filter((x) => !x.due).length;
  if (noDate) lines.push(`  ${noDate} milestones have no due date`);
  if (r.counts) {
    const c = r.counts;
    lines.push(
      `  written: sections +${c.sections.created}, actions +${c.actions.created} (~${c.actions.updated}), milestones +${c.milestones.created} (~${c.milestones.updated}, ${c.milestones.unchanged} unchanged), people +${c.people.created} (${c.people.matched} already known), status updates +${c.statusUpdates}`,
    );
  }
  if (r.errors.length) {
    lines.push(`  ${r.errors.length} problem${r.errors.length === 1 ? "" : "s"}:`);
    for (const e of r.errors.slice(0, 50))
      lines.push(`    ${e.table ? `${e.table}, ` : ""}row ${e.row}, column "${e.column}": ${e.message}`);
    if (r.errors.length > 50) lines.push(`    ... and ${r.errors.length - 50} more (--json lists them all)`);
  }
  return lines.join("\n");
}

export function registerImport(program: Command, io: CliIo): void {
  program
    .command("import")
    .description("import a plan from the council's own CSV, XLSX or Word (.docx) file (re-import updates in place)")
    .argument("<file>", "the plan (.csv, .xlsx or .docx)")
    .requiredOption("--plan <key>", "the plan's key, e.g. thurrock-2017")
    .option("--name <name>", "the plan's name (default: kept, or from the file name)")
    .option("--scale <scale>", `status scale: ${SCALE_IDS.join("|")}|auto`, "auto")
    .option("--sheet <sheet>", "XLSX sheet name or 1-based number (default: the sheets that look like the plan)")
    .option("--map <header=field...>", 'override column detection, e.g. --map "Who=owner" "Progress & RAG=status"')
    .option("--dry-run", "read and report, write nothing")
    .option("--json", "print the result as JSON")
    .option("--strict", "write nothing if any row is bad")
    .option("--indicators", "the file is an indicator table (chosen automatically when its content reads as one)")
    .option("--year <fy>", "indicator tables: the reporting year of bare month columns, e.g. 2017/18")
    .action(async (file: string, o: Flags) => {
      if (o.indicators || (!o.map && (await looksLikeIndicatorTable(file, o.sheet)))) {
        await runIndicatorImport(io, file, o);
        return;
      }
      const progress = progressFor(io, o.json);
      const opts: ImportOptions = {
        file,
        planKey: o.plan,
        name: o.name,
        scale: o.scale as ScaleId | "auto",
        sheet: o.sheet,
        map: o.map,
        dryRun: o.dryRun,
        strict: o.strict,
        onProgress: progress.onProgress,
        // the summary only counts the records: a big plan's 50,000 are kept only for --json
        records: Boolean(o.json),
        now: (io.clock ?? cliClock).now(),
      };
      const print = (r: ImportReport) => {
        if (o.json) {
          const out = o.dryRun ? { plan: r.plan, records: r.records, errors: r.errors } : r;
          io.out(JSON.stringify(out, null, 2));
        } else io.out(summary(r));
      };
      try {
        if (o.dryRun) {
          // a dry run never opens the database
          print(await importPlan(null, opts));
          return;
        }
        await withDb(io, async (h) => {
          let report: ImportReport;
          report = await importPlan(h.db, opts);
          progress.stop();
          print(report);
          if (o.strict && report.errors.length > 0) {
            throw new UsageError(`--strict: ${report.errors.length} bad row(s), nothing written`, 2);
          }
        });
      } catch (e) {
        // the dry run reads the file outside withDb: either way the reason's code goes with the message
        if (e instanceof ImportError) throw new UsageError(`${e.message} [${e.code}]`, 2);
        throw e;
      } finally {
        progress.stop();
      }
    });
}

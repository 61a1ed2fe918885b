// `ragtime import <file> --plan <key> --indicators [--year 2017/18]` (also chosen automatically when the file
// reads as an indicator table): indicators, targets and values beside the plan's actions.
import type { ScaleId } from "../../core/status.js";
import { ImportError } from "../../importer/errors.js";
import { type IndicatorImportReport, importIndicators } from "../../services/importIndicators.js";
import { cliClock, UsageError, withDb } from "../context.js";
import type { CliIo } from "../io.js";

export interface IndicatorImportFlags {
  plan: string;
  name?: string;
  scale: string;
  sheet?: string;
  year?: string;
  dryRun?: boolean;
  json?: boolean;
  strict?: boolean;
}

function summary(r: IndicatorImportReport): string {
  const i = r.indicators;
  const lines = [
    `${r.written ? "Imported" : "Read (nothing written)"} ${i.sourceFile} as indicators of plan "${i.key}"`,
    `  ${i.count} indicators from ${i.rows} rows${i.skippedRows ? ` (${i.skippedRows} rows without an indicator skipped)` : ""}${i.reportingYear ? `, reporting year ${i.reportingYear}` : ""}`,
    `  columns: ${Object.entries(i.columns)
      .map(([h, role]) => `${h} -> ${role}`)
      .join("; ")}`,
  ];
  const noPolarity = r.records.filter((x) => !x.polarity).length;
  if (noPolarity) lines.push(`  ${noPolarity} indicators have no polarity (no RAG until one is set)`);
  if (r.counts) {
    const c = r.counts;
    lines.push(
      `  written: indicators +${c.indicators.created} (~${c.indicators.updated}), targets ${c.targets}, values +${c.values.added} (${c.values.unchanged} unchanged), sections +${c.sections.created}, people +${c.people.created} (${c.people.matched} already known)`,
    );
  }
  if (r.errors.length) {
    lines.push(`  ${r.errors.length} problem${r.errors.length === 1 ? "" : "s"}:`);
    for (const e of r.errors.slice(0, 50)) lines.push(`    row ${e.row}, column "${e.column}": ${e.message}`);
  }
  return lines.join("\n");
}

export async function runIndicatorImport(io: CliIo, file: string, o: IndicatorImportFlags): Promise<void> {
  const opts = {
    file,
    planKey: o.plan,
    name: o.name,
    scale: o.scale as ScaleId | "auto",
    sheet: o.sheet,
    year: o.year,
    dryRun: o.dryRun,
    strict: o.strict,
    now: (io.clock ?? cliClock).now(),
  };
  const print = (r: IndicatorImportReport) => io.out(o.json ? JSON.stringify(r, null, 2) : summary(r));
  try {
    if (o.dryRun) {
      // a dry run never opens the database
      print(await importIndicators(null, opts));
      return;
    }
    await withDb(io, async (h) => {
      const report = await importIndicators(h.db, opts);
      print(report);
      if (o.strict && report.errors.length > 0) throw new UsageError(`--strict: ${report.errors.length} bad cell(s), nothing written`, 2);
    });
  } catch (e) {
    // as the plan import: the reason's code goes with the message, runCli prints it once
    if (e instanceof ImportError) throw new UsageError(`${e.message} [${e.code}]`, 2);
    throw e;
  }
}

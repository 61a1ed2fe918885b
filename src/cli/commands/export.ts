// `ragtime export <plan> --xlsx out.xlsx | --csv out.csv` (the plan as a spreadsheet) and
// `ragtime export --board "<name>" --as-of <date> --xlsx|--docx|--pdf <file>` (the board paper, from the stored digest)
import { resolve } from "node:path";
import type { Command } from "commander";
import { BoardPaperError, exportBoardPaper, type PaperFormat } from "../../services/boardPaper.js";
import { ExportError, exportPlanCsv, exportPlanXlsx } from "../../services/exportPlan.js";
import { UsageError, withDb } from "../context.js";
import type { CliIo } from "../io.js";
import { requirePlan } from "../plan-arg.js";

interface ExportOptions {
  xlsx?: string;
  csv?: string;
  docx?: string;
  pdf?: string;
  board?: string;
  asOf?: string;
}

function fileError(e: unknown, file: string): never {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "EACCES") throw new UsageError(`cannot write ${file}: ${(e as Error).message}`);
  throw e;
}

export function registerExport(program: Command, io: CliIo): void {
  program
    .command("export")
    .description(
      "write a plan back as a spreadsheet (--xlsx/--csv), or a board paper from a stored digest (--board --as-of, --xlsx/--docx/--pdf)",
    )
    .argument("[plan]", "plan key (plan export)")
    .option("--xlsx <file>", "the .xlsx file to write")
    .option("--csv <file>", "the .csv file to write (plan export)")
    .option("--docx <file>", "the .docx file to write (board paper)")
    .option("--pdf <file>", "the .pdf file to write (board paper)")
    .option("--board <name>", "board paper: the board whose stored digest to render")
    .option("--as-of <date>", "board paper: the digest's date, YYYY-MM-DD")
    .action(async (planKey: string | undefined, o: ExportOptions) => {
      await withDb(io, async (h) => {
        const outputs = (["xlsx", "csv", "docx", "pdf"] as const).filter((k) => o[k]);
        if (outputs.length !== 1) throw new UsageError("give exactly one of --xlsx, --csv, --docx or --pdf");
        const format = outputs[0] as "xlsx" | "csv" | "docx" | "pdf";
        const file = o[format] as string;
        if (!new RegExp(`\\.${format}$`, "i").test(file)) throw new UsageError(`--${format}: "${file}" should end in .${format}`);
        if (o.board) {
          if (planKey) throw new UsageError("give a plan key or --board, not both");
          if (!o.asOf) throw new UsageError("--as-of: the board paper renders the digest of a date; give it as YYYY-MM-DD");
          if (format === "csv") throw new UsageError("--csv: the board paper is written as --xlsx, --docx or --pdf");
          try {
            const r = await exportBoardPaper(h.db, { board: o.board, asOf: o.asOf, format: format as PaperFormat, file: resolve(file) });
            io.out(`wrote the board paper of "${r.board}" as presented on ${r.asOf} (${r.rows} milestones, ${r.bytes} bytes) to ${file}`);
            for (const w of r.warnings) io.err(`ragtime: warning: ${w}`);
          } catch (e) {
            if (e instanceof BoardPaperError) throw new UsageError(e.message);
            fileError(e, file);
          }
          return;
        }
        if (!planKey) throw new UsageError('give a plan key (`ragtime export <plan> --xlsx out.xlsx`) or --board "<name>" --as-of <date>');
        if (format === "docx" || format === "pdf")
          throw new UsageError(`--${format} is for board papers: add --board "<name>" --as-of <date>`);
        await requirePlan(h.db, planKey, "export");
        try {
          const r =
            format === "csv" ? await exportPlanCsv(h.db, planKey, resolve(file)) : await exportPlanXlsx(h.db, planKey, resolve(file));
          io.out(`wrote ${r.rows} milestones of ${r.plan.name} to ${file}`);
        } catch (e) {
          if (e instanceof ExportError) throw new UsageError(e.message);
          fileError(e, file);
        }
      });
    });
}

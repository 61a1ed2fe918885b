// `ragtime export <plan> --xlsx out.xlsx`
import { resolve } from "node:path";
import type { Command } from "commander";
import { ExportError, exportPlanXlsx } from "../../services/exportPlan.js";
import { UsageError, withDb } from "../context.js";

export function registerExport(program: Command): void {
  program
    .command("export")
    .description("write a plan back as a spreadsheet (section, ref, action, milestone, owners, dates, status, updates)")
    .argument("<plan>", "plan key")
    .requiredOption("--xlsx <file>", "the .xlsx file to write")
    .action(async (planKey: string, o: { xlsx: string }) => {
      await withDb(async (h) => {
        if (!/\.xlsx$/i.test(o.xlsx)) throw new UsageError(`--xlsx: "${o.xlsx}" should end in .xlsx`);
        try {
          const r = await exportPlanXlsx(h.db, planKey, resolve(o.xlsx));
          console.log(`wrote ${r.rows} milestones of ${r.plan.name} to ${o.xlsx}`);
        } catch (e) {
          if (e instanceof ExportError) throw new UsageError(e.message);
          if ((e as NodeJS.ErrnoException).code === "ENOENT" || (e as NodeJS.ErrnoException).code === "EACCES")
            throw new UsageError(`cannot write ${o.xlsx}: ${(e as Error).message}`);
          throw e;
        }
      });
    });
}

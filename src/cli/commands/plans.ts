// `ragtime plans list`, `ragtime plan show <key> [--as-of YYYY-MM-DD]`, `ragtime admin add <plan> "<name>"`
import { TZDate } from "@date-fns/tz";
import type { Command } from "commander";
import { format } from "date-fns";
import { addAdmin } from "../../services/people.js";
import { planShow, plansList } from "../../services/views.js";
import { UsageError, withDb } from "../context.js";
import type { CliIo } from "../io.js";
import { formatTable } from "./people.js";

export function todayIn(timeZone: string, now: Date): string {
  return format(new TZDate(now.getTime(), timeZone), "yyyy-MM-dd");
}

export function parseDay(v: string | undefined, option: string): string | undefined {
  if (v === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))
    throw new UsageError(`${option}: "${v}" is not a date (YYYY-MM-DD)`);
  return v;
}

export function registerPlans(program: Command, io: CliIo): void {
  program
    .command("plans")
    .description("plans in ragtime")
    .command("list")
    .description("list plans with their scale, size and administrators")
    .option("--json", "print as JSON")
    .action(async (o: { json?: boolean }) => {
      await withDb(io, async (h) => {
        const plans = await plansList(h.db);
        if (o.json) {
          io.out(
            JSON.stringify(
              plans.map(({ id: _id, ...p }) => ({ ...p, importedAt: p.importedAt?.toISOString() ?? null })),
              null,
              2,
            ),
          );
          return;
        }
        if (plans.length === 0) {
          io.out("No plans yet: `ragtime import <file.csv> --plan <key>`");
          return;
        }
        io.out(
          formatTable(
            ["Key", "Name", "Scale", "Sections", "Actions", "Milestones", "Admins", "Imported"],
            plans.map((p) => [
              p.key,
              p.name,
              p.scale,
              String(p.sections),
              String(p.actions),
              String(p.milestones),
              p.admins.join(", ") || "-",
              p.importedAt?.toISOString().slice(0, 10) ?? "-",
            ]),
          ),
        );
      });
    });

  program
    .command("plan")
    .description("one plan")
    .command("show")
    .description("sections with counts by status (in the plan's own labels) and how many are overdue")
    .argument("<key>", "plan key")
    .option("--as-of <date>", "count overdue as of YYYY-MM-DD (default: today)")
    .option("--json", "print as JSON")
    .action(async (key: string, o: { asOf?: string; json?: boolean }) => {
      await withDb(io, async (h, _config, clock) => {
        const asOf = parseDay(o.asOf, "--as-of") ?? todayIn("Europe/London", clock.now());
        const v = await planShow(h.db, key, asOf);
        if (!v) throw new UsageError(`no plan with key "${key}" (see \`ragtime plans list\`)`);
        if (o.json) {
          io.out(JSON.stringify(v, null, 2));
          return;
        }
        io.out(`${v.plan.name} [${v.plan.key}] — scale ${v.plan.scaleName}`);
        io.out(
          `${v.total.sections} sections, ${v.total.actions} actions, ${v.total.milestones} milestones; ${v.total.overdue} overdue as of ${v.asOf}\n`,
        );
        const header = ["Section", "Actions", "Milestones", ...v.labels, "Overdue"];
        const row = (label: string, s: { actions: number; milestones: number; overdue: number; counts: Record<string, number> }) => [
          label,
          String(s.actions),
          String(s.milestones),
          ...v.labels.map((l) => String(s.counts[l] ?? 0)),
          String(s.overdue),
        ];
        io.out(formatTable(header, [...v.sections.map((s) => row(s.label, s)), row("Total", v.total)]));
      });
    });

  program
    .command("admin")
    .description("plan administrators")
    .command("add")
    .description("make a person an administrator of a plan (they get 'not mine' requests and may record for anyone)")
    .argument("<plan>", "plan key")
    .argument("<name>", "the person's name as the plan or people file writes it")
    .action(async (planKey: string, name: string) => {
      await withDb(io, async (h) => {
        const r = await addAdmin(h.db, planKey, name);
        io.out(r.added ? `${r.person} is now an administrator of ${r.plan}` : `${r.person} was already an administrator of ${r.plan}`);
      });
    });
}

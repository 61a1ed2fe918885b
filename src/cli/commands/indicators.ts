// `ragtime indicators list --plan <key>` and `ragtime indicators set <ref-or-name> [--plan <key>] --owner ...
// --polarity higher|lower --unit % --tolerance 3 --cadence monthly --target 2018-03-31=90`: a plan's indicators
// with their settings, and changing them by hand (a re-import of the table keeps what was set here).
import type { Command } from "commander";
import { type IndicatorSettingsView, listIndicatorSettings, setIndicatorSettings } from "../../services/indicator-settings.js";
import { withDb } from "../context.js";
import type { CliIo } from "../io.js";
import { requirePlan } from "../plan-arg.js";
import { formatTable } from "../table.js";

const collect = (v: string, all: string[] = []) => [...all, v];

function targetsText(v: IndicatorSettingsView): string {
  if (v.targets.length === 0) return "-";
  return v.targets.map((t) => `${t.text} by ${t.date}`).join("; ");
}

function oneLine(v: IndicatorSettingsView): string {
  return [
    `${v.ref ? `${v.ref} ` : ""}${v.name} [plan ${v.plan}]`,
    `  owner ${v.owner ?? "-"}; ${v.polarity ? `${v.polarity} is better` : "no polarity (no RAG)"}; unit ${v.unit}; tolerance ${v.tolerance ?? "default"}; ${v.cadence}`,
    `  targets: ${targetsText(v)}`,
  ].join("\n");
}

export function registerIndicators(program: Command, io: CliIo): void {
  const ind = program.command("indicators").description("a plan's performance indicators: list them, set owner, polarity, targets");
  ind
    .command("list")
    .description("the plan's indicators with owner, polarity, unit, tolerance, cadence, targets and latest value")
    .requiredOption("--plan <key>", "plan key")
    .option("--json", "print as JSON")
    .action(async (o: { plan: string; json?: boolean }) => {
      await withDb(io, async (h) => {
        const plan = await requirePlan(h.db, o.plan);
        const rows = await listIndicatorSettings(h.db, plan.id);
        if (o.json) {
          io.out(JSON.stringify(rows, null, 2));
          return;
        }
        if (rows.length === 0) {
          io.out(`Plan "${plan.key}" has no indicators yet: \`ragtime import <file> --plan ${plan.key} --indicators\``);
          return;
        }
        io.out(
          formatTable(
            ["Ref", "Indicator", "Section", "Owner", "Polarity", "Unit", "Tolerance", "Cadence", "Targets", "Latest"],
            rows.map((r) => [
              r.ref ?? "-",
              r.name,
              r.section ?? "-",
              r.owner ?? "-",
              r.polarity ?? "-",
              r.unit,
              r.tolerance === null ? "default" : String(r.tolerance),
              r.cadence,
              targetsText(r),
              r.latest ? `${r.latest.text} (${r.latest.period})` : "-",
            ]),
          ),
        );
      });
    });

  ind
    .command("set")
    .description("set an indicator's owner, polarity, unit, tolerance, cadence or targets (kept when the table is re-imported)")
    .argument("<indicator>", "the indicator's ref (e.g. OI3) or its name as the table writes it")
    .option("--plan <key>", "the plan (needed when two plans have an indicator of that name)")
    .option("--owner <name>", "who reports its value (a known person), or none")
    .option("--polarity <higher|lower>", "which way is better, or none")
    .option("--unit <unit>", "percent (%), rate10k, count, days or number")
    .option("--tolerance <n>", "how far from target (in its unit) is still the middle RAG band, or default")
    .option("--cadence <cadence>", "monthly, quarterly, termly or annual")
    .option("--target <date=value>", "a target by date, e.g. 2018-03-31=90 or 2024-10-31=TBC (repeat for more)", collect)
    .option("--json", "print the indicator as JSON")
    .action(
      async (
        handle: string,
        o: {
          plan?: string;
          owner?: string;
          polarity?: string;
          unit?: string;
          tolerance?: string;
          cadence?: string;
          target?: string[];
          json?: boolean;
        },
      ) => {
        await withDb(io, async (h, _config, clock) => {
          const plan = o.plan ? await requirePlan(h.db, o.plan) : undefined;
          const r = await setIndicatorSettings(
            h.db,
            {
              handle,
              ...(plan ? { planId: plan.id, planKey: plan.key } : {}),
              input: {
                owner: o.owner,
                polarity: o.polarity,
                unit: o.unit,
                tolerance: o.tolerance,
                cadence: o.cadence,
                targets: o.target,
              },
            },
            clock.now(),
          );
          if (o.json) {
            io.out(JSON.stringify(r.after, null, 2));
            return;
          }
          io.out(`set ${r.changed.join(", ")}:`);
          io.out(oneLine(r.after));
        });
      },
    );
}

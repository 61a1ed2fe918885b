// `ragtime plans list`, `ragtime plan show <key> [--as-of YYYY-MM-DD]`, `ragtime admin add <plan> "<name>"`
import type { Command } from "commander";
import { localDate } from "../../core/calendar.js";
import { planShow, plansList } from "../../services/views.js";
import { UsageError, withDb } from "../context.js";
import type { CliIo } from "../io.js";
import { parseDay, parseInstant } from "../options.js";
import { requirePlan } from "../plan-arg.js";
import { formatTable } from "../table.js";

/** YYYY-MM-DD of `now` in a time zone (core/calendar.ts: no date-fns formatter on the CLI's start path). */
export function todayIn(timeZone: string, now: Date): string {
  return localDate(now, timeZone);
}

export { parseDay };

/** "draft (nothing is sent)", "live since 2018-03-01", "live from 2018-03-01 (not yet)" */
export function lifecycleText(p: { status: string; liveFrom: Date | string | null }, now: Date): string {
  if (p.status !== "live") return "draft (nothing is sent until `ragtime plan go-live`)";
  if (!p.liveFrom) return "live";
  const at = new Date(p.liveFrom);
  return at.getTime() > now.getTime() ? `live from ${at.toISOString()} (not yet)` : `live since ${at.toISOString().slice(0, 10)}`;
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
              plans.map(({ id: _id, ...p }) => ({
                ...p,
                importedAt: p.importedAt?.toISOString() ?? null,
                liveFrom: p.liveFrom?.toISOString() ?? null,
              })),
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
            ["Key", "Name", "Scale", "Status", "Sections", "Actions", "Milestones", "Admins", "Imported"],
            plans.map((p) => [
              p.key,
              p.name,
              p.scale,
              p.status === "live" ? (p.liveFrom ? `live from ${p.liveFrom.toISOString().slice(0, 10)}` : "live") : "draft",
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

  const plan = program.command("plan").description("one plan: show it, make it live");
  plan
    .command("show")
    .description("sections with counts by status (in the plan's own labels) and how many are overdue")
    .argument("<key>", "plan key")
    .option("--as-of <date>", "count overdue as of YYYY-MM-DD (default: today)")
    .option("--json", "print as JSON")
    .action(async (key: string, o: { asOf?: string; json?: boolean }) => {
      await withDb(io, async (h, _config, clock) => {
        const asOf = parseDay(o.asOf, "--as-of") ?? todayIn("Europe/London", clock.now());
        await requirePlan(h.db, key, "plan show");
        const v = await planShow(h.db, key, asOf);
        if (!v) throw new UsageError(`no plan with key "${key}" (see \`ragtime plans list\`)`);
        if (o.json) {
          io.out(JSON.stringify(v, null, 2));
          return;
        }
        io.out(`${v.plan.name} [${v.plan.key}] — scale ${v.plan.scaleName} — ${lifecycleText(v.plan, clock.now())}`);
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

  plan
    .command("go-live")
    .description("make an imported (draft) plan live: reminders start; what was already overdue gets one catch-up per person")
    .argument("<key>", "plan key")
    .option("--from <date>", "go live at this day (midnight in the plan's time zone) or ISO date-time (default: now)")
    .option("--preview", "only show what the first day would send; change nothing")
    .option("--dry-run", "the same as --preview")
    .option("--json", "print the preview as JSON")
    .action(async (key: string, o: { from?: string; preview?: boolean; dryRun?: boolean; json?: boolean }) => {
      await withDb(io, async (h, _config, clock) => {
        const p = await requirePlan(h.db, key, "plan go-live");
        const from = parseInstant(o.from, "--from", () => clock.now(), p.timeZone);
        const dry = o.preview || o.dryRun;
        // loaded when used: a `plans list` call does not pay for the go-live planner
        const { goLive, previewGoLive } = await import("../../services/golive.js");
        const v = dry ? await previewGoLive(h.db, p.key, from) : await goLive(h.db, p.key, from);
        if (o.json) {
          io.out(JSON.stringify({ ...v, changed: !dry }, null, 2));
          return;
        }
        const when = from.toISOString();
        io.out(
          dry
            ? `${v.plan.name} [${v.plan.key}] is ${lifecycleText(p, clock.now())}. Going live at ${when}:`
            : `${v.plan.name} [${v.plan.key}] is live from ${when}.`,
        );
        io.out(v.sentence);
        for (const m of v.messages) io.out(`  ${m.kind.padEnd(10)} ${m.to}: ${m.items.map((i) => i.handle ?? i.milestone).join(", ")}`);
        if (dry) io.out(`Nothing was changed. Run \`ragtime plan go-live ${v.plan.key}${o.from ? ` --from ${o.from}` : ""}\` to go live.`);
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
        const { addAdmin } = await import("../../services/people.js");
        const r = await addAdmin(h.db, planKey, name);
        io.out(r.added ? `${r.person} is now an administrator of ${r.plan}` : `${r.person} was already an administrator of ${r.plan}`);
      });
    });
}

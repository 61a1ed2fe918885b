// `ragtime demo import|reset|remove`: the playground's demo plan (services/demo.ts). `npm start` imports it by
// itself when the database has no plan; these commands put it back dated from today, or take it away.
import type { Command } from "commander";
import type { DemoRemoval } from "../../services/demo.js";
import { type DemoSummary, importDemo, removeDemo, resetDemo } from "../../services/demo.js";
import { withDb } from "../context.js";
import type { CliIo } from "../io.js";

function printSummary(io: CliIo, s: DemoSummary): void {
  io.out(`imported the demo plan "${s.planKey}" (${s.planName}): ${s.milestones} milestones, dates moved ${s.weeksShifted} weeks`);
  io.out(`board "${s.board}", meetings ${s.meetings.join(", ")}; ${s.people} demo people have playground accounts`);
}

function printRemoval(io: CliIo, r: DemoRemoval | null): void {
  if (!r) io.out("there is no demo plan (nothing removed)");
  else io.out(`removed the demo plan, its board and history, ${r.people} demo people and ${r.messages} playground messages`);
}

export function registerDemo(program: Command, io: CliIo): void {
  const demo = program.command("demo").description("the playground's demo plan (Thurrock's published plan, dated from today)");
  demo
    .command("reset")
    .description("remove the demo plan with everything recorded on it, and import it again dated from today")
    .action(async () => {
      await withDb(io, async (h, _config, clock) => {
        const r = await resetDemo(h.db, clock.now());
        printRemoval(io, r.removed);
        printSummary(io, r.summary);
        io.out("restart `npm start` to see it in the playground");
      });
    });
  demo
    .command("remove")
    .description("remove the demo plan, its board, its people (unless mapped to real accounts or on another plan) and its messages")
    .action(async () => {
      await withDb(io, async (h) => printRemoval(io, await removeDemo(h.db)));
    });
  demo
    .command("import")
    .description("import the demo plan dated from today (also done by `npm start` when the database has no plan)")
    .action(async () => {
      await withDb(io, async (h, _config, clock) => printSummary(io, await importDemo(h.db, clock.now())));
    });
}

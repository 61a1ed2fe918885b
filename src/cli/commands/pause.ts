// `ragtime pause <plan> <ref>` / `ragtime resume <plan> <ref>`: a paused action gets no reminders.
import type { Command } from "commander";
import { setPaused } from "../../services/pause.js";
import { withDb } from "../context.js";
import type { CliIo } from "../io.js";
import { requirePlan } from "../plan-arg.js";

function register(program: Command, io: CliIo, name: "pause" | "resume"): void {
  program
    .command(name)
    .description(name === "pause" ? "stop all reminders for an action" : "start reminders again for a paused action")
    .argument("<plan>", "plan key")
    .argument("<ref>", "action ref, e.g. 1.1")
    .action(async (planKey: string, ref: string) => {
      await withDb(io, async (h) => {
        await requirePlan(h.db, planKey, "plan");
        const r = await setPaused(h.db, planKey, ref, name === "pause");
        for (const a of r.actions)
          io.out(
            `${name === "pause" ? "paused" : "resumed"} ${ref} — ${a.title} (${a.milestones} milestone${a.milestones === 1 ? "" : "s"})`,
          );
      });
    });
}

export function registerPause(program: Command, io: CliIo): void {
  register(program, io, "pause");
  register(program, io, "resume");
}

// `ragtime pause <plan> <ref>` / `ragtime resume <plan> <ref>`: a paused action gets no reminders.
import type { Command } from "commander";
import { setPaused } from "../../services/pause.js";
import { ReminderTargetError } from "../../services/snooze.js";
import { UsageError, withDb } from "../context.js";
import { requirePlan } from "../plan-arg.js";

function register(program: Command, name: "pause" | "resume"): void {
  program
    .command(name)
    .description(name === "pause" ? "stop all reminders for an action" : "start reminders again for a paused action")
    .argument("<plan>", "plan key")
    .argument("<ref>", "action ref, e.g. 1.1")
    .action(async (planKey: string, ref: string) => {
      await withDb(async (h) => {
        await requirePlan(h.db, planKey, "plan");
        try {
          const r = await setPaused(h.db, planKey, ref, name === "pause");
          for (const a of r.actions)
            console.log(
              `${name === "pause" ? "paused" : "resumed"} ${ref} — ${a.title} (${a.milestones} milestone${a.milestones === 1 ? "" : "s"})`,
            );
        } catch (e) {
          if (e instanceof ReminderTargetError) throw new UsageError(e.message);
          throw e;
        }
      });
    });
}

export function registerPause(program: Command): void {
  register(program, "pause");
  register(program, "resume");
}

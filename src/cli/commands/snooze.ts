// `ragtime snooze <plan> <ref> <tomorrow|3days|next_week> [--person "<name>"]`
import type { Command } from "commander";
import { SNOOZE_CHOICES, type SnoozeChoice } from "../../core/cards/actions.js";
import { findPersonNamed } from "../../services/people.js";
import { findByRef, snooze } from "../../services/snooze.js";
import { UsageError, withDb } from "../context.js";
import type { CliIo } from "../io.js";
import { requirePlan } from "../plan-arg.js";
import { parseAsOf } from "./reminders.js";

export function registerSnooze(program: Command, io: CliIo): void {
  program
    .command("snooze")
    .description("postpone an action's reminders: tomorrow, 3days (working days) or next_week")
    .argument("<plan>", "plan key")
    .argument("<ref>", "action ref, e.g. 1.1")
    .argument("<choice>", "tomorrow | 3days | next_week")
    .option("--person <name>", "whose working days to count (default: the first owner)")
    .option("--as-of <iso>", "ISO date-time to snooze from (default: now)")
    .action(async (planKey: string, ref: string, choice: string, opts: { person?: string; asOf?: string }) => {
      await withDb(io, async (h, _config, clock) => {
        if (!SNOOZE_CHOICES.some((c) => c.value === choice))
          throw new UsageError(`snooze choice "${choice}" is not one of ${SNOOZE_CHOICES.map((c) => c.value).join(", ")}`);
        const now = parseAsOf(opts.asOf, clock);
        await requirePlan(h.db, planKey, "plan");
        const { actions } = await findByRef(h.db, planKey, ref);
        const milestones = actions.flatMap((a) => a.milestones).filter((m) => m.status !== "complete");
        if (milestones.length === 0) throw new UsageError(`${planKey} ${ref} has no open milestones to snooze`);
        for (const m of milestones) {
          const owners = m.owners.map((o) => o.person);
          let personId = owners[0]?.id ?? null;
          if (opts.person) {
            const want = opts.person.trim().toLowerCase();
            const p = owners.find((o) => o.name.toLowerCase() === want) ?? (await findPersonNamed(h.db, opts.person.trim()));
            if (!p) throw new UsageError(`--person "${opts.person}": no such person (see \`ragtime people list\`)`);
            personId = p.id;
          }
          const { until } = await snooze(h.db, m.id, personId, choice as SnoozeChoice, now);
          io.out(`snoozed ${ref} — ${m.title} until ${until.toISOString()}`);
        }
      });
    });
}

// `ragtime ask "<question>" [--plan <key>] [--as-of YYYY-MM-DD] [--as "<person name>"] [--json]`
import type { Command } from "commander";
import { normaliseName } from "../../core/owners.js";
import { answerQuestion } from "../../services/answer.js";
import { findPersonByNormalisedName } from "../../services/people.js";
import { UsageError, withDb } from "../context.js";
import type { CliIo } from "../io.js";
import { requirePlan } from "../plan-arg.js";
import { parseDay, todayIn } from "./plans.js";

export function registerAsk(program: Command, io: CliIo): void {
  program
    .command("ask <question>")
    .description('ask about the plans in plain English, e.g. "what is overdue in priority 3" (runs as admin unless --as)')
    .option("--plan <key>", "only this plan")
    .option("--as-of <date>", "YYYY-MM-DD (default: today)")
    .option("--as <name>", "answer as this person (their access, and what “me” means)")
    .option("--json", "print {understood, query, total, items} as JSON")
    .action(async (question: string, o: { plan?: string; asOf?: string; as?: string; json?: boolean }) => {
      await withDb(io, async (h, _config, clock) => {
        const asOf = new Date(`${parseDay(o.asOf, "--as-of") ?? todayIn("Europe/London", clock.now())}T00:00:00Z`);
        if (o.plan) await requirePlan(h.db, o.plan, "--plan");
        let asker: { personId: string | null; isAdmin?: boolean } = { personId: null, isAdmin: true };
        if (o.as) {
          const p = await findPersonByNormalisedName(h.db, normaliseName(o.as));
          if (!p) throw new UsageError(`--as: nobody called "${o.as}" (see \`ragtime people list\`)`);
          asker = { personId: p.id, isAdmin: false };
        }
        const a = await answerQuestion(h.db, question, asker, asOf, o.plan ? { planKey: o.plan } : {});
        if (o.json) io.out(JSON.stringify({ understood: a.understood, query: a.query, total: a.total, items: a.items }, null, 2));
        else io.out(a.text);
      });
    });
}

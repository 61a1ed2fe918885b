// `ragtime` admin CLI. Each command lives in src/cli/commands/<name>.ts and registers itself here.
import { Command } from "commander";
import { registerAsk } from "./commands/ask.js";
import { registerBoard } from "./commands/board.js";
import { registerDb } from "./commands/db.js";
import { registerDigest } from "./commands/digest.js";
import { registerExport } from "./commands/export.js";
import { registerImport } from "./commands/import.js";
import { registerPause } from "./commands/pause.js";
import { registerPeople } from "./commands/people.js";
import { registerPlans } from "./commands/plans.js";
import { registerReminders } from "./commands/reminders.js";
import { registerSnooze } from "./commands/snooze.js";
import { registerTeams } from "./commands/teams.js";

const program = new Command("ragtime")
  .description("ragtime admin: import plans, map people, boards, reminders, digests, questions")
  .showHelpAfterError();

registerReminders(program);
registerSnooze(program);
registerPause(program);
registerPeople(program);
registerPlans(program);
registerExport(program);
registerImport(program);
registerTeams(program);
registerDigest(program);
registerBoard(program);
registerAsk(program);
registerDb(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  console.error(`ragtime: ${(e as Error).message}`);
  process.exit(1);
});

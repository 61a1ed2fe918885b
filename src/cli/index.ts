// `ragtime` admin CLI. Each command lives in src/cli/commands/<name>.ts and registers itself here.
import { Command } from "commander";

const program = new Command("ragtime")
  .description("ragtime admin: import plans, map people, boards, reminders, digests, questions")
  .showHelpAfterError();

program.parseAsync(process.argv).catch((e: unknown) => {
  console.error(`ragtime: ${(e as Error).message}`);
  process.exit(1);
});

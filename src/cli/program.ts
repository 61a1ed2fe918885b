// The `ragtime` admin CLI as a program that can run in-process: buildProgram(io) registers every command
// (src/cli/commands/<name>.ts) against an io, and runCli(argv, io) runs one command line and returns its exit
// code. User errors (core/errors.ts UserError: bad input, unknown plan, bad config) are mapped here, once:
// "ragtime: <message>", the fix when there is one, and the error's exit code (2). Anything else is a bug:
// its message and exit code 1.
import { Command, CommanderError } from "commander";
import { isUserError } from "../core/errors.js";
import { registerAsk } from "./commands/ask.js";
import { registerBoard } from "./commands/board.js";
import { registerDb } from "./commands/db.js";
import { registerDemo } from "./commands/demo.js";
import { registerDigest } from "./commands/digest.js";
import { registerExport } from "./commands/export.js";
import { registerImport } from "./commands/import.js";
import { registerIndicators } from "./commands/indicators.js";
import { registerPause } from "./commands/pause.js";
import { registerPeople } from "./commands/people.js";
import { registerPlans } from "./commands/plans.js";
import { registerReminders } from "./commands/reminders.js";
import { registerSnooze } from "./commands/snooze.js";
import { registerTeams } from "./commands/teams.js";
import type { CliIo } from "./io.js";

export function buildProgram(io: CliIo): Command {
  const program = new Command("ragtime")
    .description("ragtime admin: import plans, map people, boards, reminders, digests, questions")
    .showHelpAfterError()
    // commander's own output and exits (help, unknown options) go through io too; subcommands inherit this
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.replace(/\n$/, "")),
      writeErr: (s) => io.err(s.replace(/\n$/, "")),
    });
  registerReminders(program, io);
  registerSnooze(program, io);
  registerPause(program, io);
  registerPeople(program, io);
  registerPlans(program, io);
  registerExport(program, io);
  registerImport(program, io);
  registerIndicators(program, io);
  registerTeams(program, io);
  registerDigest(program, io);
  registerBoard(program, io);
  registerAsk(program, io);
  registerDemo(program, io);
  registerDb(program, io);
  return program;
}

/** Prints a user error the one way the CLI prints them. */
export function reportError(io: CliIo, e: unknown): number {
  if (isUserError(e)) {
    // a configuration error lists every variable to fix, each with its fix
    io.err(e.code === "config.invalid" ? e.message : `ragtime: ${e.message}`);
    if (e.fix) io.err(`fix: ${e.fix}`);
    return e.exitCode;
  }
  io.err(`ragtime: ${(e as Error)?.message ?? String(e)}`);
  return 1;
}

/** Runs one command line (arguments after "ragtime") and returns the exit code. */
export async function runCli(args: string[], io: CliIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync(args, { from: "user" });
    return io.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    return reportError(io, e);
  }
}

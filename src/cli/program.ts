// The `ragtime` admin CLI as a program that can run in-process: buildProgram(io, args) registers the commands
// (src/cli/commands/<name>.ts) against an io, and runCli(argv, io) runs one command line and returns its exit
// code. User errors (core/errors.ts UserError: bad input, unknown plan, bad config) are mapped here, once:
// "ragtime: <message>", the fix when there is one, and the error's exit code (2). Anything else is a bug:
// its message and exit code 1.
import { Command, CommanderError } from "commander";
import { isUserError } from "../core/errors.js";
import type { CliIo } from "./io.js";

type Register = (program: Command, io: CliIo) => void;

/**
 * Each command module with the top-level commands it registers, loaded only when its command runs: a call
 * pays for its own command's imports (services, importer, exporters) and not every other's. Help, an unknown
 * command or no command loads them all, in this order. tests/integration/cli-commands.test.ts checks the names.
 */
export const COMMAND_MODULES: { names: string[]; load: () => Promise<Register> }[] = [
  { names: ["reminders"], load: async () => (await import("./commands/reminders.js")).registerReminders },
  { names: ["snooze"], load: async () => (await import("./commands/snooze.js")).registerSnooze },
  { names: ["pause", "resume"], load: async () => (await import("./commands/pause.js")).registerPause },
  { names: ["people"], load: async () => (await import("./commands/people.js")).registerPeople },
  { names: ["plans", "plan", "admin"], load: async () => (await import("./commands/plans.js")).registerPlans },
  { names: ["export"], load: async () => (await import("./commands/export.js")).registerExport },
  { names: ["import"], load: async () => (await import("./commands/import.js")).registerImport },
  { names: ["indicators"], load: async () => (await import("./commands/indicators.js")).registerIndicators },
  { names: ["teams"], load: async () => (await import("./commands/teams.js")).registerTeams },
  { names: ["digest"], load: async () => (await import("./commands/digest.js")).registerDigest },
  { names: ["board"], load: async () => (await import("./commands/board.js")).registerBoard },
  { names: ["ask"], load: async () => (await import("./commands/ask.js")).registerAsk },
  { names: ["demo"], load: async () => (await import("./commands/demo.js")).registerDemo },
  { names: ["db"], load: async () => (await import("./commands/db.js")).registerDb },
];

/** The command a command line runs (its first word that is not an option), or undefined. */
function commandOf(args: string[]): string | undefined {
  return args.find((a) => !a.startsWith("-"));
}

/**
 * The program with the command modules registered against an io: only the one that `args` runs when it names
 * a known command, every one otherwise (help, an unknown command: commander then lists or suggests them all).
 */
export async function buildProgram(io: CliIo, args?: string[]): Promise<Command> {
  const program = new Command("ragtime")
    .description("ragtime admin: import plans, map people, boards, reminders, digests, questions")
    .showHelpAfterError()
    // commander's own output and exits (help, unknown options) go through io too; subcommands inherit this
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.replace(/\n$/, "")),
      writeErr: (s) => io.err(s.replace(/\n$/, "")),
    });
  const name = args ? commandOf(args) : undefined;
  const one = name ? COMMAND_MODULES.find((m) => m.names.includes(name)) : undefined;
  const modules = one ? [one] : COMMAND_MODULES;
  const registers = await Promise.all(modules.map((m) => m.load()));
  for (const register of registers) register(program, io);
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
    await (await buildProgram(io, args)).parseAsync(args, { from: "user" });
    return io.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    return reportError(io, e);
  }
}

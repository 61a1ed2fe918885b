// The CLI loads only the command module a call runs (src/cli/program.ts COMMAND_MODULES): each module's table
// entry names exactly the top-level commands it registers, help still lists every command, and a command line
// reaches its command with only its own module loaded.
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { bufferIo } from "../../src/cli/io.js";
import { buildProgram, COMMAND_MODULES } from "../../src/cli/program.js";

describe("COMMAND_MODULES", () => {
  it("each entry names exactly the top-level commands its module registers, and no name is claimed twice", async () => {
    const seen: string[] = [];
    for (const m of COMMAND_MODULES) {
      const program = new Command("ragtime");
      (await m.load())(program, bufferIo({}));
      expect(program.commands.map((c) => c.name()).sort()).toEqual([...m.names].sort());
      seen.push(...m.names);
    }
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("a command line loads its own module only; help and unknown commands get every command", async () => {
    const io = bufferIo({});
    const one = await buildProgram(io, ["plans", "list", "--json"]);
    expect(one.commands.map((c) => c.name()).sort()).toEqual(["admin", "plan", "plans"]);
    const all = COMMAND_MODULES.flatMap((m) => m.names);
    for (const args of [["--help"], [], ["nosuchcommand"]])
      expect((await buildProgram(io, args)).commands.map((c) => c.name())).toEqual(all);
  });
});

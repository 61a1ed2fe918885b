// User errors: one base class (core/errors.ts UserError: code, message, fix, exit code), a subclass per area,
// and one place that turns them into what the person sees (src/cli/program.ts): "ragtime: <message>", the fix,
// exit code 2. Anything else is a bug: exit 1.
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/context.js";
import { bufferIo } from "../../src/cli/io.js";
import { reportError, runCli } from "../../src/cli/program.js";
import { ConfigError } from "../../src/config.js";
import { ScheduleError } from "../../src/core/digest/schedule.js";
import { isUserError, UserError } from "../../src/core/errors.js";
import { PolicyError } from "../../src/core/reminders/policy.js";
import { ImportError } from "../../src/importer/errors.js";
import { BoardInputError } from "../../src/services/boards.js";
import { DigestError } from "../../src/services/digest.js";
import { ExportError } from "../../src/services/exportPlan.js";
import { PeopleInputError } from "../../src/services/people.js";
import { ReminderTargetError } from "../../src/services/snooze.js";

describe("user errors", () => {
  it("every area's error is a UserError with its own code and exit code 2", () => {
    const errors = [
      new ImportError("unreadable", "cannot read x.csv"),
      new PeopleInputError("bad e-mail"),
      new BoardInputError("no name"),
      new ReminderTargetError("no plan"),
      new DigestError("bad date"),
      new ExportError("no plan"),
      new PolicyError("bad window"),
      new ScheduleError("bad schedule"),
      new ConfigError(["PORT: not a number"]),
      new UsageError("no plan with key x"),
    ];
    for (const e of errors) {
      expect(isUserError(e), e.name).toBe(true);
      expect(e.exitCode).toBe(2);
    }
    expect(errors.map((e) => e.code)).toEqual([
      "unreadable",
      "people.bad_input",
      "board.bad_input",
      "reminders.bad_target",
      "digest.bad_input",
      "export.bad_input",
      "policy.bad_value",
      "digest.bad_schedule",
      "config.invalid",
      "cli.usage",
    ]);
    expect(errors.map((e) => e.name)).toContain("PeopleInputError");
    expect(isUserError(new Error("bug"))).toBe(false);
  });

  it("the CLI prints a user error as its message and its fix, with its exit code; a bug is exit 1", () => {
    const io = bufferIo({});
    expect(reportError(io, new UserError("plan.unknown", 'no plan with key "x"', "see `ragtime plans list`"))).toBe(2);
    expect(io.stderrText.join("")).toBe('ragtime: no plan with key "x"\nfix: see `ragtime plans list`\n');
    const cfg = bufferIo({});
    expect(reportError(cfg, new ConfigError(["PORT: Expected number — set PORT=3000"]))).toBe(2);
    expect(cfg.stderrText.join("")).toMatch(/^ragtime cannot start — fix these environment variables:\n {2}- PORT/);
    const bug = bufferIo({});
    expect(reportError(bug, new TypeError("x is undefined"))).toBe(1);
    expect(bug.stderrText.join("")).toBe("ragtime: x is undefined\n");
  });

  it("a bad configuration stops a command with exit 2 and the variable to fix, before any database is opened", async () => {
    const io = bufferIo({ DATABASE_URL: "mysql://nope", LOG_LEVEL: "silent" });
    expect(await runCli(["plans", "list"], io)).toBe(2);
    expect(io.stderrText.join("")).toMatch(/DATABASE_URL/);
    expect(io.stdout).toEqual([]);
  });

  it("commander's own errors (an unknown command) come back as an exit code, through the same io", async () => {
    const io = bufferIo({});
    expect(await runCli(["no-such-command"], io)).toBe(1);
    expect(io.stderrText.join("")).toMatch(/unknown command/);
  });
});

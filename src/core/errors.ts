// Errors a person can fix: bad input, a missing plan, a wrong setting. Each carries a stable code (for tests,
// logs and scripts), the message, and what to do about it. The CLI maps them once (src/cli/run.ts: exit code,
// "ragtime: <message>" and the fix); anything that is not a UserError is a bug and is reported as one.

export class UserError extends Error {
  constructor(
    /** stable, dotted: "<area>.<what>", e.g. "import.unreadable", "people.bad_value", "cli.usage" */
    public readonly code: string,
    message: string,
    /** what to do about it, when the message does not already say */
    public readonly fix?: string,
    /** the CLI's exit code (2: the input or the setup is wrong) */
    public readonly exitCode = 2,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Is this an error a person can fix (rather than a bug)? Works across module copies (tests, tsx). */
export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError || (e instanceof Error && typeof (e as Partial<UserError>).code === "string" && "exitCode" in e);
}

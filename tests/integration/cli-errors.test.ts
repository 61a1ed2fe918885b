// Errors that help: impossible dates, unknown plan keys and unknown board people are refused with the closest
// matches and a non-zero exit, and nothing is written.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addBoard } from "../../src/services/boards.js";
import { importPlan } from "../../src/services/importPlan.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { FIXTURES, runCli } from "./cli.helper.js";

let t: TestDb;
beforeAll(async () => {
  t = await createSqliteTestDb();
  await importPlan(t.db, {
    file: join(FIXTURES, "thurrock-development-plan.csv"),
    planKey: "thurrock",
    now: new Date("2018-01-01T09:00:00Z"),
  });
}, 60_000);
afterAll(() => t.cleanup());

describe("CLI errors", () => {
  it("--as-of 2024-02-31 is refused (JavaScript would read 2 March)", async () => {
    for (const args of [
      ["ask", "what is overdue", "--as-of", "2024-02-31"],
      ["plan", "show", "thurrock", "--as-of", "2024-02-31"],
      ["reminders", "--dry-run", "--as-of", "2024-02-31T10:00:00Z"],
    ]) {
      const r = await runCli(args, t.url);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/no (such )?day|there is no day 2024-02-31/);
    }
  }, 60_000);

  it("--plan nosuchplan exits 2 and names the closest plan keys", async () => {
    const r = await runCli(["ask", "what is overdue", "--plan", "thurock"], t.url);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--plan: no plan with key "thurock". Did you mean thurrock?');
    const far = await runCli(["reminders", "--dry-run", "--plan", "nosuchplan"], t.url);
    expect(far.code).toBe(2);
    expect(far.stderr).toContain("Plans: thurrock.");
  }, 60_000);

  it("board add with an unknown chair or member is an error naming the closest people; nobody is created", async () => {
    const before = await t.db.person.count();
    await expect(
      addBoard(
        t.db,
        { name: "QIB", planKey: "thurrock", chair: "Sheila Murpy", members: ["Rory Patterson", "Jo Tynan", "Zebedee Quux"] },
        new Date("2018-01-02T09:00:00Z"),
      ),
    ).rejects.toThrow(/--chair: nobody called "Sheila Murpy" is known\. Did you mean "Sheila Murphy"/);
    const r = await runCli(
      ["board", "add", "QIB", "--plan", "thurrock", "--chair", "Sheila Murpy", "--members", "Rory Patterson,Zebedee Quux"],
      t.url,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Did you mean "Sheila Murphy"');
    expect(r.stderr).toContain('--members: nobody called "Zebedee Quux" is known.');
    expect(r.stderr).toContain("--create-people");
    expect(await t.db.person.count()).toBe(before);
    expect(await t.db.board.count()).toBe(0);
    // explicitly asked for: created
    const ok = await runCli(
      ["board", "add", "QIB", "--plan", "thurrock", "--chair", "Sheila Murphy", "--members", "Zebedee Quux", "--create-people"],
      t.url,
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(await t.db.person.count()).toBe(before + 1);
  }, 60_000);
});

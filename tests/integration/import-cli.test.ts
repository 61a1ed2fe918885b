// The `ragtime import` command end to end (the real CLI program, in-process), against a real SQLite file.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { fixtureRows, renamed, toCsv, toDocx } from "../helpers/plan-files.js";
import { runCli } from "./cli.helper.js";

const root = join(import.meta.dirname, "..", "..");
const fixtures = join(root, "../shared/fixtures/plans");
let h: TestDb;
let tmp: string;

const ragtime = (args: string[], databaseUrl: string) => runCli(args, databaseUrl);

beforeAll(async () => {
  h = await createSqliteTestDb();
  tmp = mkdtempSync(join(tmpdir(), "ragtime-cli-"));
});
afterAll(async () => {
  await h.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

describe("ragtime import", { timeout: 240_000 }, () => {
  it("--dry-run --json prints the records and writes nothing", async () => {
    const r = await ragtime(
      ["import", join(fixtures, "durham-recommendations.csv"), "--plan", "durham-recs", "--dry-run", "--json"],
      h.url,
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(["plan", "records", "errors"]);
    expect(out.plan).toMatchObject({ key: "durham-recs", scale: "rag" });
    expect(out.records).toHaveLength(14);
    expect(out.records[0]).toEqual({
      row: 2,
      section: "Appendix 2: Ofsted Recommendations 2016",
      ref: "1",
      action: expect.stringMatching(/^Continue with existing plans/),
      milestone: null,
      owners: [],
      ownerRoles: [],
      due: null,
      dueRaw: null,
      status: "at_risk",
      statusRaw: "A",
      latestUpdate: null,
    });
    expect(out.errors).toEqual([]);
  });

  it("imports into the database named by DATABASE_URL, with a readable summary; a second run changes nothing", async () => {
    const file = join(fixtures, "thurrock-development-plan.csv");
    const r = await ragtime(["import", file, "--plan", "thurrock", "--name", "Thurrock Development Plan 2017-19"], h.url);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Imported thurrock-development-plan\.csv as plan "thurrock"/);
    expect(r.stdout).toMatch(/Thurrock 1-5/);
    expect(r.stdout).toMatch(/row 52, column "Time": cannot read the date "Jun"/);
    const plan = await h.db.plan.findUniqueOrThrow({ where: { key: "thurrock" } });
    expect(plan).toMatchObject({ name: "Thurrock Development Plan 2017-19", scale: "numeric5" });
    const count = () => h.db.milestone.count({ where: { action: { planId: plan.id } } });
    expect(await count()).toBe(100);
    const again = await ragtime(["import", file, "--plan", "thurrock", "--json"], h.url);
    expect(again.code, again.stderr).toBe(0);
    const report = JSON.parse(again.stdout);
    expect(report).toMatchObject({ written: true, counts: { milestones: { created: 0, updated: 0, unchanged: 100 }, statusUpdates: 0 } });
    expect(await count()).toBe(100);
    // the name given the first time is kept
    expect((await h.db.plan.findUniqueOrThrow({ where: { key: "thurrock" } })).name).toBe("Thurrock Development Plan 2017-19");
  });

  it("exit code 2 and a clear message for an unreadable file, an empty file and no action column", async () => {
    const quotes = join(tmp, "quotes.csv");
    writeFileSync(quotes, 'Section,Action,Date\nA,"never closed,Jan 18\n');
    const empty = join(tmp, "empty.csv");
    writeFileSync(empty, "");
    const noAction = join(tmp, "noaction.csv");
    writeFileSync(noAction, "Name,Score\nA,1\n");
    for (const [file, message] of [
      [quotes, /unbalanced quotes/],
      [empty, /empty/],
      [noAction, /no column looks like the action.*--map ".*=action" \[no_action_column\]/],
    ] as const) {
      const r = await ragtime(["import", file, "--plan", "bad"], h.url);
      expect(r.code, file).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(await h.db.plan.findUnique({ where: { key: "bad" } })).toBeNull();
  });

  it("--dry-run says what it decided: read as, each column's role with its confidence and runner-up; --json the same", async () => {
    const rows = renamed(fixtureRows("devon-improvement-plan"), { Action: "What will we do?", Milestones: "Steps along the way" });
    const file = toCsv(rows, join(tmp, "devon-own-words.csv"));
    const r = await ragtime(["import", file, "--plan", "devon", "--dry-run"], h.url);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/read: CSV, ascii, comma-delimited; header row 1/);
    expect(r.stdout).toMatch(/"What will we do\?"\s+-> action 0\.\d\d \(content; runner-up milestone 0\.\d\d\)/);
    expect(r.stdout).toMatch(/"Steps along the way"\s+-> milestone 0\.\d\d \(content; runner-up /);
    expect(r.stdout).toMatch(/"Who"\s+-> owner 0\.\d\d \(header\+content/);
    const docx = await toDocx(rows, join(tmp, "devon.docx"), { sectionColumn: 0, otherTables: true });
    const j = await ragtime(["import", docx, "--plan", "devon", "--dry-run", "--json"], h.url);
    expect(j.code, j.stderr).toBe(0);
    const out = JSON.parse(j.stdout);
    expect(out.plan.format).toBe("docx");
    expect(out.plan.mapping).toContainEqual({
      column: "What will we do?",
      field: "action",
      confidence: expect.any(Number),
      by: "content",
      runnerUp: { field: "milestone", score: expect.any(Number) },
    });
    expect(out.plan.tables.skipped.map((t: { heading: string }) => t.heading)).toEqual(["Contents", "Glossary", "Sign-off"]);
    expect(out.records).toHaveLength(42);
  });

  it("--strict with a bad row: exit code 2, nothing written", async () => {
    const file = join(tmp, "strict.csv");
    writeFileSync(file, "Action,Due,Owner\nOne,Jan 18,AA\nTwo,31/02/18,AA\n");
    const r = await ragtime(["import", file, "--plan", "strict", "--strict"], h.url);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/row 3, column "Due"/);
    expect(r.stderr).toMatch(/--strict/);
    expect(await h.db.plan.findUnique({ where: { key: "strict" } })).toBeNull();
  });
});

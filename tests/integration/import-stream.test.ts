// A CSV import is read as a stream (importer/plan-stream.ts: header and columns from the first rows, then the
// rest of the file streamed, the milestones streamed again to the writer in chunks). It must read exactly what
// reading the whole grid at once reads, and write exactly what writing the whole model writes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { surveyCsvPlan } from "../../src/importer/plan-stream.js";
import { planTable } from "../../src/importer/plan-tables.js";
import { readSource } from "../../src/importer/read.js";
import { buildPlanModel } from "../../src/importer/records.js";
import { importPlan, readPlanFile } from "../../src/services/importPlan.js";
import { writePlanModel } from "../../src/storage/plan-writer.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { milestoneRows } from "../helpers/milestone-rows.js";

const fixtures = join(import.meta.dirname, "../../../shared/fixtures/plans");
const FIXTURES = ["devon-improvement-plan", "devon-north-detailed-plan", "thurrock-development-plan", "durham-ofsted-action-plan"];
const NOW = new Date("2026-11-22T10:00:00Z");

async function wholeRead(file: string) {
  const src = await readSource(file);
  const plan = planTable(src, {}, file);
  const model = buildPlanModel(plan.dataRows, plan.columns, { scale: "auto", rowNumbers: plan.rowNumbers, rowSources: plan.rowSources });
  return { plan, model };
}

let tmp: string;
let big: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "ragtime-stream-"));
  // Thurrock's plan 25 times over, well past the rows header detection reads (15 + 400), with its header typed
  // again halfway down (a pasted second copy), blank lines and Windows line ends: 2,500+ milestones
  const lines = readFileSync(join(fixtures, "thurrock-development-plan.csv"), "utf8").split(/\r?\n/);
  const header = lines[0] as string;
  const body = lines.slice(1).filter((l) => l.trim());
  const out = [header];
  for (let k = 0; k < 25; k++) {
    if (k === 12) out.push(header, "");
    out.push(...body);
  }
  big = join(tmp, "thurrock-x25.csv");
  writeFileSync(big, `${out.join("\r\n")}\r\n`);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("a streamed CSV reads as the whole grid does", () => {
  for (const name of [...FIXTURES, "thurrock x25 (past the first rows)"]) {
    it(name, async () => {
      const file = name.startsWith("thurrock x25") ? big : join(fixtures, `${name}.csv`);
      const whole = await wholeRead(file);
      const { model, summary } = await readPlanFile({ file, planKey: "s" });
      expect(summary.headerRow).toBe(whole.plan.headerRow);
      expect(summary.mapping.map((m) => [m.column, m.field, m.confidence])).toEqual(
        whole.plan.columns.filter((c) => c.header.trim()).map((c) => [c.header, c.field, c.confidence]),
      );
      const { streamed: _s, ...streamedModel } = model;
      expect(streamedModel).toEqual(whole.model);
      expect(model.milestones.length).toBeGreaterThan(0);
      if (file === big) expect(model.milestones.length).toBeGreaterThan(2_000);
    });
  }

  it("a broken quote after the first rows fails the same way, before anything is written", async () => {
    const file = join(tmp, "broken.csv");
    writeFileSync(file, `${readFileSync(big, "utf8")}1. Last,"never closed,x\r\n`);
    const whole = await readSource(file).catch((e: Error) => e);
    const streamed = await readPlanFile({ file, planKey: "s" }).catch((e: Error) => e);
    expect(whole).toBeInstanceOf(Error);
    expect((streamed as Error).message).toBe((whole as Error).message);
    expect((streamed as Error).message).toMatch(/near line \d{4}/);
  });
});

describe("a streamed import writes what writing the whole model writes", () => {
  let a: TestDb;
  let b: TestDb;
  beforeAll(async () => {
    [a, b] = await Promise.all([createSqliteTestDb(), createSqliteTestDb()]);
  });
  afterAll(async () => {
    await Promise.all([a.cleanup(), b.cleanup()]);
  });

  it("first import and an unchanged re-import, milestone by milestone", async () => {
    const streamed = await importPlan(a.db, { file: big, planKey: "t", name: "T", now: NOW, records: false });
    const { model } = await readPlanFile({ file: big, planKey: "t" });
    expect(model.streamed).toBeUndefined();
    const whole = await writePlanModel(b.db, { key: "t", name: "T", sourceFile: "thurrock-x25.csv", model, now: NOW });
    expect(streamed.counts).toEqual(whole.counts);
    expect(streamed.statuses?.noDueDate).toBe(model.milestones.filter((m) => !m.due).length);
    const [ra, rb] = [await milestoneRows(a.db), await milestoneRows(b.db)];
    expect(ra.length).toBe(model.milestones.length);
    expect(ra).toEqual(rb);
    const again = await importPlan(a.db, { file: big, planKey: "t", now: NOW });
    expect(again.counts?.milestones).toEqual({ created: 0, updated: 0, unchanged: model.milestones.length });
    expect(again.counts?.statusUpdates).toBe(0);
    expect(again.records.length).toBe(model.milestones.length);
  });
});

describe("the later passes split the rows pass 1 kept as text, or parse the file again", () => {
  async function rowsOf(file: string, keepChars?: number) {
    const s = await surveyCsvPlan(file, {}, true, { keepChars });
    const rows: { row: string[]; rowNo: number }[] = [];
    for await (const r of s.rows()) rows.push(r);
    return { kept: s.rowsKept, dataRows: s.dataRows, scale: s.scale, rows };
  }

  for (const name of [...FIXTURES, "thurrock x25 (past the first rows)"]) {
    it(`${name}: the same rows and row numbers either way`, async () => {
      const file = name.startsWith("thurrock x25") ? big : join(fixtures, `${name}.csv`);
      const [kept, parsed] = [await rowsOf(file), await rowsOf(file, 0)];
      expect([kept.kept, parsed.kept]).toEqual([true, false]);
      expect(kept.rows.length).toBeGreaterThan(0);
      expect(kept).toEqual({ ...parsed, kept: true });
    });
  }

  it("a file past the limit, or with a NUL in a cell, is parsed again in each pass", async () => {
    const nul = join(tmp, "nul.csv");
    writeFileSync(nul, readFileSync(big, "utf8").replace("\r\n", '\r\n1.1,"a\u0000b",x\r\n'));
    const withNul = await rowsOf(nul);
    expect(withNul.kept).toBe(false);
    expect(withNul.rows.some((r) => r.row.includes("a\u0000b"))).toBe(true);
    const small = await rowsOf(big, 10_000);
    expect(small.kept).toBe(false);
    expect(small).toEqual({ ...(await rowsOf(big)), kept: false });
  });
});

// An XLSX plan read with exceljs's streaming reader and a merges pass over the sheet XML
// (importer/read-xlsx-stream.ts) must give the grid, sheets, bands and errors the whole-workbook read gives
// (importer/read-xlsx.ts), and so the same header, columns and model.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planTable } from "../../src/importer/plan-tables.js";
import { readXlsx } from "../../src/importer/read-xlsx.js";
import { readXlsxStreamed } from "../../src/importer/read-xlsx-stream.js";
import { buildPlanModel } from "../../src/importer/records.js";
import type { Source } from "../../src/importer/tables.js";
import { importPlan, readPlanFile } from "../../src/services/importPlan.js";
import type { Db } from "../../src/storage/db.js";
import { writePlanModel } from "../../src/storage/plan-writer.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { FIXTURE_NAMES, fixtureRows, toXlsx } from "../helpers/plan-files.js";

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "ragtime-xlsx-stream-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function model(src: Source, file: string) {
  const plan = planTable(src, {}, file);
  const m = buildPlanModel(plan.dataRows, plan.columns, { scale: "auto", rowNumbers: plan.rowNumbers, rowSources: plan.rowSources });
  return { plan, model: m };
}

async function same(file: string, sheet?: string): Promise<Source> {
  const whole = await readXlsx(file, sheet);
  const streamed = await readXlsxStreamed(file, sheet);
  expect(streamed.sheets).toEqual(whole.sheets);
  expect(streamed.tables.map((t) => t.source)).toEqual(whole.tables.map((t) => t.source));
  for (let i = 0; i < whole.tables.length; i++) {
    const [w, s] = [whole.tables[i], streamed.tables[i]];
    expect(s?.rows).toEqual(w?.rows);
    expect([...(s?.bands ?? [])]).toEqual([...(w?.bands ?? [])]);
  }
  expect(streamed).toEqual(whole);
  expect(model(streamed, file)).toEqual(model(whole, file));
  return streamed;
}

async function sameError(file: string, sheet?: string): Promise<Error> {
  const whole = await readXlsx(file, sheet)
    .then((src) => model(src, file))
    .catch((e: Error) => e);
  const streamed = await readXlsxStreamed(file, sheet)
    .then((src) => model(src, file))
    .catch((e: Error) => e);
  expect(whole).toBeInstanceOf(Error);
  expect(streamed).toBeInstanceOf(Error);
  expect([(streamed as { code?: string }).code, (streamed as Error).message]).toEqual([
    (whole as { code?: string }).code,
    (whole as Error).message,
  ]);
  return streamed as Error;
}

describe("a streamed XLSX reads as the whole workbook does", () => {
  for (const name of FIXTURE_NAMES) {
    it(`${name}: plain, and as a council keeps it (cover sheet, titles, merged parent cells)`, async () => {
      const rows = fixtureRows(name);
      await same(await toXlsx(rows, join(tmp, `${name}.xlsx`)));
      const council = await toXlsx(rows, join(tmp, `${name}-council.xlsx`), {
        cover: true,
        titles: ["Improvement plan", "Updated monthly"],
        mergeColumns: [0, 1],
      });
      const src = await same(council);
      expect(src.sheets).toEqual(["Cover", "Improvement plan"]);
      await same(council, "Improvement plan");
      await same(council, "2");
    });
  }

  it("a large sheet with merged section rows, merged parent cells, dates, rich text and formulas", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Cover").addRow(["Children's Services Improvement Plan"]);
    const ws = wb.addWorksheet("Plan");
    ws.addRow(["Ref", "Action", "Milestone", "Due", "Lead", "RAG"]);
    let r = 1;
    for (let p = 1; p <= 40; p++) {
      ws.addRow([`Priority ${p}: area ${p}`]);
      r++;
      ws.mergeCells(r, 1, r, 6);
      const first = r + 1;
      for (let k = 1; k <= 60; k++) {
        const due = new Date(Date.UTC(2027, (p + k) % 12, 1 + (k % 27)));
        ws.addRow([
          `${p}.${k}`,
          k % 3 === 1 ? `Action ${p}.${k}` : "",
          `Milestone ${k}`,
          due,
          k % 2 ? "Janet Simon" : "Joe Tynan",
          ["R", "A", "G"][k % 3],
        ]);
        r++;
      }
      ws.mergeCells(first, 2, first + 2, 2);
      ws.getCell(first, 3).value = { richText: [{ text: "Rich " }, { font: { bold: true }, text: "milestone" }] };
      ws.getCell(first + 1, 4).value = { formula: "DATE(2027,3,1)", result: new Date(Date.UTC(2027, 2, 1)) };
      ws.getCell(first + 1, 4).numFmt = "dd/mm/yyyy";
      ws.getCell(first + 2, 6).value = { formula: '"G"', result: "G" };
      ws.getCell(first + 3, 5).value = { formula: "NA()", result: { error: "#N/A" } };
      ws.getCell(first + 4, 5).value = { formula: "2+2", result: 4 };
      ws.getCell(first + 5, 5).value = { formula: "TRUE()", result: true };
      ws.getCell(first + 6, 5).value = { text: "Janet Simon", hyperlink: "https://people.example/janet" };
    }
    const file = join(tmp, "big-bands.xlsx");
    await wb.xlsx.writeFile(file);
    const src = await same(file);
    const plan = src.tables[1];
    expect(plan?.bands.size).toBe(40);
    expect(plan?.rows[2]?.[2]).toBe("Rich milestone");
    expect(plan?.rows[3]?.[3]).toBe("2027-03-01");
    expect(plan?.rows[3]?.[1]).toBe(plan?.rows[2]?.[1]);
    expect([5, 6, 7, 8].map((i) => plan?.rows[i]?.[4])).toEqual(["", "4", "true", "Janet Simon"]);
    const { model: m } = model(src, file);
    expect(m.milestones.length).toBeGreaterThan(2_000);
  });

  it("sheet choice and its errors are the same: no such sheet, an empty sheet, no plan sheet", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Cover").addRow(["Improvement plan"]);
    const notes = wb.addWorksheet("Notes");
    notes.addRow(["Version", "Date"]);
    notes.addRow(["3", "01/09/2017"]);
    wb.addWorksheet("Blank");
    const file = join(tmp, "cover.xlsx");
    await wb.xlsx.writeFile(file);
    expect((await sameError(file)).message).toMatch(/sheets: "Cover", "Notes", "Blank".*--sheet/);
    expect((await sameError(file, "Nope")).message).toMatch(/no sheet "Nope".*"Cover", "Notes", "Blank"/);
    expect((await sameError(file, "blank")).message).toMatch(/sheet "Blank" of .* is empty/);
    await sameError(file, "9");
  });

  it("a file that is not a workbook fails as unreadable", async () => {
    const file = join(tmp, "not.xlsx");
    (await import("node:fs")).writeFileSync(file, "Action,Owner\nx,y\n");
    expect((await sameError(file)).message).toMatch(/not a readable \.xlsx workbook/);
  });
});

describe("a workbook's import writes its milestones in chunks, as writing the whole model does", () => {
  const NOW = new Date("2026-11-22T10:00:00Z");
  let a: TestDb;
  let b: TestDb;
  beforeAll(async () => {
    [a, b] = await Promise.all([createSqliteTestDb(), createSqliteTestDb()]);
  });
  afterAll(async () => {
    await Promise.all([a.cleanup(), b.cleanup()]);
  });

  async function rows(db: Db) {
    const ms = await db.milestone.findMany({
      include: { action: { select: { key: true, handle: true, title: true } }, owners: { include: { person: true } }, updates: true },
      orderBy: { position: "asc" },
    });
    return ms.map((m) => ({
      action: m.action,
      key: m.key,
      title: m.title,
      due: m.due,
      status: m.status,
      statusLabel: m.statusLabel,
      position: m.position,
      sourceRow: m.sourceRow,
      owners: m.owners.map((o) => o.person.normName).sort(),
      updates: m.updates.map((u) => [u.status, u.statusLabel, u.narrative, u.createdAt.toISOString()]).sort(),
    }));
  }

  it("thurrock x25 as a council workbook (cover, titles, merged parents): first import and an unchanged re-import", async () => {
    const [head, ...body] = fixtureRows("thurrock-development-plan");
    const many = [head as string[]];
    for (let k = 0; k < 25; k++) many.push(...body);
    const file = await toXlsx(many, join(tmp, "thurrock-x25.xlsx"), { cover: true, titles: ["Development plan"], mergeColumns: [0] });
    const streamed = await importPlan(a.db, { file, planKey: "t", name: "T", now: NOW, records: false });
    const { model } = await readPlanFile({ file, planKey: "t" });
    expect(model.streamed).toBeUndefined();
    expect(model.milestones.length).toBeGreaterThan(2_000);
    const whole = await writePlanModel(b.db, { key: "t", name: "T", sourceFile: "thurrock-x25.xlsx", model, now: NOW });
    expect(streamed.counts).toEqual(whole.counts);
    expect(streamed.plan.milestones).toBe(model.milestones.length);
    expect(streamed.statuses?.noDueDate).toBe(model.milestones.filter((m) => !m.due).length);
    const [ra, rb] = [await rows(a.db), await rows(b.db)];
    expect(ra.length).toBe(model.milestones.length);
    expect(ra).toEqual(rb);
    const again = await importPlan(a.db, { file, planKey: "t", now: NOW });
    expect(again.counts?.milestones).toEqual({ created: 0, updated: 0, unchanged: model.milestones.length });
    expect(again.counts?.statusUpdates).toBe(0);
    expect(again.records.length).toBe(model.milestones.length);
  });
});

// An XLSX plan read with exceljs's streaming reader and a merges pass over the sheet XML
// (importer/read-xlsx-stream.ts) must give the grid, sheets, bands and errors the whole-workbook read gives
// (importer/read-xlsx.ts), and so the same header, columns and model.
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import yazl from "yazl";
import { planTable } from "../../src/importer/plan-tables.js";
import { readXlsx } from "../../src/importer/read-xlsx.js";
import { readSheet } from "../../src/importer/read-xlsx-sheet.js";
import { readXlsxStreamed, readXlsxText } from "../../src/importer/read-xlsx-stream.js";
import { buildPlanModel } from "../../src/importer/records.js";
import type { Source } from "../../src/importer/tables.js";
import { importPlan, readPlanFile } from "../../src/services/importPlan.js";
import { writePlanModel } from "../../src/storage/plan-writer.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { milestoneRows } from "../helpers/milestone-rows.js";
import { FIXTURE_NAMES, fixtureRows, toXlsx } from "../helpers/plan-files.js";

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "ragtime-xlsx-stream-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A workbook written by hand (parts as XML), for what exceljs's writer never writes. */
async function handWritten(file: string, sheets: { name: string; xml: string }[], parts: { strings: string[]; date1904?: boolean }) {
  const zip = new yazl.ZipFile();
  const add = (path: string, text: string) => zip.addBuffer(Buffer.from(text, "utf8"), path);
  const x = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  add(
    "[Content_Types].xml",
    `${x}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join("")}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
  );
  add(
    "_rels/.rels",
    `${x}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  add(
    "xl/workbook.xml",
    `${x}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr${parts.date1904 ? ' date1904="1"' : ""}/><sheets>${sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("")}</sheets></workbook>`,
  );
  add(
    "xl/_rels/workbook.xml.rels",
    `${x}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join("")}<Relationship Id="rId90" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId91" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  );
  // styles: 0 general, 1 a built-in date (14), 2 a custom date format, 3 a percentage
  add(
    "xl/styles.xml",
    `${x}<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`,
  );
  add(
    "xl/sharedStrings.xml",
    `${x}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${parts.strings.length}" uniqueCount="${parts.strings.length}">${parts.strings.map((t) => `<si>${t}</si>`).join("")}</sst>`,
  );
  sheets.forEach((s, i) => {
    add(
      `xl/worksheets/sheet${i + 1}.xml`,
      `${x}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"><dimension ref="A1:F9"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols><col min="1" max="2" width="30" customWidth="1"/></cols>${s.xml}</worksheet>`,
    );
  });
  zip.end();
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(file);
    zip.outputStream.pipe(out).on("close", resolve).on("error", reject);
  });
  return file;
}

function model(src: Source, file: string) {
  const plan = planTable(src, {}, file);
  const m = buildPlanModel(plan.dataRows, plan.columns, { scale: "auto", rowNumbers: plan.rowNumbers, rowSources: plan.rowSources });
  return { plan, model: m };
}

async function same(file: string, sheet?: string): Promise<Source> {
  const whole = await readXlsx(file, sheet);
  const streamed = await readXlsxStreamed(file, sheet);
  // read as text, never falling back to the whole read
  expect(await readXlsxText(file, sheet)).toEqual(streamed);
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

  it("a workbook written by hand: inline strings, entities, line breaks, styles, dates, booleans, errors, merges", async () => {
    const strings = [
      "<t>Ref</t>",
      "<t>Action</t>",
      "<t>Milestone</t>",
      "<t>Due</t>",
      "<t>Lead</t>",
      "<t>RAG</t>",
      "<t>Priority 1: Early help &amp; &lt;safeguarding&gt;</t>",
      '<t xml:space="preserve">Line one&#13;&#10;line two </t>',
      "<r><rPr><b/></rPr><t>Rich </t></r><r><t>action</t></r>",
      "<t/>",
      "<t>Janet Simon</t>",
      "<t>G</t>",
      "<t>Quote &quot;it&quot; &apos;here&apos; &#x2013; dash</t>",
    ];
    const cells = (r: number, xs: string[]) => `<row r="${r}" spans="1:6" x14ac:dyDescent="0.25">${xs.join("")}</row>`;
    const plan = `<sheetData>${[
      cells(
        1,
        ["A", "B", "C", "D", "E", "F"].map((c, i) => `<c r="${c}1" t="s"><v>${i}</v></c>`),
      ),
      cells(2, ['<c r="A2" t="s"><v>6</v></c>', '<c r="B2" s="0"/>', '<c r="C2"/>']),
      cells(3, [
        '<c r="A3"><v>1.1</v></c>',
        '<c r="B3" t="s"><v>8</v></c>',
        '<c r="C3" t="inlineStr"><is><t>Inline &amp; written</t></is></c>',
        '<c r="D3" s="1"><v>43101</v></c>',
        '<c r="E3" t="s"><v>10</v></c>',
        '<c r="F3" t="s"><v>11</v></c>',
      ]),
      cells(4, [
        "<c r='A4'><v>1.2</v></c>",
        '<c r="C4" t="s"><v>7</v></c>',
        '<c r="D4" s="2"><v>43160.5</v></c>',
        '<c r="E4" t="str"><f>E3</f><v>Janet Simon</v></c>',
        '<c r="F4" t="e"><v>#N/A</v></c>',
      ]),
      cells(5, [
        '<c r="A5"><v>1.3</v></c>',
        '<c r="C5" t="s"><v>12</v></c>',
        '<c r="D5" s="2"><f>DATE(2018,4,1)</f><v>43191</v></c>',
        '<c r="E5" t="b"><v>1</v></c>',
        '<c r="F5" s="3"><v>0.25</v></c>',
      ]),
      cells(6, [
        '<c r="A6"><v>1.4</v></c>',
        '<c r="C6" t="s"><v>9</v></c>',
        '<c r="D6"><f>NA()</f><v>#N/A</v></c>',
        '<c r="E6" t="b"><f>TRUE()</f><v>1</v></c>',
        '<c r="F6"><f>1+1</f><v>2</v></c>',
      ]),
      '<row r="8" spans="1:6"/>',
      cells(9, ['<c r="A9"><v>1.5</v></c>', '<c r="C9" t="inlineStr"><is><t>Last</t></is></c>', '<c r="F9" t="s"><v>11</v></c>']),
    ].join("")}</sheetData><mergeCells count="2"><mergeCell ref="A2:F2"/><mergeCell ref="B3:B6"/></mergeCells>`;
    const cover = `<sheetData>${cells(1, ['<c r="A1" t="inlineStr"><is><t>Improvement plan</t></is></c>'])}</sheetData>`;
    for (const date1904 of [false, true]) {
      const file = await handWritten(
        join(tmp, `hand-${date1904}.xlsx`),
        [
          { name: "Cover", xml: cover },
          { name: "Plan", xml: plan },
        ],
        { strings, date1904 },
      );
      const src = await same(file);
      const rows = src.tables[1]?.rows ?? [];
      expect(src.tables[1]?.bands.get(1)).toBe("Priority 1: Early help & <safeguarding>");
      expect(rows[2]?.slice(1, 3)).toEqual(["Rich action", "Inline & written"]);
      expect(rows[3]?.[2]).toBe("Line one\nline two ");
      expect(rows[4]?.[2]).toBe("Quote \"it\" 'here' \u2013 dash");
      expect(rows[5]?.[1]).toBe("Rich action");
      expect([rows[3]?.[4], rows[3]?.[5], rows[4]?.[4], rows[5]?.[3], rows[5]?.[4], rows[5]?.[5]]).toEqual([
        "Janet Simon",
        "",
        "true",
        "",
        "true",
        "2",
      ]);
      if (!date1904) expect([rows[2]?.[3], rows[3]?.[3], rows[4]?.[3]]).toEqual(["2018-01-01", "2018-03-01", "2018-04-01"]);
      await same(file, "Plan");
    }
  });

  it("a sheet's XML reads the same whatever its chunks (a row, a cell, an entity or a character cut in two)", async () => {
    const rows: string[] = [];
    for (let r = 1; r <= 60; r++) {
      rows.push(
        `<row r="${r}" spans="1:5"><c r="A${r}" t="s"><v>${r % 2}</v></c><c r="B${r}" t="inlineStr"><is><t>Café – 😀 &amp; r${r}</t></is></c>` +
          `<c r="C${r}" s="1"><v>${43100 + r}</v></c><c r="D${r}"/><c r="E${r}" t="str"><f>B${r}</f><v>&lt;${r}&gt;</v></c></row>`,
      );
    }
    const xml = Buffer.from(
      `<?xml version="1.0"?><worksheet><sheetData>${rows.join("")}<row r="62"/></sheetData><mergeCells count="2"><mergeCell ref="A1:E1"/><mergeCell ref="B2:B5"/></mergeCells></worksheet>`,
    );
    const ctx = {
      sharedStrings: ["Ünïcödé – shared", "Action"],
      styleModel: (id: number) => (id === 1 ? { numFmt: "dd/mm/yyyy" } : null),
      date1904: false,
    };
    async function* chunks(size: number) {
      for (let i = 0; i < xml.length; i += size) yield xml.subarray(i, i + size);
    }
    const whole = await readSheet(chunks(xml.length), ctx);
    expect(whole.merges).toEqual(["A1:E1", "B2:B5"]);
    expect(whole.rows.length).toBe(62);
    expect(whole.rows[1]).toEqual(["Ünïcödé – shared", "Café – 😀 & r2", "2018-01-02", "", "<2>"]);
    for (const size of [1, 3, 7, 64, 1000]) expect(await readSheet(chunks(size), ctx)).toEqual(whole);
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
    const [ra, rb] = [await milestoneRows(a.db), await milestoneRows(b.db)];
    expect(ra.length).toBe(model.milestones.length);
    expect(ra).toEqual(rb);
    const again = await importPlan(a.db, { file, planKey: "t", now: NOW });
    expect(again.counts?.milestones).toEqual({ created: 0, updated: 0, unchanged: model.milestones.length });
    expect(again.counts?.statusUpdates).toBe(0);
    expect(again.records.length).toBe(model.milestones.length);
  });
});

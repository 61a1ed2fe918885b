// Input as officers have it: Excel's "Unicode text" (UTF-16, tab-delimited), Windows-1252 with semicolons,
// row numbers as Excel shows them, a US-order date flagged, a workbook with no plan sheet, a column nobody can
// place, and a plan whose section numbers contradict its refs.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from "docx";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ImportError } from "../../src/importer/errors.js";
import { answerQuestion } from "../../src/services/answer.js";
import { type ImportReport, importPlan } from "../../src/services/importPlan.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { FIXTURES, fixtureRows } from "../helpers/plan-files.js";

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "ragtime-input-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const dry = (file: string): Promise<ImportReport> => importPlan(null, { file, planKey: "t", dryRun: true });
const cell = (v: string, d: string) => (v.includes(d) || /["\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const text = (rows: string[][], d: string, eol = "\r\n") => rows.map((r) => r.map((v) => cell(v, d)).join(d)).join(eol) + eol;

describe("encodings and delimiters", () => {
  it("Excel's Unicode text (UTF-16LE with a BOM, tab-delimited) reads as the CSV does", async () => {
    const name = "durham-ofsted-action-plan";
    const file = join(tmp, "unicode.txt");
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text(fixtureRows(name), "\t"), "utf-16le")]));
    const [a, b] = [await dry(file), await dry(join(FIXTURES, `${name}.csv`))];
    expect(a.plan).toMatchObject({ encoding: "utf-16le (BOM)", delimiter: "tab" });
    expect(a.records).toEqual(b.records);
    expect(a.records.some((r) => r.owners.some((o) => o.includes("’") || o.includes("'")))).toBe(true);
  });

  it("Windows-1252 with semicolons (older Excel, a European locale) reads as the CSV does", async () => {
    const name = "thurrock-development-plan";
    const rows = fixtureRows(name);
    const file = join(tmp, "win1252.csv");
    const body = text(rows, ";");
    // every character of the fixture survives the round trip, so any difference would be the importer's
    expect(iconv.decode(iconv.encode(body, "win1252"), "win1252")).toBe(body);
    writeFileSync(file, iconv.encode(body, "win1252"));
    const [a, b] = [await dry(file), await dry(join(FIXTURES, `${name}.csv`))];
    expect(a.plan).toMatchObject({ encoding: "windows-1252", delimiter: "semicolon" });
    expect(a.records).toEqual(b.records);
  });

  it("a Windows-1252 file with curly quotes and a pound sign keeps them", async () => {
    const file = join(tmp, "pound.csv");
    writeFileSync(file, iconv.encode("Action;Due;Who\r\nSpend £20k on the Children’s MASH – phase 2;Jan 18;Joe Tynan\r\n", "win1252"));
    const r = await dry(file);
    expect(r.plan).toMatchObject({ encoding: "windows-1252", delimiter: "semicolon" });
    expect(r.records[0]).toMatchObject({ action: "Spend £20k on the Children’s MASH – phase 2", owners: ["Joe Tynan"], due: "2018-01-31" });
  });

  it("the UTF-8 fixtures say so; the delimiter is a comma", async () => {
    const r = await dry(join(FIXTURES, "devon-improvement-plan.csv"));
    expect(r.plan.delimiter).toBe("comma");
    expect(r.plan.encoding).toMatch(/^(ascii|utf-8)/);
  });
});

describe("errors that help", () => {
  it("row numbers are Excel's (the header is row 1; a cell of several lines is still one row)", async () => {
    const file = join(tmp, "rows.csv");
    writeFileSync(file, 'Action,Due,Who\r\n"Review\r\nthe front door",Jan 18,AA\r\nAudit,31/02/18,RG\r\n');
    const r = await dry(file);
    expect(r.errors).toEqual([{ row: 3, column: "Due", message: expect.stringMatching(/cannot read the date "31\/02\/18"/) }]);
    expect(r.records.map((x) => x.row)).toEqual([2, 3]);
  });

  it("the header typed again further down is not a row of the plan", async () => {
    const file = join(tmp, "again.csv");
    writeFileSync(file, "Action,Due,Who\r\nReview the front door,Jan 18,AA\r\nAction,Due,Who\r\nAudit referrals,Feb 18,RG\r\n");
    const r = await dry(file);
    expect(r.records.map((x) => [x.row, x.action])).toEqual([
      [2, "Review the front door"],
      [4, "Audit referrals"],
    ]);
    expect(r.errors).toEqual([]);
  });

  it("01/16/2018 is read month-first and flagged as a US-order date, on Excel's row", async () => {
    const r = await dry(join(FIXTURES, "thurrock-development-plan.csv"));
    expect(r.errors).toContainEqual({
      row: 57,
      column: "Time",
      message: expect.stringMatching(/"01\/16\/2018" is a US-order date.*2018-01-16/),
    });
    expect(r.records.find((x) => x.row === 57)).toMatchObject({ due: "2018-01-16", dueRaw: "01/16/2018" });
  });

  it("a workbook with no plan sheet fails naming --sheet and listing the sheets", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Cover").addRow(["Improvement plan"]);
    const notes = wb.addWorksheet("Notes");
    notes.addRow(["Version", "Date"]);
    notes.addRow(["3", "01/09/2017"]);
    const file = join(tmp, "cover.xlsx");
    await wb.xlsx.writeFile(file);
    const err = await dry(file).catch((e) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect(err.code).toBe("no_action_column");
    expect(err.message).toMatch(/sheets: "Cover", "Notes"/);
    expect(err.message).toMatch(/--sheet/);
  });

  it("a column nobody can place is a coded error naming the candidates and the --map to use, never a guess", async () => {
    const file = join(tmp, "vague.csv");
    writeFileSync(file, "Topic,When,Who\r\nMASH,Jan 18,AA\r\nQA,Feb 18,RG\r\n");
    const err = await dry(file).catch((e) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect(err.code).toBe("no_action_column");
    expect(err.message).toMatch(/best candidates: "Topic" \(0\.\d\d\)/);
    expect(err.message).toMatch(/--map "Topic=action"/);
    // and the map it names works
    const ok = await importPlan(null, { file, planKey: "t", dryRun: true, map: ["Topic=action"] });
    expect(ok.records.map((x) => x.action)).toEqual(["MASH", "QA"]);
    expect(ok.plan.mapping.find((m) => m.column === "Topic")).toMatchObject({ field: "action", confidence: 1, by: "map" });
  });
});

describe("section numbers that contradict their refs", () => {
  let h: TestDb;
  beforeAll(async () => {
    h = await createSqliteTestDb();
  });
  afterAll(async () => h.cleanup());

  it('refs 7.x under a second heading "4." are section 7: reported, and "priority 7" finds it', async () => {
    const file = join(tmp, "sections.csv");
    writeFileSync(
      file,
      [
        "Section,Ref,Action,Due,Who",
        "4. Leadership,4.1,Review the leadership structure,Jan 18,Joe Tynan",
        "4. Leadership,4.2,Appoint a permanent director,Mar 18,Joe Tynan",
        "4. Early help,7.1,Launch the early help front door,Jan 18,Janet Simon",
        "4. Early help,7.2,Train early help staff in assessment,Feb 18,Janet Simon",
        "",
      ].join("\r\n"),
    );
    const r = await importPlan(h.db, { file, planKey: "sections", now: new Date("2017-12-01T09:00:00Z") });
    expect(r.plan.notices).toEqual([
      {
        code: "section_number_from_refs",
        message: expect.stringMatching(/"4\. Early help" is numbered 4 but its refs are 7\.x \(7\.1, 7\.2\)/),
      },
    ]);
    const sections = await h.db.section.findMany({ orderBy: { position: "asc" } });
    expect(sections.map((s) => [s.label, s.number])).toEqual([
      ["4. Leadership", "4"],
      ["4. Early help", "7"],
    ]);
    const a = await answerQuestion(h.db, "what is due in priority 7", { personId: null, isAdmin: true }, new Date("2017-12-01T09:00:00Z"));
    expect(a.understood).toBe(true);
    expect(a.text).toMatch(/Early help/);
    expect(a.text).not.toMatch(/Leadership/);
  });
});

describe("workbook layouts", () => {
  it("one sheet per priority with the same header is one plan; each sheet's name is its section", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Cover").addRow(["Improvement plan 2017-19"]);
    for (const [name, rows] of [
      ["1. Early help", [["1.1", "Launch the early help front door", "Jan 18", "Janet Simon"]]],
      [
        "2. Workforce",
        [
          ["2.1", "Recruit permanent social workers", "Mar 18", "Joe Tynan"],
          ["2.2", "Reduce agency staff to below 15%", "Jun 18", "Joe Tynan"],
        ],
      ],
    ] as const) {
      const ws = wb.addWorksheet(name);
      ws.addRow(["Ref", "What will we do?", "By when", "Who"]);
      for (const r of rows) ws.addRow([...r]);
    }
    const file = join(tmp, "sheets.xlsx");
    await wb.xlsx.writeFile(file);
    const r = await dry(file);
    expect(r.plan.tables.used).toEqual(['sheet "1. Early help"', 'sheet "2. Workforce"']);
    expect(r.plan.tables.skipped.map((s) => s.source)).toEqual(['sheet "Cover"']);
    expect(r.records.map((x) => [x.section, x.ref, x.row])).toEqual([
      ["1. Early help", "1.1", 2],
      ["2. Workforce", "2.1", 2],
      ["2. Workforce", "2.2", 3],
    ]);
  });

  it("sheets with their own Section column keep it (a sheet's name only fills in for a missing one)", async () => {
    const wb = new ExcelJS.Workbook();
    for (const [sheet, section] of [
      ["2017-18", "1. Early help"],
      ["2018-19", "2. Workforce"],
    ] as const) {
      const ws = wb.addWorksheet(sheet);
      ws.addRow(["Section", "Action", "Due"]);
      ws.addRow([section, `Review ${section.slice(3).toLowerCase()} arrangements with partners`, "Jan 18"]);
    }
    const file = join(tmp, "years.xlsx");
    await wb.xlsx.writeFile(file);
    const r = await dry(file);
    expect(r.records.map((x) => x.section)).toEqual(["1. Early help", "2. Workforce"]);
  });

  it("a row merged across the table is the section of the rows below it", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Plan");
    ws.addRow(["Ref", "Action", "Due", "Lead"]);
    ws.addRow(["Priority 1: Early help"]);
    ws.mergeCells("A2:D2");
    ws.addRow(["1.1", "Launch the early help front door", "Jan 18", "Janet Simon"]);
    ws.addRow(["Priority 2: Workforce"]);
    ws.mergeCells("A4:D4");
    ws.addRow(["2.1", "Recruit permanent social workers", "Mar 18", "Joe Tynan"]);
    ws.addRow(["2.2", "", "Jun 18", "Joe Tynan"]);
    ws.mergeCells("B5:B6");
    const file = join(tmp, "bands.xlsx");
    await wb.xlsx.writeFile(file);
    const r = await dry(file);
    expect(r.records.map((x) => [x.row, x.section, x.ref, x.action])).toEqual([
      [3, "Priority 1: Early help", "1.1", "Launch the early help front door"],
      [5, "Priority 2: Workforce", "2.1", "Recruit permanent social workers"],
      [6, "Priority 2: Workforce", "2.2", "Recruit permanent social workers"],
    ]);
  });
});

describe("Word documents", () => {
  it("a bold paragraph above a table is its heading; a heading without a number takes its refs' number", async () => {
    const row = (cells: string[]) => new TableRow({ children: cells.map((c) => new TableCell({ children: [new Paragraph(c)] })) });
    const table = (rows: string[][]) => new Table({ rows: [row(["Ref", "What will we do?", "By when", "Lead"]), ...rows.map(row)] });
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({ children: [new TextRun({ text: "Strategic Partnerships", bold: true })] }),
            new Paragraph("The partnership will hold itself to account for these actions."),
            table([
              ["1.1", "Agree a shared safeguarding dataset with partners", "Jan 18", "Joe Tynan"],
              ["1.2", "Publish the partnership's annual report", "Mar 18", "Joe Tynan"],
            ]),
            new Paragraph({ children: [new TextRun({ text: "2. Early Help", bold: true })] }),
            table([["2.1", "Launch the early help front door", "Jun 18", "Janet Simon"]]),
          ],
        },
      ],
    });
    const file = join(tmp, "bold.docx");
    writeFileSync(file, await Packer.toBuffer(doc));
    const r = await dry(file);
    expect(r.records.map((x) => [x.section, x.ref, x.row])).toEqual([
      ["Strategic Partnerships", "1.1", 2],
      ["Strategic Partnerships", "1.2", 3],
      ["2. Early Help", "2.1", 2],
    ]);
    expect(r.plan.notices).toEqual([
      { code: "section_number_from_refs", message: expect.stringMatching(/"Strategic Partnerships" has no number but its refs are 1\.x/) },
    ]);
    expect(r.plan.tables.used).toEqual(["table 1", "table 2"]);
  });
});

// The board paper from the stored week-2 digest of the Thurrock seed (thurrock-weeks.seed.ts): PDF rendered to
// PNG with poppler (pdftoppm) and read back as text (pdftotext), DOCX and XLSX opened and checked; and every
// export path (board paper and plan export, CSV too) keeps text that starts with =, -, @ from becoming a formula.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pngSize } from "../../src/charts/statusChart.js";
import { safeCell } from "../../src/core/digest/paper.js";
import { exportBoardPaper, loadBoardPaper } from "../../src/services/boardPaper.js";
import { exportPlanCsv, exportPlanXlsx } from "../../src/services/exportPlan.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { colourCount, decodePng, inkShare } from "../helpers/png.js";
import { runCli } from "./cli.helper.js";
import { BOARD, seedThurrockWeeks, TEXT, WEEK2 } from "./thurrock-weeks.seed.js";

let t: TestDb;
let dir: string;
/** PDF text without any whitespace: pdftotext breaks lines inside cells (and long words), never changes the letters */
const norm = (s: string) => s.replace(/\s+/g, "");

beforeAll(async () => {
  t = await createSqliteTestDb();
  await seedThurrockWeeks(t);
  dir = mkdtempSync(join(tmpdir(), "ragtime-paper-"));
}, 60_000);
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.cleanup();
});

describe("safeCell", () => {
  it("prefixes an apostrophe to text that starts with =, +, -, @, tab or CR, and leaves the rest", () => {
    for (const s of ["=1+1", "+44 20", "-2 staff", "@risk", "\tx", "\rx"]) expect(safeCell(s)).toBe(`'${s}`);
    for (const s of ["Green", "1.2", "", "a=b", " =x"]) expect(safeCell(s)).toBe(s);
  });
});

describe("board paper PDF (ragtime export --board --as-of --pdf)", () => {
  let pdf: string;
  let pages: string[];

  beforeAll(async () => {
    pdf = join(dir, "paper.pdf");
    const r = await runCli(["export", "--board", BOARD, "--as-of", WEEK2, "--pdf", pdf], t.url);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote the board paper of "${BOARD}" as presented on ${WEEK2} (100 milestones`);
    pages = execFileSync("pdftotext", ["-raw", "-enc", "UTF-8", pdf, "-"], { encoding: "utf8" }).split("\f").map(norm);
    if (pages.at(-1) === "") pages.pop();
  }, 120_000);

  it("is A4 landscape, several pages, page count as pdfinfo reports it", () => {
    const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.28 pts \(A4\)/);
    const count = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(count).toBe(pages.length);
    expect(count).toBeGreaterThan(5);
    expect(count).toBeLessThan(60);
    expect(pages[0]).toContain(norm(`board paper — page 1 of ${count}`));
  });

  it("page 1 as PNG: landscape, drawn, the cover summary, key and coloured RAG by priority", () => {
    execFileSync("pdftoppm", ["-r", "50", "-png", "-f", "1", "-l", "1", "-singlefile", pdf, join(dir, "page1")]);
    const png = readFileSync(join(dir, "page1.png"));
    const size = pngSize(png);
    expect(size.width).toBe(585); // 841.89 x 595.28 pt at 50 dpi
    expect(size.height).toBeGreaterThanOrEqual(413);
    expect(size.height).toBeLessThanOrEqual(414);
    const px = decodePng(png);
    expect(inkShare(px)).toBeGreaterThan(0.05);
    expect(colourCount(px, "#c62828")).toBeGreaterThan(200); // red cells and key
    expect(colourCount(px, "#f59e0b")).toBeGreaterThan(200);
    for (const s of [
      `${BOARD} — board paper`,
      "As presented to the board on 15 Jan 2018; previous period: the digest of 8 Jan 2018",
      "Rated 99 of 100 milestones",
      "1 (off track) — off track",
      "RAG by priority — previous vs current",
    ])
      expect(pages[0]).toContain(norm(s));
  });

  it("sections in order: RAG by priority, exceptions, slipped, not updated, then the full table", () => {
    const all = pages.join(" ");
    const order = [
      "RAG by priority — previous vs current",
      "Exceptions",
      "Slipped (due date moved",
      "Who has not updated",
      "All items",
    ].map(norm);
    let at = -1;
    for (const o of order) {
      const i = all.indexOf(o, at + 1);
      expect(i, o).toBeGreaterThan(at);
      at = i;
    }
    expect(all).toContain(norm(TEXT.dReason2));
    expect(all).toContain(norm(TEXT.dReason1));
    expect(all).toContain(norm("Cannot be asked: no chat account"));
  });

  it("no row of the full table is cut: every cell of each row is found whole on one page", async () => {
    const doc = await loadBoardPaper(t.db, BOARD, WEEK2);
    const table = doc.tables.find((x) => x.key === "all")!;
    expect(table.rows).toHaveLength(100);
    const start = pages.findIndex((p) => p.includes(norm("All items")));
    expect(start).toBeGreaterThan(0);
    const tablePages = pages.slice(start);
    for (const r of table.rows) {
      const item = norm(r[1]!.text);
      const history = norm(r[r.length - 1]!.text);
      // every cell of the row whole on one page (two rows can share an action and a milestone title)
      const cells = r.map((c) => norm(c.text));
      expect(
        tablePages.some((p) => p.includes(item) && p.includes(history) && cells.every((c) => p.includes(c))),
        `${r[1]!.text.slice(0, 60)}: ${history}`,
      ).toBe(true);
    }
  });

  it("text that starts with = or @ is written with an apostrophe", () => {
    const all = pages.join(" ");
    // the full table's "Latest update" cell starts with the narrative: prefixed (mid-cell text needs nothing)
    expect(all).toContain(norm(`'${TEXT.bNarrative}`));
  });
});

describe("board paper DOCX and XLSX", () => {
  it("DOCX: A4 landscape, header rows repeat, rows never split, coloured statuses, safe text", async () => {
    const file = join(dir, "paper.docx");
    const r = await exportBoardPaper(t.db, { board: BOARD, asOf: WEEK2, format: "docx", file });
    expect(r.rows).toBe(100);
    const xml = execFileSync("unzip", ["-p", file, "word/document.xml"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    expect(xml).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
    expect(xml).toContain("<w:tblHeader/>");
    expect((xml.match(/<w:cantSplit\/>/g) ?? []).length).toBeGreaterThan(100);
    expect(xml).toMatch(/w:fill="C62828"/);
    expect(xml).toContain("Thurrock Improvement Board — board paper");
    expect(xml).toContain("&apos;=HYPERLINK");
    expect(xml).not.toMatch(/>=HYPERLINK/);
  });

  it("XLSX: sheets with title, date, key, colours, A4 landscape fitted to one page wide, every revision reason, no formulas", async () => {
    const file = join(dir, "paper.xlsx");
    await exportBoardPaper(t.db, { board: BOARD, asOf: WEEK2, format: "xlsx", file });
    const { default: Excel } = await import("exceljs");
    const wb = new Excel.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((s) => s.name)).toEqual(["Summary", "RAG by priority", "Exceptions", "Slipped", "Not updated", "All items"]);
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
      expect(String(ws.getCell("A1").value)).toMatch(/board paper|RAG by priority|Exceptions|Slipped|Who has not updated|All items/);
      expect(String(ws.getCell("A2").value)).toContain("As presented to the board on 15 Jan 2018");
    }
    const summary = wb.getWorksheet("Summary")!;
    const keyRow = summary.getRows(1, summary.rowCount)!.find((row) => String(row.getCell(1).value) === "1 (off track)")!;
    expect((keyRow.getCell(1).fill as { fgColor?: { argb?: string } }).fgColor?.argb).toBe("FFC62828");
    const slipped = wb.getWorksheet("Slipped")!;
    const texts: string[] = [];
    slipped.eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
    const revisions = texts.find((x) => x.includes(TEXT.dReason2))!;
    expect(revisions).toContain(`Revised 1: 15 May 2018 (recorded 9 Jan 2018) — ${TEXT.dReason1}`);
    expect(revisions).toContain("Baseline: 30 Apr 2018");
    let formulas = 0;
    let cells = 0;
    for (const ws of wb.worksheets)
      ws.eachRow((row) =>
        row.eachCell((c) => {
          cells++;
          if (c.type === Excel.ValueType.Formula) formulas++;
          if (typeof c.value === "string") expect(c.value).not.toMatch(/^[=+\-@\t\r]/);
        }),
      );
    expect(cells).toBeGreaterThan(1000);
    expect(formulas).toBe(0);
    const all = wb.getWorksheet("All items")!;
    expect(all.pageSetup.printTitlesRow).toBe("4:4");
  });

  it("a date with no stored digest is refused with its code and the fix", async () => {
    await expect(loadBoardPaper(t.db, BOARD, "2018-01-22")).rejects.toThrow(
      /NO_DIGEST.*ragtime digest --board "Thurrock Improvement Board" --as-of 2018-01-22/,
    );
    const r = await runCli(["export", "--board", "Nope", "--as-of", WEEK2, "--docx", join(dir, "x.docx")], t.url);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no board named "Nope" (BOARD_NOT_FOUND)');
  });
});

describe("plan export: CSV and XLSX are formula-safe", () => {
  it("CSV: cells that start with =, -, @ get an apostrophe; the rest are as written", async () => {
    const file = join(dir, "plan.csv");
    const r = await exportPlanCsv(t.db, "thurrock", file);
    expect(r.rows).toBe(100);
    const rows = parse(readFileSync(file, "utf8"), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(100);
    const b = rows.find((x) => x.Milestone?.startsWith("Signs of Safety Model"))!;
    expect(b["Latest update"]).toBe(`'${TEXT.bNarrative}`);
    const d = rows.find((x) => x.Milestone?.startsWith("Children are consistently seen within 15 days"))!;
    expect(d["Reason for revised date"]).toBe(TEXT.dReason2);
    for (const row of rows) for (const v of Object.values(row)) expect(v).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("XLSX plan export: no formulas, prefixed text", async () => {
    const file = join(dir, "plan.xlsx");
    await exportPlanXlsx(t.db, "thurrock", file);
    const { default: Excel } = await import("exceljs");
    const wb = new Excel.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0]!;
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: "landscape", fitToWidth: 1 });
    const values: unknown[] = [];
    ws.eachRow((row) =>
      row.eachCell((c) => {
        expect(c.type).not.toBe(Excel.ValueType.Formula);
        values.push(c.value);
      }),
    );
    expect(values).toContain(`'${TEXT.bNarrative}`);
  });
});

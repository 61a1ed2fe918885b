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
import { addBoard } from "../../src/services/boards.js";
import { postDigest } from "../../src/services/digest.js";
import { exportPlanCsv, exportPlanXlsx } from "../../src/services/exportPlan.js";
import { importIndicators } from "../../src/services/importIndicators.js";
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

// The indicators section on real imports: Thurrock's own indicator table (beside its plan, on a second board
// of the same plan) and a Blackpool-shaped plan whose targets give RAG in Blackpool's labels.
const PLANS = join(import.meta.dirname, "../../../shared/fixtures/plans");
const MINE = join(import.meta.dirname, "../fixtures/indicators");
const IND_BOARD = "Thurrock Performance Board";
const BP_BOARD = "Blackpool Improvement Board";
const BP_DAY = "2023-11-20";

/** the sections of the stored digest's indicator trends (those with values to draw) */
async function snapshotTrends(board: string, asOf: string): Promise<string[]> {
  const b = await t.db.board.findFirstOrThrow({ where: { name: board } });
  const row = await t.db.digest.findFirstOrThrow({ where: { boardId: b.id, asOf: new Date(`${asOf}T00:00:00Z`) } });
  return (JSON.parse(row.snapshotJson) as { model: { indicators: { trends: { section: string }[] } } }).model.indicators.trends.map(
    (x) => x.section,
  );
}

describe("board paper: indicators section", () => {
  let thurrockPdf: string[];
  let blackpoolPdf: string[];
  let blackpoolDocx: string;

  beforeAll(async () => {
    const at = new Date("2018-01-02T10:00:00Z");
    await importIndicators(t.db, { file: join(PLANS, "thurrock-indicators.csv"), planKey: "thurrock", now: at });
    const b = await addBoard(t.db, { name: IND_BOARD, planKey: "thurrock" }, at);
    await postDigest(t.db, b.id, new Date(`${WEEK2}T00:00:00Z`), new Date(`${WEEK2}T09:00:00Z`), { slack: false, teams: false });
    const bpAt = new Date("2023-11-01T09:00:00Z");
    await importIndicators(t.db, {
      file: join(MINE, "blackpool-outcome-indicators.csv"),
      planKey: "blackpool",
      scale: "blackpool",
      now: bpAt,
    });
    await importIndicators(t.db, { file: join(MINE, "blackpool-practice-obsessions.csv"), planKey: "blackpool", now: bpAt });
    const bp = await addBoard(t.db, { name: BP_BOARD, planKey: "blackpool" }, bpAt);
    await postDigest(t.db, bp.id, new Date(`${BP_DAY}T00:00:00Z`), new Date(`${BP_DAY}T09:00:00Z`), { slack: false, teams: false });

    const read = (file: string) =>
      execFileSync("pdftotext", ["-raw", "-enc", "UTF-8", file, "-"], { encoding: "utf8" }).split("\f").map(norm);
    const tp = join(dir, "thurrock-indicators.pdf");
    const r1 = await runCli(["export", "--board", IND_BOARD, "--as-of", WEEK2, "--pdf", tp], t.url);
    expect(r1.stderr).toBe("");
    expect(r1.code).toBe(0);
    thurrockPdf = read(tp);
    const bpPdf = join(dir, "blackpool.pdf");
    const r2 = await runCli(["export", "--board", BP_BOARD, "--as-of", BP_DAY, "--pdf", bpPdf], t.url);
    expect(r2.code).toBe(0);
    blackpoolPdf = read(bpPdf);
    // each theme with values has its trend chart as an image in the PDF (Theme 1 has targets, no values yet)
    const images = execFileSync("pdfimages", ["-list", bpPdf], { encoding: "utf8" })
      .trim()
      .split("\n")
      .slice(2)
      .filter((l) => /\bimage\b/.test(l.split(/\s+/).slice(0, 4).join(" ")));
    expect(images).toHaveLength(2);
    for (const l of images) expect(l).toMatch(/^\s*\d+\s+\d+\s+image\s+800\s+\d+/);
    blackpoolDocx = join(dir, "blackpool.docx");
    const r3 = await runCli(["export", "--board", BP_BOARD, "--as-of", BP_DAY, "--docx", blackpoolDocx], t.url);
    expect(r3.code).toBe(0);
  }, 180_000);

  it("Thurrock: latest value and period, no target means No RAG, direction by polarity, a chart per priority", async () => {
    const all = thurrockPdf.join(" ");
    const start = all.indexOf(norm("Indicators — latest value against target"));
    expect(start).toBeGreaterThan(all.indexOf(norm("Who has not updated")));
    expect(start).toBeLessThan(all.indexOf(norm("All items")));
    expect(all).toContain(norm("21 indicators;"));
    // one row, its cells in order: indicator, owner, latest (period), target, RAG, direction
    expect(all).toContain(norm("96.7% (2017-12) no target No RAG ↑ improving"));
    expect(all).toContain(norm("215.5 days"));
    expect(all).toContain(norm("→ no change"));
    expect(all).toContain(norm("Indicators with no value for Dec 2017"));
    const doc = await loadBoardPaper(t.db, IND_BOARD, WEEK2);
    const ind = doc.indicators!;
    expect(ind.sections.map((s) => s.section)).toContain("Priority 2");
    const missing = ind.missing.rows.map((r) => r[0]!.text);
    expect(missing).toContain("Social Work teams vacancies/ agency staff");
    expect(missing).not.toContain("Care Leavers in EET %");
    // a chart for every priority with values to plot (Priority 6's indicators have none yet)
    const withValues = new Set(doc.indicators && (await snapshotTrends(IND_BOARD, WEEK2)));
    expect(withValues.size).toBeGreaterThan(3);
    for (const s of ind.sections) expect(s.chart?.width, s.section).toBe(withValues.has(s.section) ? 800 : undefined);
    expect(ind.sections.map((s) => s.section).slice(0, 2)).toEqual(["Priority 1", "Priority 2"]);
    expect(doc.summary.join("\n")).toContain("Indicators: 21 indicators;");
  });

  it("Blackpool-shaped: value vs target in Blackpool's labels (Green, At Risk), coloured, and the missing value", async () => {
    const all = blackpoolPdf.join(" ");
    expect(all).toContain(norm("Indicators — Theme 2"));
    expect(all).toContain(norm("Children's voices are heard in assessments Dan Okafor 54% (2023-10) 60% by 2023-10-31 At Risk"));
    expect(all).toContain(norm("Plans are SMART and reviewed Dan Okafor 52% (2023-10) 50% by 2023-10-31 Green"));
    expect(all).toContain(norm("Indicators with no value for Oct 2023"));
    const doc = await loadBoardPaper(t.db, BP_BOARD, BP_DAY);
    const rows = doc.indicators!.sections.flatMap((s) => s.table.rows);
    const voices = rows.find((r) => r[0]!.text === "Children's voices are heard in assessments")!;
    expect(voices[4]).toMatchObject({ text: "At Risk", fill: "#c62828" });
    expect(rows.find((r) => r[0]!.text === "Plans are SMART and reviewed")![4]).toMatchObject({ text: "Green", fill: "#2e7d32" });
    expect(doc.indicators!.missing.rows.map((r) => r[0]!.text)).toContain("OI3 % assessments completed within 45 working days");
    const charts = doc.indicators!.sections.map((s) => [s.section, Boolean(s.chart)]);
    expect(charts).toEqual([
      ["Theme 1", false],
      ["Theme 2", true],
      ["Theme 3", true],
    ]);
  });

  it("DOCX: the indicators tables with coloured RAG and one trend chart image per theme", () => {
    const xml = execFileSync("unzip", ["-p", blackpoolDocx, "word/document.xml"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    expect(xml).toContain("Indicators — latest value against target");
    expect(xml).toContain("Children&apos;s voices are heard in assessments");
    expect(xml).toContain("Indicators with no value for Oct 2023");
    expect((xml.match(/<pic:pic[ >]/g) ?? []).length).toBe(2);
    const media = execFileSync("unzip", ["-l", blackpoolDocx], { encoding: "utf8" }).match(/word\/media\/\S+\.png/g) ?? [];
    expect(media).toHaveLength(2);
    const png = execFileSync("unzip", ["-p", blackpoolDocx, media[0]!], { maxBuffer: 16 * 1024 * 1024 });
    expect(pngSize(png).width).toBe(800);
    expect(inkShare(decodePng(png))).toBeGreaterThan(0.01);
  });

  it("XLSX: an Indicators sheet before the full table, with the tables, coloured RAG and the charts", async () => {
    const file = join(dir, "blackpool.xlsx");
    await exportBoardPaper(t.db, { board: BP_BOARD, asOf: BP_DAY, format: "xlsx", file });
    const { default: Excel } = await import("exceljs");
    const wb = new Excel.Workbook();
    await wb.xlsx.readFile(file);
    const names = wb.worksheets.map((s) => s.name);
    expect(names.indexOf("Indicators")).toBe(names.indexOf("All items") - 1);
    const ws = wb.getWorksheet("Indicators")!;
    expect(ws.getImages()).toHaveLength(2);
    const row = ws.getRows(1, ws.rowCount)!.find((r) => r.getCell(1).value === "Children's voices are heard in assessments")!;
    expect(row.getCell(3).value).toBe("54% (2023-10)");
    expect(row.getCell(5).value).toBe("At Risk");
    expect((row.getCell(5).fill as { fgColor?: { argb?: string } }).fgColor?.argb).toBe("FFC62828");
  });

  it("a board whose plan has no indicators has no indicators section", async () => {
    const doc = await loadBoardPaper(t.db, BOARD, WEEK2);
    expect(doc.indicators).toBeUndefined();
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

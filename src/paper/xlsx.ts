// Board paper -> XLSX (exceljs): a Summary sheet (title, date, summary, key) and one sheet per table, each
// with its title and date above a bold frozen header, coloured status cells, wrapped text, and a print set-up
// of A4 landscape fitted to one page wide with the header repeated. Every cell is written as text (never a
// formula); text that would read as one is already prefixed by safeCell.
import type { PaperCell, PaperDoc, PaperTable } from "../core/digest/paper.js";

/** total column width (Excel characters) a table is scaled to: about one A4 landscape page at 8 pt */
const SHEET_WIDTH = 190;
const argb = (hex: string) => `FF${hex.replace("#", "").toUpperCase()}`;

type Sheet = import("exceljs").Worksheet;

function title(ws: Sheet, doc: PaperDoc, text: string, span: number): void {
  ws.addRow([text]).font = { bold: true, size: 14 };
  ws.addRow([doc.subtitle]).font = { italic: true };
  if (span > 1) {
    ws.mergeCells(1, 1, 1, span);
    ws.mergeCells(2, 1, 2, span);
  }
}

function pageSetup(ws: Sheet, headerRow: number | null): void {
  ws.pageSetup = {
    paperSize: 9, // A4
    orientation: "landscape",
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    ...(headerRow ? { printTitlesRow: `${headerRow}:${headerRow}` } : {}),
  };
  ws.headerFooter = { oddFooter: "&L&A&RPage &P of &N" };
}

function fill(c: PaperCell): Partial<import("exceljs").Cell> {
  if (!c.fill) return {};
  return {
    fill: { type: "pattern", pattern: "solid", fgColor: { argb: argb(c.fill) } },
    font: { color: { argb: c.light ? "FFFFFFFF" : "FF000000" }, bold: true },
  };
}

function shadeHeader(header: import("exceljs").Row): void {
  header.eachCell((c) => {
    c.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9E1F2" } };
  });
}

/** A table's rows (or its "none" line), wrapped, each cell with its status colour. */
function addRows(ws: import("exceljs").Worksheet, t: PaperTable): void {
  if (t.rows.length === 0) ws.addRow([t.empty]);
  for (const r of t.rows) {
    const row = ws.addRow(r.map((c) => c.text));
    row.alignment = { wrapText: true, vertical: "top" };
    r.forEach((c, i) => {
      Object.assign(row.getCell(i + 1), fill(c));
    });
  }
}

function addTable(wb: import("exceljs").Workbook, doc: PaperDoc, t: PaperTable, name: string): void {
  const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 4 }] });
  title(ws, doc, t.title, t.columns.length);
  ws.addRow([]);
  const header = ws.addRow(t.columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: "middle" };
  const sum = t.columns.reduce((n, c) => n + c.width, 0);
  t.columns.forEach((c, i) => {
    ws.getColumn(i + 1).width = Math.max(6, Math.round((SHEET_WIDTH * c.width) / sum));
  });
  shadeHeader(header);
  addRows(ws, t);
  ws.autoFilter = { from: { row: 4, column: 1 }, to: { row: 4, column: t.columns.length } };
  pageSetup(ws, 4);
}

const SHEET_NAMES: Record<string, string> = {
  rag: "RAG by priority",
  exceptions: "Exceptions",
  unowned: "Unowned",
  slipped: "Slipped",
  not_updated: "Not updated",
  all: "All items",
};

/** rows an embedded trend chart takes (Excel's default row is 20 px high) */
const ROW_PX = 20;

/** One "Indicators" sheet: per section its table and, under it, its trend chart; then the indicators with no value. */
function addIndicators(wb: import("exceljs").Workbook, doc: PaperDoc): void {
  const ind = doc.indicators;
  if (!ind) return;
  const ws = wb.addWorksheet("Indicators");
  const span = Math.max(...ind.sections.map((s) => s.table.columns.length), ind.missing.columns.length);
  title(ws, doc, ind.title, span);
  ws.addRow([ind.intro]).alignment = { wrapText: true, vertical: "top" };
  ws.mergeCells(3, 1, 3, span);
  ws.getRow(3).height = 30;
  const widths = ind.sections[0]?.table.columns ?? ind.missing.columns;
  const sum = widths.reduce((n, c) => n + c.width, 0);
  widths.forEach((c, i) => {
    ws.getColumn(i + 1).width = Math.max(12, Math.round((SHEET_WIDTH * 0.7 * c.width) / sum));
  });
  const block = (t: PaperTable) => {
    ws.addRow([]);
    ws.addRow([t.title]).font = { bold: true, size: 12 };
    const header = ws.addRow(t.columns.map((c) => c.header));
    header.font = { bold: true };
    shadeHeader(header);
    addRows(ws, t);
  };
  for (const s of ind.sections) {
    block(s.table);
    if (s.chart) {
      const image = wb.addImage({ buffer: Buffer.from(s.chart.png) as unknown as import("exceljs").Buffer, extension: "png" });
      const width = Math.min(s.chart.width, 700);
      const height = Math.round((s.chart.height * width) / s.chart.width);
      const at = ws.rowCount;
      ws.addImage(image, { tl: { col: 0, row: at }, ext: { width, height } });
      for (let i = 0; i < Math.ceil(height / ROW_PX) + 1; i++) ws.addRow([]);
    }
  }
  block(ind.missing);
  pageSetup(ws, null);
}

export async function renderXlsx(doc: PaperDoc): Promise<Buffer> {
  // loaded on first use: importing exceljs costs ~2 s
  const { default: Excel } = await import("exceljs");
  const wb = new Excel.Workbook();
  wb.creator = "ragtime";
  wb.title = doc.title;
  const ws = wb.addWorksheet("Summary");
  title(ws, doc, doc.title, 4);
  ws.addRow([]);
  for (const line of doc.summary) ws.addRow([line]).alignment = { wrapText: true, vertical: "top" };
  ws.addRow([]);
  ws.addRow(["Key"]).font = { bold: true };
  for (const k of doc.key) {
    const row = ws.addRow([k.label, k.meaning]);
    Object.assign(row.getCell(1), fill({ text: k.label, fill: k.fill, light: k.light }));
  }
  ws.getColumn(1).width = 150;
  ws.getColumn(2).width = 20;
  pageSetup(ws, null);
  for (const t of doc.tables) {
    if (t.key === "all") addIndicators(wb, doc);
    addTable(wb, doc, t, SHEET_NAMES[t.key] ?? t.key.slice(0, 31));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

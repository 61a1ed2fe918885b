// The shared council exports rebuilt the way councils keep them elsewhere: an Excel workbook (a cover sheet,
// title rows above the header, merged parent cells) and a Word document (one table per section under its
// heading, merged parent cells, a contents table, a glossary and a sign-off table that are not the plan).
// Built in test set-up with exceljs and the docx package, from the CSV rows, so nothing is hand-edited.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow } from "docx";
import ExcelJS from "exceljs";

export const FIXTURES = join(import.meta.dirname, "../../../shared/fixtures/plans");
export const FIXTURE_NAMES = [
  "devon-improvement-plan",
  "devon-north-detailed-plan",
  "durham-ofsted-action-plan",
  "durham-recommendations",
  "thurrock-development-plan",
  "thurrock-indicators",
];

export function fixtureRows(name: string): string[][] {
  const rows = parse(readFileSync(join(FIXTURES, `${name}.csv`), "utf8"), { bom: true, relax_column_count: true }) as string[][];
  const width = Math.max(...rows.map((r) => r.length));
  return rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ""));
}

/** The same rows with some headers renamed (header -> new header). */
export function renamed(rows: string[][], names: Record<string, string>): string[][] {
  const [head, ...rest] = rows;
  return [(head ?? []).map((h) => names[h] ?? h), ...rest];
}

export function toCsv(rows: string[][], file: string): string {
  const cell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  writeFileSync(file, `${rows.map((r) => r.map(cell).join(",")).join("\n")}\n`);
  return file;
}

/** Runs of equal, non-empty cells in a column: [start, end] row indexes (inclusive), for merging. */
function runs(rows: string[][], col: number, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  let start = from;
  for (let r = from + 1; r <= to + 1; r++) {
    const same = r <= to && (rows[r]?.[col] ?? "") !== "" && rows[r]?.[col] === rows[start]?.[col];
    if (!same) {
      if (r - 1 > start) out.push([start, r - 1]);
      start = r;
    }
  }
  return out;
}

export interface XlsxLayout {
  /** a cover sheet before the plan's sheet */
  cover?: boolean;
  /** title lines above the header row (the first merged across the table) */
  titles?: string[];
  /** merge equal consecutive cells of these (0-based) columns, as a council merges parent cells */
  mergeColumns?: number[];
}

export async function toXlsx(rows: string[][], file: string, layout: XlsxLayout = {}): Promise<string> {
  const wb = new ExcelJS.Workbook();
  if (layout.cover) {
    const c = wb.addWorksheet("Cover");
    c.addRow(["Children's Services Improvement Plan"]);
    c.addRow(["Version 3, presented to the Improvement Board"]);
    c.addRow(["Contents: the plan is on the next sheet"]);
  }
  const ws = wb.addWorksheet("Improvement plan");
  const titles = layout.titles ?? [];
  for (const t of titles) ws.addRow([t]);
  const width = rows[0]?.length ?? 1;
  if (titles.length && width > 1) ws.mergeCells(1, 1, 1, width);
  for (const r of rows) ws.addRow(r);
  for (const col of layout.mergeColumns ?? []) {
    for (const [a, b] of runs(rows, col, 1, rows.length - 1)) ws.mergeCells(a + 1 + titles.length, col + 1, b + 1 + titles.length, col + 1);
  }
  await wb.xlsx.writeFile(file);
  return file;
}

export interface DocxLayout {
  /** one table per value of this column, under a heading with that value (the column itself is left out) */
  sectionColumn?: number;
  mergeColumns?: number[];
  /** a contents table first, a glossary and a sign-off table last */
  otherTables?: boolean;
}

function wordTable(rows: string[][], merge: number[]): Table {
  const spans = new Map<string, number>(); // "r,c" -> rowspan at the run's first row
  const covered = new Set<string>();
  for (const col of merge) {
    for (const [a, b] of runs(rows, col, 1, rows.length - 1)) {
      spans.set(`${a},${col}`, b - a + 1);
      for (let r = a + 1; r <= b; r++) covered.add(`${r},${col}`);
    }
  }
  const para = (text: string) => text.split("\n").map((line) => new Paragraph(line));
  return new Table({
    rows: rows.map(
      (r, ri) =>
        new TableRow({
          tableHeader: ri === 0,
          children: r.flatMap((v, ci) =>
            covered.has(`${ri},${ci}`) ? [] : [new TableCell({ children: para(v), rowSpan: spans.get(`${ri},${ci}`) ?? 1 })],
          ),
        }),
    ),
  });
}

export async function toDocx(rows: string[][], file: string, layout: DocxLayout = {}): Promise<string> {
  const [head, ...data] = rows as [string[], ...string[][]];
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: "Children's Services Improvement Plan", heading: HeadingLevel.HEADING_1 }),
    new Paragraph("This plan sets out what we will do, who leads it and by when."),
  ];
  const groups: { heading: string | null; rows: string[][] }[] = [];
  const sc = layout.sectionColumn;
  if (sc === undefined) groups.push({ heading: null, rows });
  else {
    const keep = (r: string[]) => r.filter((_, i) => i !== sc);
    for (const r of data) {
      const last = groups[groups.length - 1];
      if (last && last.heading === r[sc]) last.rows.push(keep(r));
      else groups.push({ heading: r[sc] ?? "", rows: [keep(head), keep(r)] });
    }
  }
  if (layout.otherTables) {
    children.push(new Paragraph({ text: "Contents", heading: HeadingLevel.HEADING_2 }));
    children.push(wordTable([["Section", "Page"], ...groups.map((g, i) => [g.heading ?? "The plan", String(i + 3)])], []));
  }
  const merge = (layout.mergeColumns ?? []).map((c) => (sc !== undefined && c > sc ? c - 1 : c)).filter((c) => c !== sc);
  for (const g of groups) {
    if (g.heading !== null) children.push(new Paragraph({ text: g.heading, heading: HeadingLevel.HEADING_2 }));
    children.push(wordTable(g.rows, merge));
    children.push(new Paragraph(""));
  }
  if (layout.otherTables) {
    children.push(new Paragraph({ text: "Glossary", heading: HeadingLevel.HEADING_2 }));
    children.push(
      wordTable(
        [
          ["Term", "Meaning"],
          ["MASH", "Multi-Agency Safeguarding Hub, where referrals about a child's safety are screened by several agencies together"],
          ["QIB", "Quality Improvement Board, the board that monitors the plan and challenges progress every month"],
          ["RAG", "Red, Amber, Green: the rating each action is given at every review of the improvement plan"],
        ],
        [],
      ),
    );
    children.push(new Paragraph({ text: "Sign-off", heading: HeadingLevel.HEADING_2 }));
    children.push(
      wordTable(
        [
          ["Name", "Role", "Signature", "Date"],
          ["Sarah Jones", "Director of Children's Services", "", "01/09/2017"],
          ["Mark Gurney", "Chair of the Improvement Board", "", "04/09/2017"],
        ],
        [],
      ),
    );
  }
  writeFileSync(file, await Packer.toBuffer(new Document({ sections: [{ children }] })));
  return file;
}

// Word (.docx) plans: mammoth turns the document into plain HTML (headings as <h1>..<h6>, merged cells as
// colspan/rowspan), htmlparser2 walks it. Each table keeps the heading written just above it ("1. Strategic
// Partnerships"); a cell merged down fills down (the parent cell of several rows), a cell merged across is
// kept once, and a row that is one cell across the whole table is a heading inside it.
import { readFileSync } from "node:fs";
import { ImportError } from "./errors.js";
import type { Source, SourceTable } from "./tables.js";

interface RawCell {
  text: string;
  colspan: number;
  rowspan: number;
}

interface RawTable {
  heading: string | null;
  rows: RawCell[][];
}

/** Lay raw rows out on a grid: rowspans fill down, colspans leave the covered cells empty. */
export function layOut(raw: RawCell[][]): { rows: string[][]; bands: Map<number, string> } {
  const rows: string[][] = [];
  const pending: { text: string; left: number }[] = []; // by column: a cell merged down from above
  const widths = raw.map((r) => r.reduce((n, c) => n + c.colspan, 0));
  const width = Math.max(0, ...widths);
  const bands = new Map<number, string>();
  raw.forEach((cells, r) => {
    const out: string[] = [];
    let col = 0;
    const take = () => {
      while (pending[col] && (pending[col] as { left: number }).left > 0) {
        const p = pending[col] as { text: string; left: number };
        out[col] = p.text;
        p.left--;
        col++;
      }
    };
    for (const c of cells) {
      take();
      out[col] = c.text;
      for (let k = 1; k < c.colspan; k++) out[col + k] = "";
      if (c.rowspan > 1) for (let k = 0; k < c.colspan; k++) pending[col + k] = { text: k === 0 ? c.text : "", left: c.rowspan - 1 };
      col += c.colspan;
    }
    take();
    for (let i = 0; i < out.length; i++) out[i] ??= "";
    rows.push(out);
    const only = cells.length === 1 ? (cells[0] as RawCell) : null;
    if (only && only.colspan >= Math.max(2, width * 0.8) && only.text.trim()) bands.set(r, only.text.trim());
  });
  return { rows, bands };
}

async function htmlTables(html: string): Promise<RawTable[]> {
  const { Parser } = await import("htmlparser2");
  const tables: RawTable[] = [];
  let heading: string | null = null;
  let headingText: string | null = null; // collecting an <h*>
  let depth = 0; // table nesting
  let table: RawTable | null = null;
  let row: RawCell[] | null = null;
  let cell: RawCell | null = null;
  let para = false;
  // a paragraph outside tables that is all bold and short is a heading too (many reports bold their headings
  // rather than use Word's heading styles)
  let loose: { text: string; bold: string } | null = null;
  let bold = 0;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (depth === 0 && name === "p") loose = { text: "", bold: "" };
        else if (name === "strong") bold++;
        if (/^h[1-6]$/.test(name) && depth === 0) headingText = "";
        else if (name === "table") {
          depth++;
          if (depth === 1) table = { heading, rows: [] };
        } else if (depth === 1 && name === "tr") row = [];
        else if (depth === 1 && (name === "td" || name === "th")) {
          cell = { text: "", colspan: Math.max(1, Number(attrs.colspan) || 1), rowspan: Math.max(1, Number(attrs.rowspan) || 1) };
          para = false;
        } else if (cell && (name === "p" || name === "li" || name === "br")) {
          if (para || name === "br") cell.text += "\n";
          para = true;
        }
      },
      ontext(text) {
        if (headingText !== null) headingText += text;
        else if (cell) cell.text += text;
        else if (loose) {
          loose.text += text;
          if (bold > 0) loose.bold += text;
        }
      },
      onclosetag(name) {
        if (name === "strong") bold = Math.max(0, bold - 1);
        if (name === "p" && depth === 0 && loose) {
          const t = loose.text.replace(/\s+/g, " ").trim();
          if (t && t.length <= 120 && loose.bold.replace(/\s+/g, " ").trim() === t) heading = t;
          loose = null;
        }
        if (/^h[1-6]$/.test(name) && headingText !== null) {
          const h = headingText.replace(/\s+/g, " ").trim();
          if (h) heading = h;
          headingText = null;
        } else if (name === "table") {
          if (depth === 1 && table) tables.push(table);
          depth--;
        } else if (depth === 1 && (name === "td" || name === "th") && cell && row) {
          cell.text = cell.text
            .replace(/\r\n?/g, "\n")
            .replace(/\n{3,}/g, "\n\n")
            .trim();
          row.push(cell);
          cell = null;
        } else if (depth === 1 && name === "tr" && row && table) {
          table.rows.push(row);
          row = null;
        }
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return tables;
}

export async function readDocx(file: string): Promise<Source> {
  const mammoth = (await import("mammoth")).default;
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: readFileSync(file) }, { ignoreEmptyParagraphs: false })).value;
  } catch (e) {
    throw new ImportError("unreadable", `cannot read ${file}: not a readable .docx document (${(e as Error).message})`);
  }
  const raw = await htmlTables(html);
  if (raw.length === 0) throw new ImportError("empty", `${file} has no tables: a plan in Word must be a table`);
  const tables: SourceTable[] = raw.map((t, i) => {
    const { rows, bands } = layOut(t.rows);
    return { rows, bands, heading: t.heading, source: `table ${i + 1}` };
  });
  return { format: "docx", tables };
}

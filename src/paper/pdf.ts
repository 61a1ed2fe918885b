// Board paper -> PDF (pdfmake): A4 landscape, every table fitted to the page width, header rows repeated on each
// page and no row ever split across pages (dontBreakRows), statuses coloured with a key on the cover.
import type { PaperCell, PaperDoc, PaperTable } from "../core/digest/paper.js";
import { paperFontFiles } from "./fonts.js";

/** A4 landscape in points, and the margins */
export const A4_LANDSCAPE = { width: 841.89, height: 595.28 };
const MARGIN = 28;
/** pdfmake's default cell padding (4 + 4) and a 1 pt rule per column */
const CELL_EXTRA = 9;

function widths(t: PaperTable): number[] {
  const usable = A4_LANDSCAPE.width - 2 * MARGIN - t.columns.length * CELL_EXTRA - 1;
  const sum = t.columns.reduce((n, c) => n + c.width, 0);
  return t.columns.map((c) => Math.floor((usable * c.width) / sum));
}

function pdfCell(c: PaperCell, header = false): Record<string, unknown> {
  return {
    text: c.text,
    ...(c.fill ? { fillColor: c.fill, color: c.light ? "#ffffff" : "#000000" } : {}),
    ...(header ? { bold: true, fillColor: "#d9e1f2" } : {}),
  };
}

function table(t: PaperTable): Record<string, unknown>[] {
  const head = t.columns.map((c) => pdfCell({ text: c.header }, true));
  const out: Record<string, unknown>[] = [
    { text: t.title, style: "h2", headlineLevel: 1, ...(t.key === "all" ? { pageBreak: "before" } : {}) },
  ];
  if (t.rows.length === 0) return [...out, { text: t.empty, margin: [0, 0, 0, 8] }];
  out.push({
    table: { headerRows: 1, dontBreakRows: true, widths: widths(t), body: [head, ...t.rows.map((r) => r.map((c) => pdfCell(c)))] },
    layout: { hLineColor: () => "#999999", vLineColor: () => "#999999", hLineWidth: () => 0.5, vLineWidth: () => 0.5 },
    margin: [0, 0, 0, 10],
  });
  return out;
}

/** The indicators section: title and intro, then per section its table and trend chart, then the missing values. */
function indicators(doc: PaperDoc): Record<string, unknown>[] {
  const ind = doc.indicators;
  if (!ind) return [];
  const out: Record<string, unknown>[] = [
    { text: ind.title, style: "h1", headlineLevel: 1, pageBreak: "before" },
    { text: ind.intro, fontSize: 9, margin: [0, 0, 0, 6] },
  ];
  for (const s of ind.sections) {
    out.push(...table(s.table));
    if (s.chart)
      out.push({
        image: `data:image/png;base64,${Buffer.from(s.chart.png).toString("base64")}`,
        fit: [CHART_FIT.width, CHART_FIT.height],
        margin: [0, 0, 0, 10],
      });
  }
  out.push(...table(ind.missing));
  return out;
}

/** the box a trend chart is fitted into (points): about two thirds of the text width */
const CHART_FIT = { width: 520, height: 240 };

export function pdfDefinition(doc: PaperDoc): Record<string, unknown> {
  return {
    pageSize: "A4",
    pageOrientation: "landscape",
    pageMargins: [MARGIN, MARGIN, MARGIN, MARGIN + 6],
    info: { title: doc.title, creator: "ragtime" },
    defaultStyle: { font: "DejaVu", fontSize: 7.5, lineHeight: 1.1 },
    styles: {
      title: { fontSize: 18, bold: true },
      subtitle: { fontSize: 10, margin: [0, 2, 0, 8] },
      h1: { fontSize: 14, bold: true, margin: [0, 0, 0, 4] },
      h2: { fontSize: 12, bold: true, margin: [0, 8, 0, 4] },
    },
    // a table's title never ends a page on its own
    pageBreakBefore: (node: { headlineLevel?: number }, rest: { getFollowingNodesOnPage: () => unknown[] }) =>
      node.headlineLevel === 1 && rest.getFollowingNodesOnPage().length === 0,
    footer: (page: number, pages: number) => ({
      text: `${doc.title} — page ${page} of ${pages}`,
      alignment: "right",
      fontSize: 7,
      margin: [MARGIN, 8],
    }),
    content: [
      { text: doc.title, style: "title" },
      { text: doc.subtitle, style: "subtitle" },
      { ul: doc.summary, fontSize: 9, margin: [0, 0, 0, 8] },
      { text: "Key", style: "h2" },
      {
        table: {
          widths: doc.key.map(() => "auto"),
          body: [
            doc.key.map((k) => ({
              text: `${k.label} — ${k.meaning}`,
              fillColor: k.fill,
              color: k.light ? "#ffffff" : "#000000",
              fontSize: 9,
            })),
          ],
        },
        layout: "noBorders",
        margin: [0, 0, 0, 6],
      },
      ...doc.tables.filter((t) => t.key !== "all").flatMap(table),
      ...indicators(doc),
      ...doc.tables.filter((t) => t.key === "all").flatMap(table),
    ],
  };
}

export async function renderPdf(doc: PaperDoc): Promise<Buffer> {
  const [normal, bold] = paperFontFiles();
  if (!normal) throw new Error("no font file for the PDF: install fonts-dejavu-core or set RAGTIME_CHART_FONT");
  // loaded on first use: pdfmake and pdfkit take a while to import
  const { default: pdfmake } = await import("pdfmake");
  const fonts = new Set([normal, bold ?? normal]);
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((p) => fonts.has(p));
  pdfmake.setFonts({ DejaVu: { normal, bold: bold ?? normal, italics: normal, bolditalics: bold ?? normal } });
  return pdfmake.createPdf(pdfDefinition(doc)).getBuffer();
}

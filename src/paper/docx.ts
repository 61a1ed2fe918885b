// Board paper -> DOCX (docx): A4 landscape, tables at the full text width with their header row repeated on
// every page and rows that never split across pages, coloured status cells and a key on the cover.
import type { PaperCell, PaperDoc, PaperTable } from "../core/digest/paper.js";

/** A4 landscape text width in twips: 297 mm less two 12.7 mm margins */
const MARGIN = 720;
const TEXT_WIDTH = 16838 - 2 * MARGIN;
/** the box a trend chart is fitted into, in pixels at 96 dpi (about two thirds of the text width) */
const CHART_PX = { width: 700, height: 320 };

export async function renderDocx(doc: PaperDoc): Promise<Buffer> {
  // loaded on first use, like the other board paper libraries
  const d = await import("docx");
  const para = (text: string, opts: { bold?: boolean; color?: string; size?: number } = {}) =>
    text.split("\n").map((line) => new d.Paragraph({ children: [new d.TextRun({ text: line, ...opts })] }));
  const cell = (c: PaperCell, width: number, header = false) =>
    new d.TableCell({
      width: { size: width, type: d.WidthType.DXA },
      children: para(c.text, { bold: header || Boolean(c.fill), ...(c.fill && c.light ? { color: "FFFFFF" } : {}) }),
      ...(c.fill || header
        ? { shading: { type: d.ShadingType.CLEAR, color: "auto", fill: (c.fill ?? "#D9E1F2").replace("#", "").toUpperCase() } }
        : {}),
    });
  const table = (t: PaperTable) => {
    const out: (InstanceType<typeof d.Paragraph> | InstanceType<typeof d.Table>)[] = [
      new d.Paragraph({ heading: d.HeadingLevel.HEADING_2, pageBreakBefore: t.key === "all", children: [new d.TextRun(t.title)] }),
    ];
    if (t.rows.length === 0) return [...out, ...para(t.empty)];
    const sum = t.columns.reduce((n, c) => n + c.width, 0);
    const widths = t.columns.map((c) => Math.floor((TEXT_WIDTH * c.width) / sum));
    out.push(
      new d.Table({
        width: { size: TEXT_WIDTH, type: d.WidthType.DXA },
        columnWidths: widths,
        layout: d.TableLayoutType.FIXED,
        rows: [
          new d.TableRow({
            tableHeader: true,
            cantSplit: true,
            children: t.columns.map((c, i) => cell({ text: c.header }, widths[i] as number, true)),
          }),
          ...t.rows.map((r) => new d.TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, widths[i] as number)) })),
        ],
      }),
    );
    return out;
  };
  // the indicators section: per section its table and trend chart, then the indicators with no value
  const indicators = (): (InstanceType<typeof d.Paragraph> | InstanceType<typeof d.Table>)[] => {
    const ind = doc.indicators;
    if (!ind) return [];
    const out: (InstanceType<typeof d.Paragraph> | InstanceType<typeof d.Table>)[] = [
      new d.Paragraph({ heading: d.HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new d.TextRun(ind.title)] }),
      ...para(ind.intro, { size: 18 }),
    ];
    for (const s of ind.sections) {
      out.push(...table(s.table));
      if (s.chart) {
        const scale = Math.min(1, CHART_PX.width / s.chart.width, CHART_PX.height / s.chart.height);
        out.push(
          new d.Paragraph({
            children: [
              new d.ImageRun({
                type: "png",
                data: s.chart.png,
                transformation: { width: Math.round(s.chart.width * scale), height: Math.round(s.chart.height * scale) },
                altText: { name: `Indicator trends — ${s.section}`, title: `Indicator trends — ${s.section}`, description: s.section },
              }),
            ],
          }),
        );
      }
    }
    return [...out, ...table(ind.missing)];
  };
  const keyWidth = Math.floor(TEXT_WIDTH / Math.max(1, doc.key.length));
  const document = new d.Document({
    creator: "ragtime",
    title: doc.title,
    styles: { default: { document: { run: { font: "DejaVu Sans", size: 15 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { orientation: d.PageOrientation.LANDSCAPE, width: 11906, height: 16838 },
            margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
          },
        },
        children: [
          new d.Paragraph({ heading: d.HeadingLevel.TITLE, children: [new d.TextRun(doc.title)] }),
          ...para(doc.subtitle, { size: 20 }),
          ...doc.summary.map((s) => new d.Paragraph({ bullet: { level: 0 }, children: [new d.TextRun({ text: s, size: 18 })] })),
          new d.Paragraph({ heading: d.HeadingLevel.HEADING_2, children: [new d.TextRun("Key")] }),
          new d.Table({
            width: { size: TEXT_WIDTH, type: d.WidthType.DXA },
            columnWidths: doc.key.map(() => keyWidth),
            rows: [
              new d.TableRow({
                children: doc.key.map((k) => cell({ text: `${k.label} — ${k.meaning}`, fill: k.fill, light: k.light }, keyWidth)),
              }),
            ],
          }),
          ...doc.tables.filter((t) => t.key !== "all").flatMap(table),
          ...indicators(),
          ...doc.tables.filter((t) => t.key === "all").flatMap(table),
        ],
      },
    ],
  });
  return d.Packer.toBuffer(document);
}

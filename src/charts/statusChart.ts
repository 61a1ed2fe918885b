// Status-by-section stacked bar chart: vega-lite spec -> vega View (renderer "none") -> SVG -> PNG (resvg).
// Fonts are loaded explicitly (DejaVu from the system font directory, or RAGTIME_CHART_FONT: fonts.ts) so the PNG looks
// the same on every machine; when no font file is found, resvg falls back to system fonts (text may be missing).
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { chartFontFiles } from "./fonts.js";
import { palettePng } from "./png-palette.js";

export interface ChartSeries {
  /** bar label (the section as the plan numbers it: "Priority 3", "Theme 1") */
  section: string;
  /** status label in the plan's words */
  status: string;
  count: number;
}

export interface ChartOptions {
  title: string;
  /** a second title line (the digest's score and trend) */
  subtitle?: string;
  /** order and colours of the status labels */
  statuses: { label: string; color: string }[];
  /** output size in pixels (the PNG is exactly this size) */
  width?: number;
  height?: number;
}

/** phone first: 600 px wide (a phone shows it at about its own width) with no text under FONT_MIN px */
export const CHART_WIDTH = 600;
export const CHART_HEIGHT = 420;
export const FONT_MIN = 16;

/** Height that gives each bar room for a 16 px label: title block, one row per section, the legend. */
export function chartHeightFor(sections: number, legendItems: number): number {
  return 120 + Math.max(1, sections) * 46 + Math.ceil(legendItems / 2) * 26 + 30;
}

/** Horizontal stacked bars, one per section (labels carry the section's score and trend), legend underneath. */
export function statusChartSpec(series: ChartSeries[], opts: ChartOptions): TopLevelSpec {
  const width = opts.width ?? CHART_WIDTH;
  const height = opts.height ?? CHART_HEIGHT;
  const sections: string[] = [];
  for (const s of series) if (!sections.includes(s.section)) sections.push(s.section);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: opts.title,
      ...(opts.subtitle ? { subtitle: opts.subtitle, subtitleFontSize: 18, subtitleColor: "#333333" } : {}),
      fontSize: 22,
      anchor: "start",
    },
    width,
    height,
    autosize: { type: "fit", contains: "padding" },
    padding: 12,
    background: "white",
    data: { values: series.filter((s) => s.count > 0) },
    mark: { type: "bar" },
    encoding: {
      y: { field: "section", type: "nominal", sort: sections, title: null, axis: { labelLimit: 240, labelFontSize: 17 } },
      x: {
        field: "count",
        type: "quantitative",
        title: "Milestones",
        stack: "zero",
        axis: { tickMinStep: 1, labelFontSize: FONT_MIN, titleFontSize: FONT_MIN },
      },
      color: {
        field: "status",
        type: "nominal",
        title: null,
        scale: { domain: opts.statuses.map((s) => s.label), range: opts.statuses.map((s) => s.color) },
        legend: { orient: "bottom", direction: "horizontal", columns: 2, labelFontSize: FONT_MIN, labelLimit: 260, symbolSize: 200 },
      },
      order: { field: "statusOrder", type: "quantitative" },
    },
    transform: [
      {
        calculate: `indexof(${JSON.stringify(opts.statuses.map((s) => s.label))}, datum.status)`,
        as: "statusOrder",
      },
    ],
    config: { font: "DejaVu Sans", view: { stroke: null } },
  };
}

export async function chartSvg(series: ChartSeries[], opts: ChartOptions): Promise<string> {
  const vgSpec = compile(statusChartSpec(series, opts)).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders the chart to PNG bytes of exactly width x height pixels. */
export async function statusChartPng(series: ChartSeries[], opts: ChartOptions): Promise<Buffer> {
  const svg = await chartSvg(series, opts);
  const fontFiles = chartFontFiles();
  const width = opts.width ?? CHART_WIDTH;
  const resvg = new Resvg(svg, {
    fitTo: { mode: "width", value: width },
    background: "white",
    font: fontFiles.length
      ? { fontFiles, loadSystemFonts: false, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" }
      : { loadSystemFonts: true },
  });
  const img = resvg.render();
  // an indexed-colour PNG of the same pixels: 2-3x smaller, so it fits a Teams message
  return palettePng(img.pixels, img.width, img.height);
}

/** Width and height from a PNG's IHDR chunk (throws when the bytes are not a PNG). */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || sig.some((b, i) => png[i] !== b)) throw new Error("not a PNG");
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  if (String.fromCharCode(...png.subarray(12, 16)) !== "IHDR") throw new Error("PNG without IHDR");
  return { width: dv.getUint32(16), height: dv.getUint32(20) };
}

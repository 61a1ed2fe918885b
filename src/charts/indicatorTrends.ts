// A small trend chart per priority: one line per indicator over its last periods, one panel per section,
// each with its own scale and legend (the units differ). vega-lite -> SVG -> PNG like the status chart.
import { Resvg, type ResvgRenderOptions } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { IndicatorDigest } from "../core/indicators/digest.js";
import { chartFontFiles } from "./fonts.js";

export const TREND_WIDTH = 800;
const PANEL_HEIGHT = 130;

type TrendPoints = IndicatorDigest["trends"][number]["points"];

/**
 * A panel's rows: plotted at the start of the period's month (a July value sits on "Jul 17"), names cut to fit
 * the legend, and the latest point of each indicator flagged (it gets the only dot: a series of one value is
 * that dot, and a chart of lines without a marker per month is less than half the SVG to draw).
 */
function panelRows(points: TrendPoints): Record<string, unknown>[] {
  const last = new Map<string, string>();
  for (const p of points) if ((last.get(p.indicator) ?? "") < p.periodEnd) last.set(p.indicator, p.periodEnd);
  return points.map((p) => ({
    ...p,
    month: `${p.periodEnd.slice(0, 7)}-01`,
    indicator: p.indicator.length > 48 ? `${p.indicator.slice(0, 47)}…` : p.indicator,
    last: last.get(p.indicator) === p.periodEnd,
  }));
}

/** One panel: a line per indicator and a dot on its latest value; data inline, or the named dataset "points". */
function panel(width: number, values?: Record<string, unknown>[]) {
  return {
    width: width - 330,
    height: PANEL_HEIGHT,
    data: values ? { values } : { name: "points" },
    encoding: {
      x: { field: "month", type: "temporal" as const, timeUnit: "yearmonth" as const, title: null, axis: { format: "%b %y" } },
      y: { field: "value", type: "quantitative" as const, title: null, scale: { zero: false }, axis: { format: ",.4~g" } },
      color: { field: "indicator", type: "nominal" as const, title: null, legend: { orient: "right" as const, labelLimit: 300 } },
    },
    layer: [
      { mark: { type: "line" as const } },
      { mark: { type: "point" as const, filled: true, size: 40 }, transform: [{ filter: "datum.last" }] },
    ],
  };
}

const CONFIG = { font: "DejaVu Sans", view: { stroke: null } };

export function indicatorTrendSpec(d: IndicatorDigest, width = TREND_WIDTH): TopLevelSpec {
  const panels = d.trends.map((t) => ({
    title: { text: t.section, fontSize: 13, anchor: "start" as const },
    ...panel(width, panelRows(t.points)),
  }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: `Indicator trends to ${d.period.label}`, fontSize: 15, anchor: "start" },
    padding: 12,
    background: "white",
    vconcat: panels,
    resolve: { scale: { color: "independent", y: "independent" }, legend: { color: "independent" } },
    config: CONFIG,
  } as TopLevelSpec;
}

/** One section's chart, its title and rows given at run time (signal "heading", dataset "points"): one view draws them all. */
export function sectionTrendSpec(width = TREND_WIDTH): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    params: [{ name: "heading", value: "" }],
    title: { text: { expr: "heading" }, fontSize: 14, anchor: "start" },
    padding: 12,
    background: "white",
    ...panel(width),
    config: CONFIG,
  } as TopLevelSpec;
}

/** SVG -> PNG with the chart fonts; the options (font list) are worked out once per process. */
let resvgOptions: ResvgRenderOptions | null = null;
function pngOf(svg: string, width: number): Buffer {
  if (!resvgOptions) {
    const fontFiles = chartFontFiles();
    resvgOptions = {
      fitTo: { mode: "width", value: width },
      background: "white",
      font: fontFiles.length
        ? { fontFiles, loadSystemFonts: false, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" }
        : { loadSystemFonts: true },
    };
  }
  return new Resvg(svg, { ...resvgOptions, fitTo: { mode: "width", value: width } }).render().asPng();
}

async function svgOf(d: IndicatorDigest, width: number): Promise<string> {
  const view = new vega.View(vega.parse(compile(indicatorTrendSpec(d, width)).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** PNG of the trend panels, or null when no indicator has a value to draw. */
export async function indicatorTrendPng(d: IndicatorDigest, width = TREND_WIDTH): Promise<Buffer | null> {
  if (d.trends.length === 0) return null;
  return pngOf(await svgOf(d, width), width);
}

/**
 * One trend chart per section (the board paper lays each under its table), in the sections' order. One vega
 * view draws them all: the spec is compiled and parsed once, and each chart only swaps the data and title.
 */
export async function indicatorTrendPngs(d: IndicatorDigest, width = TREND_WIDTH): Promise<{ section: string; png: Buffer }[]> {
  if (d.trends.length === 0) return [];
  const view = new vega.View(vega.parse(compile(sectionTrendSpec(width)).spec), { renderer: "none" });
  const out: { section: string; png: Buffer }[] = [];
  try {
    for (const t of d.trends) {
      view.signal("heading", `${t.section}: indicator trends to ${d.period.label}`).data("points", panelRows(t.points));
      out.push({ section: t.section, png: pngOf(await view.toSVG(), width) });
    }
  } finally {
    view.finalize();
  }
  return out;
}

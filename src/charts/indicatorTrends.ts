// A small trend chart per priority: one line per indicator over its last periods, one panel per section,
// each with its own scale and legend (the units differ). vega-lite -> SVG -> PNG like the status chart.
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { IndicatorDigest } from "../core/indicators/digest.js";
import { chartFontFiles } from "./fonts.js";

export const TREND_WIDTH = 800;
const PANEL_HEIGHT = 130;

export function indicatorTrendSpec(d: IndicatorDigest, width = TREND_WIDTH): TopLevelSpec {
  const panels = d.trends.map((t) => ({
    title: { text: t.section, fontSize: 13, anchor: "start" as const },
    width: width - 330,
    height: PANEL_HEIGHT,
    // plotted at the start of the period's month, so a July value sits on "Jul 17"
    data: {
      values: t.points.map((p) => ({
        ...p,
        month: `${p.periodEnd.slice(0, 7)}-01`,
        indicator: p.indicator.length > 48 ? `${p.indicator.slice(0, 47)}…` : p.indicator,
      })),
    },
    mark: { type: "line" as const, point: true },
    encoding: {
      x: { field: "month", type: "temporal" as const, timeUnit: "yearmonth" as const, title: null, axis: { format: "%b %y" } },
      y: { field: "value", type: "quantitative" as const, title: null, scale: { zero: false }, axis: { format: ",.4~g" } },
      color: { field: "indicator", type: "nominal" as const, title: null, legend: { orient: "right" as const, labelLimit: 300 } },
    },
  }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: `Indicator trends to ${d.period.label}`, fontSize: 15, anchor: "start" },
    padding: 12,
    background: "white",
    vconcat: panels,
    resolve: { scale: { color: "independent", y: "independent" }, legend: { color: "independent" } },
    config: { font: "DejaVu Sans", view: { stroke: null } },
  } as TopLevelSpec;
}

/** PNG of the trend panels, or null when no indicator has a value to draw. */
export async function indicatorTrendPng(d: IndicatorDigest, width = TREND_WIDTH): Promise<Buffer | null> {
  if (d.trends.length === 0) return null;
  const view = new vega.View(vega.parse(compile(indicatorTrendSpec(d, width)).spec), { renderer: "none" });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  const fontFiles = chartFontFiles();
  const resvg = new Resvg(svg, {
    fitTo: { mode: "width", value: width },
    background: "white",
    font: fontFiles.length
      ? { fontFiles, loadSystemFonts: false, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" }
      : { loadSystemFonts: true },
  });
  return resvg.render().asPng();
}

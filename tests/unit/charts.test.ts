// Status-by-section chart: vega-lite -> SVG -> PNG of the requested size.
import { describe, expect, it } from "vitest";
import { chartFontFiles } from "../../src/charts/fonts.js";
import { chartSvg, pngSize, statusChartPng } from "../../src/charts/statusChart.js";

const series = [
  { section: "Priority 1", status: "Green", count: 4 },
  { section: "Priority 1", status: "Amber", count: 2 },
  { section: "Priority 2", status: "Red", count: 3 },
];
const opts = {
  title: "Status by priority",
  statuses: [
    { label: "Red", color: "#c62828" },
    { label: "Amber", color: "#f59e0b" },
    { label: "Green", color: "#2e7d32" },
  ],
};

describe("status chart", () => {
  it("renders a valid PNG of exactly the requested size", async () => {
    const png = await statusChartPng(series, { ...opts, width: 640, height: 360 });
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(pngSize(png)).toEqual({ width: 640, height: 360 });
    // IEND chunk closes the file
    expect(png.subarray(png.length - 8, png.length - 4).toString("latin1")).toBe("IEND");
  });

  it("the SVG carries the section names and the plan's status labels", async () => {
    const svg = await chartSvg(series, opts);
    for (const s of ["Priority 1", "Priority 2", "Green", "Amber", "Red", "Status by priority"]) expect(svg).toContain(s);
  });

  it("finds DejaVu or an explicit RAGTIME_CHART_FONT, and ignores missing files", () => {
    expect(chartFontFiles(["/nope/missing.ttf"]).every((f) => !f.includes("/nope/"))).toBe(true);
    const found = chartFontFiles([]);
    if (found.length) expect(found[0]).toMatch(/DejaVuSans/);
  });

  it("pngSize refuses bytes that are not a PNG", () => {
    expect(() => pngSize(Buffer.from("GIF89a-not-a-png-at-all"))).toThrow(/not a PNG/);
  });
});

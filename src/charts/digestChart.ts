// The digest's chart: status of milestones by section as a PNG.
import { digestChartData } from "../core/digest/card.js";
import type { DigestModel } from "../core/digest/model.js";
import { CHART_HEIGHT, CHART_WIDTH, statusChartPng } from "./statusChart.js";

export async function digestChartPng(model: DigestModel, size: { width?: number; height?: number } = {}): Promise<Buffer> {
  const d = digestChartData(model);
  return statusChartPng(d.series, {
    title: d.title,
    statuses: d.statuses,
    width: size.width ?? CHART_WIDTH,
    height: size.height ?? CHART_HEIGHT,
  });
}

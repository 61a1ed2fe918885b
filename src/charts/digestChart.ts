// The digest's chart: status of milestones by section as a PNG, 600 px wide with 16 px+ text (read on a phone),
// the board's score and trend under the title and each section's score and trend on its bar label.
import { digestChartData } from "../core/digest/card.js";
import type { DigestModel } from "../core/digest/model.js";
import { CHART_WIDTH, chartHeightFor, statusChartPng } from "./statusChart.js";

export async function digestChartPng(model: DigestModel, size: { width?: number; height?: number } = {}): Promise<Buffer> {
  const d = digestChartData(model);
  return statusChartPng(d.series, {
    title: d.title,
    subtitle: d.subtitle,
    statuses: d.statuses,
    width: size.width ?? CHART_WIDTH,
    height: size.height ?? chartHeightFor(model.sections.length, d.statuses.length),
  });
}

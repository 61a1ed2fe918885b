// Font files for the PDF board paper: the chart's fonts (RAGTIME_CHART_FONT or DejaVu Sans), regular then bold.
import { chartFontFiles } from "../charts/fonts.js";

export function paperFontFiles(): string[] {
  const files = chartFontFiles();
  const regular = files.find((f) => !/bold|oblique|italic/i.test(f)) ?? files[0];
  const bold = files.find((f) => /bold/i.test(f) && !/oblique|italic/i.test(f)) ?? regular;
  return regular ? [regular, bold as string] : [];
}

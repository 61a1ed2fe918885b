// Which font files chart text is drawn with. Kept apart from the chart code (which loads vega and resvg only
// when a chart is drawn), so main.ts and the CLI can set it from the validated config at start-up.
import { existsSync } from "node:fs";
import { join } from "node:path";

const FONT_DIRS = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts/dejavu"];
const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"];

let configured: string[] = [];

/** RAGTIME_CHART_FONT as validated by config.ts (every file exists); empty: DejaVu Sans if installed. */
export function useChartFonts(files: readonly string[]): void {
  configured = [...files];
}

/** Font files to hand to resvg: the configured ones, else DejaVu Sans from the system font directory. */
export function chartFontFiles(custom: readonly string[] = configured): string[] {
  const usable = custom.filter((f) => existsSync(f));
  if (usable.length) return usable;
  for (const dir of FONT_DIRS) {
    const files = FONT_FILES.map((f) => join(dir, f)).filter((f) => existsSync(f));
    if (files.length) return files;
  }
  return [];
}

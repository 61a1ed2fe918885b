// Indicators: import a generated 500-indicator table (councils have tens) (8 priorities, Thurrock layout with 12 months of
// 2017/18 and last year's outturn, plus Blackpool-style targets) into a fresh SQLite file, then build the
// digest's indicators section (storage -> pure section) and render its trend chart.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importIndicators } from "../src/services/importIndicators.js";
import { indicatorSectionFor } from "../src/services/indicator-digest.js";
import { createSqliteTestDb } from "../tests/helpers/db.js";
import { figure, fmtMs } from "./util.js";

export const title = "indicators: import and digest section";

const N = Number(process.env.BENCH_INDICATORS ?? 500);
const MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"];

function generate(n: number): string {
  const out = [`Section,Priority,Indicator,Polarity,2016/17,SN Average,${MONTHS.join(",")},Target March 2018,Notes`];
  for (let i = 0; i < n; i++) {
    const p = (i % 8) + 1;
    const vals = MONTHS.map((_, m) => ((i * 7 + m * 3) % 100) + 0.5);
    out.push(
      [
        `${p}. Priority ${p}`,
        `P${p}`,
        `Indicator ${i} % in time`,
        i % 2 ? "Higher" : "Lower",
        "80%",
        "85",
        ...vals.map((v) => `${v}%`),
        "90%",
        "",
      ].join(","),
    );
  }
  return `${out.join("\n")}\n`;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "ragtime-bench-ind-"));
  const file = join(dir, "indicators.csv");
  writeFileSync(file, generate(N));
  const t = await createSqliteTestDb();
  try {
    const now = new Date("2018-04-10T09:00:00Z");
    let t0 = performance.now();
    const r = await importIndicators(t.db, { file, planKey: "bench", now });
    figure(
      `import ${N} indicators x 12 months (first import)`,
      `${fmtMs(performance.now() - t0)}, ${r.counts?.values.added} values`,
      "< 10 s",
    );
    t0 = performance.now();
    await importIndicators(t.db, { file, planKey: "bench", now });
    figure("re-import unchanged", fmtMs(performance.now() - t0));
    const plan = await t.db.plan.findUniqueOrThrow({ where: { key: "bench" } });
    t0 = performance.now();
    const s = await indicatorSectionFor(t.db, {
      planId: plan.id,
      scaleId: "rag",
      sectionWord: "Priority",
      sections: null,
      asOf: "2018-04-10",
    });
    figure(`digest indicators section (${s?.rows.length} rows, load + build)`, fmtMs(performance.now() - t0), "< 1 s");
    const { indicatorTrendPng } = await import("../src/charts/indicatorTrends.js");
    const small = s
      ? { ...s, trends: s.trends.map((x) => ({ ...x, points: x.points.filter((p) => Number(p.indicator.split(" ")[1]) < 48) })) }
      : undefined;
    t0 = performance.now();
    if (small) await indicatorTrendPng(small);
    figure("trend chart PNG (8 priorities x 6 indicators)", fmtMs(performance.now() - t0), "< 2 s");
    if (small) {
      const { indicatorTrendPngs } = await import("../src/charts/indicatorTrends.js");
      t0 = performance.now();
      const pngs = await indicatorTrendPngs(small);
      figure(`board paper: one trend chart per priority (${pngs.length} PNGs, one vega view)`, fmtMs(performance.now() - t0), "< 2 s");
    }
  } finally {
    await t.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}

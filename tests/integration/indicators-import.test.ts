// Indicator tables imported into a real database: Thurrock's per-priority table (months Jul-Dec of 2017/18,
// last year's outturn as the baseline) and Blackpool-shaped outcome indicators (baseline, targets for three
// dates, "TBC") and audit "practice obsessions" (target vs outcome per audit). Plan exports are not mistaken
// for indicator tables.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectIndicatorHeader } from "../../src/importer/indicators/detect.js";
import { readSource } from "../../src/importer/read.js";
import { importIndicators } from "../../src/services/importIndicators.js";
import { createPostgresTestDb, createSqliteTestDb, TEST_POSTGRES_URL, type TestDb } from "../helpers/db.js";
import { runCli } from "./cli.helper.js";

const plans = join(import.meta.dirname, "../../../shared/fixtures/plans");
const mine = join(import.meta.dirname, "../fixtures/indicators");
const NOW = new Date("2026-11-22T10:00:00Z");

describe("detection by content and header", () => {
  it("reads the indicator tables and none of the plan exports as indicator tables", async () => {
    for (const f of [
      "devon-improvement-plan",
      "devon-north-detailed-plan",
      "thurrock-development-plan",
      "durham-ofsted-action-plan",
      "durham-recommendations",
    ]) {
      const t = await readSource(join(plans, `${f}.csv`));
      for (const table of t.tables) expect(detectIndicatorHeader(table.rows), f).toBeNull();
    }
    for (const f of [
      join(plans, "thurrock-indicators.csv"),
      join(mine, "blackpool-outcome-indicators.csv"),
      join(mine, "blackpool-practice-obsessions.csv"),
    ]) {
      expect(detectIndicatorHeader((await readSource(f)).tables[0]?.rows ?? []), f).not.toBeNull();
    }
  });

  it("bare months with no year anywhere need --year, said with the fix", async () => {
    const rows = [
      ["Indicator", "Jul", "Aug", "Sep"],
      ["% visits in time", "90%", "91%", "92%"],
    ];
    expect(detectIndicatorHeader(rows)?.needsYear).toBe(true);
    expect(detectIndicatorHeader(rows, { fyStart: 2019 })?.columns[1]?.period?.id).toBe("2019-07");
  });
});

const PROVIDERS: [string, () => Promise<TestDb>][] = [["sqlite", createSqliteTestDb]];
if (TEST_POSTGRES_URL) PROVIDERS.push(["postgres", createPostgresTestDb]);
else describe("postgres", () => it.skip("skipped: TEST_POSTGRES_URL is not set", () => {}));

for (const [provider, createDb] of PROVIDERS) {
  describe(provider, () => {
    let h: TestDb;
    beforeAll(async () => {
      h = await createDb();
    });
    afterAll(async () => h.cleanup());

    it("Thurrock: values by month of 2017/18, the baseline column, units and polarity", async () => {
      const r = await importIndicators(h.db, { file: join(plans, "thurrock-indicators.csv"), planKey: "thurrock", now: NOW });
      expect(r.indicators).toMatchObject({ count: 21, skippedRows: 3, reportingYear: "2017/18" });
      expect(r.errors).toEqual([]);
      const seen = await h.db.indicator.findFirstOrThrow({
        where: { name: "% children seen within 15 days of referral" },
        include: { values: { orderBy: { periodEnd: "asc" } }, section: true },
      });
      expect(seen).toMatchObject({ unit: "percent", polarity: "higher" });
      expect(seen.section?.number).toBe("2");
      expect(seen.values.map((v) => [v.period, v.value])).toEqual([
        ["2017-08", 93.3],
        ["2017-09", 97.1],
        ["2017-10", 92.5],
        ["2017-11", 90.8],
        ["2017-12", 96.7],
      ]);
      const days = await h.db.indicator.findFirstOrThrow({
        where: { name: { startsWith: "Timescale child entering care" } },
        include: { values: true },
      });
      expect(days).toMatchObject({ unit: "days", polarity: "lower" });
      expect(days.values).toHaveLength(6);
      const vac = await h.db.indicator.findFirstOrThrow({
        where: { name: "Social Work teams vacancies/ agency staff" },
        include: { values: true },
      });
      // "Asked John Cooke" sits in the polarity column: kept as a note, not read as a polarity; the name says lower
      expect(vac).toMatchObject({ polarity: "lower", unit: "count" });
      expect(JSON.parse(vac.extraJson ?? "{}")).toMatchObject({ Polarity: "Asked John Cooke", notes: "Asked John Cooke", YTD: "10" });
      expect(vac.values.map((v) => [v.period, v.value])).toEqual([["2017-08", 10]]);
      // a re-import of the same export adds nothing
      const again = await importIndicators(h.db, { file: join(plans, "thurrock-indicators.csv"), planKey: "thurrock", now: NOW });
      expect(again.counts).toMatchObject({ indicators: { created: 0, updated: 21 }, values: { added: 0, unchanged: 47 } });
    });

    it("Blackpool outcome indicators: baseline, targets for three dates (TBC kept as no value), polarity, comparator, owner", async () => {
      const r = await importIndicators(h.db, {
        file: join(mine, "blackpool-outcome-indicators.csv"),
        planKey: "blackpool",
        scale: "blackpool",
        now: NOW,
      });
      expect(r.indicators).toMatchObject({ count: 5, headerRow: 2 });
      const eh = await h.db.indicator.findFirstOrThrow({
        where: { ref: "OI1", plan: { key: "blackpool" } },
        include: { targets: { orderBy: { date: "asc" } }, owner: true, plan: true },
      });
      expect(eh).toMatchObject({
        name: "Early help assessment rate per 10000",
        unit: "rate10k",
        polarity: "higher",
        baselineValue: 112.4,
        comparatorName: "Statistical neighbours",
        comparatorValue: 141,
      });
      expect(eh.plan.scale).toBe("blackpool");
      expect(eh.owner?.name).toBe("Sara Whitfield");
      expect(eh.baselineDate?.toISOString().slice(0, 10)).toBe("2023-04-30");
      expect(eh.targets.map((t) => [t.date.toISOString().slice(0, 10), t.value, t.raw])).toEqual([
        ["2023-10-31", 130, "130"],
        ["2024-04-30", 150, "150"],
        ["2024-10-31", null, "TBC"],
      ]);
      const rr = await h.db.indicator.findFirstOrThrow({ where: { ref: "OI2" }, include: { targets: true } });
      expect(rr).toMatchObject({ polarity: "lower", unit: "percent", baselineValue: 27 });
      expect(rr.targets.map((t) => t.value).sort()).toEqual([20, 22, 24]);
    });

    it("Blackpool practice obsessions: target and outcome per audit, into the same plan and sections", async () => {
      const r = await importIndicators(h.db, { file: join(mine, "blackpool-practice-obsessions.csv"), planKey: "blackpool", now: NOW });
      expect(r.counts?.sections).toEqual({ created: 0, matched: 3 });
      const voice = await h.db.indicator.findFirstOrThrow({
        where: { name: "Children's voices are heard in assessments" },
        include: { targets: { orderBy: { date: "asc" } }, values: true },
      });
      expect(voice).toMatchObject({ unit: "percent", polarity: "higher" });
      expect(voice.targets.map((t) => [t.date.toISOString().slice(0, 10), t.value])).toEqual([
        ["2023-10-31", 60],
        ["2024-04-30", 70],
      ]);
      expect(voice.values.map((v) => [v.period, v.value])).toEqual([["2023-10", 54]]);
    });
  });
}

describe("ragtime import (CLI)", () => {
  let h: TestDb;
  beforeAll(async () => {
    h = await createSqliteTestDb();
  });
  afterAll(async () => h.cleanup());

  it("recognises an indicator table by its content without --indicators; --dry-run --json writes nothing", async () => {
    const dry = await runCli(["import", join(mine, "blackpool-outcome-indicators.csv"), "--plan", "bp", "--dry-run", "--json"], h.url);
    expect(dry.code, dry.stderr).toBe(0);
    const out = JSON.parse(dry.stdout);
    expect(out.written).toBe(false);
    expect(out.indicators.columns["Target April 2024"]).toBe("target 2024-04-30");
    expect(await h.db.indicator.count()).toBe(0);
    const real = await runCli(["import", join(mine, "blackpool-outcome-indicators.csv"), "--plan", "bp"], h.url);
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toContain("5 indicators from 5 rows");
    expect(await h.db.indicator.count()).toBe(5);
  });

  it("--indicators on a plan export says why it is not an indicator table (exit 2)", async () => {
    const r = await runCli(["import", join(plans, "devon-improvement-plan.csv"), "--plan", "dv", "--indicators"], h.url);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not read as an indicator table/);
  });
});

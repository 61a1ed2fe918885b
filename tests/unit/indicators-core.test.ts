// Indicators: RAG from value vs target by polarity and tolerance, in each plan's own labels; direction of
// travel; periods as the tables write them; units and card input validation.
import { describe, expect, it } from "vitest";
import {
  directionOf,
  type IndicatorFacts,
  parsePeriod,
  polarityFromCell,
  polarityFromName,
  previousPeriod,
  ragOf,
  standingOf,
  targetFor,
  unitFromText,
  validateValueInput,
} from "../../src/core/indicators/index.js";
import { scaleOf } from "../../src/core/status.js";

const rag = scaleOf("rag");

describe("RAG from value vs target", () => {
  it("higher is better: at or above target is green, within tolerance amber, beyond it red", () => {
    expect(ragOf(95, 95, "higher", 3, "percent", rag).label).toBe("Green");
    expect(ragOf(97, 95, "higher", 3, "percent", rag).label).toBe("Green");
    expect(ragOf(92, 95, "higher", 3, "percent", rag).label).toBe("Amber");
    expect(ragOf(91.9, 95, "higher", 3, "percent", rag).label).toBe("Red");
  });

  it("lower is better mirrors it: the same numbers give the opposite bands", () => {
    expect(ragOf(97, 95, "lower", 3, "percent", rag).label).toBe("Amber");
    expect(ragOf(99, 95, "lower", 3, "percent", rag).label).toBe("Red");
    expect(ragOf(80, 95, "lower", 3, "percent", rag).label).toBe("Green");
  });

  it("a zero tolerance has no amber band; no tolerance means 5 points for % and 5% of the target otherwise", () => {
    expect(ragOf(94.9, 95, "higher", 0, "percent", rag).status).toBe("off_track");
    expect(ragOf(90, 95, "higher", null, "percent", rag).status).toBe("at_risk");
    expect(ragOf(89.9, 95, "higher", null, "percent", rag).status).toBe("off_track");
    // 200 days target, lower better: 5% = 10 days
    expect(ragOf(210, 200, "lower", null, "days", rag).status).toBe("at_risk");
    expect(ragOf(211, 200, "lower", null, "days", rag).status).toBe("off_track");
  });

  it("speaks the plan's own scale", () => {
    expect(ragOf(92, 95, "higher", 3, "percent", scaleOf("blackpool")).label).toBe("Orange");
    expect(ragOf(80, 95, "higher", 3, "percent", scaleOf("blackpool")).label).toBe("At Risk");
    expect(ragOf(99, 95, "higher", 3, "percent", scaleOf("numeric5")).label).toBe("3 (on track)");
  });

  it("never guesses: no target (TBC), no value or no polarity is no RAG", () => {
    expect(ragOf(90, null, "higher", 3, "percent", rag)).toMatchObject({ status: "unknown", why: "no_target" });
    expect(ragOf(null, 90, "higher", 3, "percent", rag)).toMatchObject({ status: "unknown", why: "no_value" });
    expect(ragOf(90, 95, null, 3, "percent", rag)).toMatchObject({ status: "unknown", why: "no_polarity" });
  });
});

describe("direction of travel", () => {
  it("is judged by polarity", () => {
    expect(directionOf(90, 93, "higher")).toBe("improving");
    expect(directionOf(90, 93, "lower")).toBe("worsening");
    expect(directionOf(215.5, 200, "lower")).toBe("improving");
    expect(directionOf(90, 90, "higher")).toBe("same");
    expect(directionOf(90, 93, null)).toBe("up");
    expect(directionOf(null, 93, "higher")).toBe("none");
  });

  it("standing uses the latest value per period and the target for its date", () => {
    const ind: IndicatorFacts = {
      id: "i",
      ref: null,
      name: "% seen within 15 days",
      sectionLabel: null,
      sectionNumber: "2",
      owner: null,
      polarity: "higher",
      unit: "percent",
      baseline: null,
      comparator: null,
      tolerance: 2,
      cadence: "monthly",
      targets: [
        { date: "2017-09-30", value: 90, raw: "90" },
        { date: "2018-03-31", value: 95, raw: "95" },
      ],
      values: [
        { period: "2017-10", periodEnd: "2017-10-31", value: 92.5, source: "import", at: "2017-11-01T00:00:00Z" },
        { period: "2017-11", periodEnd: "2017-11-30", value: 90.8, source: "import", at: "2017-12-01T00:00:00Z" },
        // corrected later in chat: this one counts
        { period: "2017-11", periodEnd: "2017-11-30", value: 94, source: "slack", at: "2017-12-05T00:00:00Z" },
      ],
    };
    const s = standingOf(ind, rag);
    expect(s.latest?.value).toBe(94);
    expect(s.previous?.value).toBe(92.5);
    expect(s.target?.value).toBe(95);
    expect(s.rag.label).toBe("Amber");
    expect(s.direction).toBe("improving");
    expect(targetFor(ind.targets, "2017-08-31")?.value).toBe(90);
    expect(targetFor(ind.targets, "2019-01-31")?.value).toBe(95);
  });
});

describe("periods", () => {
  it("reads bare months in the reporting year (April to March)", () => {
    expect(parsePeriod("Jul", 2017)).toMatchObject({ id: "2017-07", end: "2017-07-31" });
    expect(parsePeriod("Feb", 2017)).toMatchObject({ id: "2018-02", end: "2018-02-28" });
    expect(parsePeriod("Sept", 2017)?.id).toBe("2017-09");
    expect(parsePeriod("Jul")).toBeNull();
  });
  it("reads months with years, financial years and year to date", () => {
    expect(parsePeriod("Jul-17")).toMatchObject({ id: "2017-07", label: "Jul 2017" });
    expect(parsePeriod("October 2023")?.id).toBe("2023-10");
    expect(parsePeriod("2017/18 YTD")).toMatchObject({ id: "2017/18", end: "2018-03-31", ytd: true });
    expect(parsePeriod("YTD", 2017)).toMatchObject({ id: "2017/18", ytd: true });
    expect(parsePeriod("2016/17")).toMatchObject({ id: "2016/17", end: "2017-03-31" });
    expect(parsePeriod("Q2 2017/18")).toMatchObject({ id: "2017/18-Q2", end: "2017-09-30" });
    expect(parsePeriod("Notes", 2017)).toBeNull();
    expect(previousPeriod(parsePeriod("Jan-18") as never).id).toBe("2017-12");
  });
});

describe("units and polarity words", () => {
  it("reads units from names and samples", () => {
    expect(unitFromText("% Assessments in 45 days")).toBe("percent");
    expect(unitFromText("Timescale child entering care placement with adopters Days")).toBe("days");
    expect(unitFromText("Number of CAFs completed by HVs")).toBe("count");
    expect(unitFromText("Re-referral rate per 10,000")).toBe("rate10k");
    expect(unitFromText("Care Leavers in EET", ["73.2"])).toBe("number");
  });
  it("reads polarity cells and infers only the plain cases from names", () => {
    expect(polarityFromCell("Higher is better")).toBe("higher");
    expect(polarityFromCell("Low")).toBe("lower");
    expect(polarityFromCell("↑")).toBe("higher");
    expect(polarityFromCell("Asked John Cooke")).toBeNull();
    expect(polarityFromName("Social Work teams vacancies/ agency staff", "count")).toBe("lower");
    expect(polarityFromName("CLA visits in time %", "percent")).toBe("higher");
    expect(polarityFromName("Number of CAFs completed by HVs", "count")).toBeNull();
  });
  it("validates a value typed on a card against its unit", () => {
    expect(validateValueInput("93.5%", "percent")).toEqual({ ok: true, value: 93.5 });
    expect(validateValueInput("101", "percent")).toEqual({ ok: false, error: "A percentage is between 0 and 100." });
    expect(validateValueInput("lots", "count")).toMatchObject({ ok: false });
    expect(validateValueInput("", "count")).toEqual({ ok: false, error: "Enter a number." });
    expect(validateValueInput("2.5", "count")).toEqual({ ok: false, error: "A count is a whole number." });
    expect(validateValueInput("1,204", "count")).toEqual({ ok: true, value: 1204 });
  });
});

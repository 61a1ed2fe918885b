// Indicator questions through answerQuestion (the same entry Slack, Teams and `ragtime ask` use), on the
// Blackpool-shaped tables with one value given in chat, and the Thurrock plan with its indicators.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseIndicatorQuestion } from "../../src/core/questions/indicators.js";
import { answerQuestion } from "../../src/services/answer.js";
import { importIndicators } from "../../src/services/importIndicators.js";
import { importPlan } from "../../src/services/importPlan.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";

const PLANS = join(import.meta.dirname, "../../../shared/fixtures/plans");
const MINE = join(import.meta.dirname, "../fixtures/indicators");
const NOW = new Date("2023-05-01T09:00:00Z");
const admin = { personId: null, isAdmin: true };

let t: TestDb;
beforeAll(async () => {
  t = await createSqliteTestDb();
  await importIndicators(t.db, {
    file: join(MINE, "blackpool-outcome-indicators.csv"),
    planKey: "blackpool",
    scale: "blackpool",
    now: NOW,
  });
  await importIndicators(t.db, { file: join(MINE, "blackpool-practice-obsessions.csv"), planKey: "blackpool", now: NOW });
  const eh = await t.db.indicator.findFirstOrThrow({ where: { ref: "OI1" } });
  await t.db.indicatorValue.create({
    data: { indicatorId: eh.id, period: "2023-10", periodEnd: new Date("2023-10-31T00:00:00Z"), value: 118, source: "cli", createdAt: NOW },
  });
  await importPlan(t.db, { file: join(PLANS, "thurrock-development-plan.csv"), planKey: "thurrock", now: NOW });
  await importIndicators(t.db, { file: join(PLANS, "thurrock-indicators.csv"), planKey: "thurrock", now: NOW });
});
afterAll(async () => t.cleanup());

describe("parsing", () => {
  it("recognises the three kinds and leaves plan questions alone", () => {
    expect(parseIndicatorQuestion("how is the early help assessment rate doing?")).toEqual({
      kind: "indicator_how",
      text: "early help assessment rate",
    });
    expect(parseIndicatorQuestion("which indicators are off target")).toEqual({ kind: "indicators_off_target" });
    expect(parseIndicatorQuestion("indicators for priority 2")).toEqual({ kind: "indicators_for", section: "2" });
    expect(parseIndicatorQuestion("how is N7 going")).toBeNull();
    expect(parseIndicatorQuestion("what is overdue in priority 3")).toBeNull();
  });
});

describe("answers", () => {
  it("how is the early help assessment rate doing: value vs target in Blackpool's labels, direction, comparator", async () => {
    const a = await answerQuestion(t.db, "how is the early help assessment rate doing", admin, new Date("2023-11-15T00:00:00Z"), {
      planKey: "blackpool",
    });
    // 118 vs 130 (higher is better, 5% of 130 = 6.5): 12 short -> off track = "At Risk"; up from the baseline? no previous value
    expect(a.text.split("\n")[0]).toBe(
      "OI1 Early help assessment rate per 10000 (Theme 1): 118 per 10k for 2023-10 — target 130 per 10k by 2023-10-31: At Risk",
    );
    expect(a.text).toContain("Baseline 112.4 per 10k.");
    expect(a.text).toContain("Statistical neighbours: 141 per 10k.");
    expect(a.text).toContain("Owner: Sara Whitfield.");
  });

  it("which indicators are off target: only those judged against a target", async () => {
    const a = await answerQuestion(t.db, "which indicators are off target", admin, new Date("2023-11-15T00:00:00Z"), {
      planKey: "blackpool",
    });
    expect(a.text.split("\n")[0]).toBe("3 indicators are off or near target (4 more have no target, value or polarity, so no RAG):");
    expect(a.text).toContain("OI1 Early help assessment rate per 10000");
    expect(a.text).toContain("Children's voices are heard in assessments (Theme 2): 54% for 2023-10 — target 60% by 2023-10-31: At Risk");
    expect(a.text).toContain("Management oversight is recorded and purposeful");
    expect(a.text).not.toContain("Plans are SMART");
  });

  it("indicators for priority 2 on Thurrock: that priority's indicators with their latest values", async () => {
    const a = await answerQuestion(t.db, "indicators for priority 2", admin, new Date("2018-01-15T00:00:00Z"), { planKey: "thurrock" });
    expect(a.text.split("\n")[0]).toBe("3 indicators in Priority 2:");
    expect(a.text).toContain("% children seen within 15 days of referral (Priority 2): 96.7% for 2017-12 — no target, ↑ improving");
    expect(a.text).toContain("Number of CAFs completed by HVs (Priority 2): 4 for 2017-12");
  });

  it("plan questions still reach the plan", async () => {
    const a = await answerQuestion(t.db, "what is overdue in priority 3", admin, new Date("2018-01-15T00:00:00Z"), { planKey: "thurrock" });
    expect(a.text).toMatch(/overdue/i);
    expect(a.text).not.toContain("indicator");
  });
});

// The indicators section of a board digest on real imports: Thurrock's plan and its indicator table in one
// plan (latest value, direction of travel by polarity, no target -> no RAG, no value for the period), and a
// Blackpool-shaped plan whose audit outcomes are judged against their targets in Blackpool's own labels.
// The section reaches both renderers and the trend chart is a real PNG.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockKitProblems, LIMITS } from "../../src/adapters/slack/limits.js";
import { renderMessage } from "../../src/adapters/slack/render.js";
import { renderAdaptiveCard } from "../../src/adapters/teams/render.js";
import { pngSize } from "../../src/charts/statusChart.js";
import { cardToText } from "../../src/core/cards/model.js";
import { addBoard } from "../../src/services/boards.js";
import { buildDigest, parseSnapshot, postDigest, renderDigest } from "../../src/services/digest.js";
import { importIndicators } from "../../src/services/importIndicators.js";
import { importPlan } from "../../src/services/importPlan.js";
import { setPlanLive } from "../../src/storage/plans.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";

const PLANS = join(import.meta.dirname, "../../../shared/fixtures/plans");
const MINE = join(import.meta.dirname, "../fixtures/indicators");
const NOW = new Date("2017-10-01T09:00:00Z");
const d = (s: string) => new Date(`${s}T00:00:00Z`);

let t: TestDb;
let thurrock: string;
let blackpool: string;

beforeAll(async () => {
  t = await createSqliteTestDb();
  await importPlan(t.db, { file: join(PLANS, "thurrock-development-plan.csv"), planKey: "thurrock", now: NOW });
  // imported plans are drafts; digests are posted only for live plans
  await setPlanLive(t.db, "thurrock", NOW);
  await importIndicators(t.db, { file: join(PLANS, "thurrock-indicators.csv"), planKey: "thurrock", now: NOW });
  thurrock = (await addBoard(t.db, { name: "Thurrock Board", planKey: "thurrock", slackChannel: "C0BOARD" }, NOW)).id;
  await importIndicators(t.db, {
    file: join(MINE, "blackpool-outcome-indicators.csv"),
    planKey: "blackpool",
    scale: "blackpool",
    now: NOW,
  });
  await importIndicators(t.db, { file: join(MINE, "blackpool-practice-obsessions.csv"), planKey: "blackpool", now: NOW });
  blackpool = (await addBoard(t.db, { name: "Blackpool Board", planKey: "blackpool", sections: ["2", "3"] }, NOW)).id;
});
afterAll(async () => t.cleanup());

describe("Thurrock", () => {
  it("latest value, direction by polarity, no target means no RAG, and who has no December value", async () => {
    const m = await buildDigest(t.db, thurrock, d("2018-01-15"));
    const ind = m.indicators;
    expect(ind?.period.label).toBe("Dec 2017");
    expect(ind?.rows).toHaveLength(21);
    const seen = ind?.rows.find((r) => r.name === "% children seen within 15 days of referral");
    expect(seen).toMatchObject({
      section: "Priority 2",
      latest: { period: "2017-12", value: 96.7, text: "96.7%" },
      direction: "improving",
      rag: "No RAG",
      missing: false,
    });
    // 215.5 days every month: lower is better, no change
    expect(ind?.rows.find((r) => r.unit === "days")).toMatchObject({ direction: "same", latest: { text: "215.5 days" } });
    const eet = ind?.rows.find((r) => r.name === "Care Leavers in EET %");
    expect(eet).toMatchObject({ direction: "worsening", latest: { value: 67.1 } });
    // values only to November or none at all: not reported for December
    const noDec = ind?.rows.filter((r) => r.missing).map((r) => r.name) ?? [];
    expect(noDec).toContain("Social Work teams vacancies/ agency staff");
    expect(noDec).toContain("CP visits completed in timescale %");
    expect(noDec).not.toContain("Care Leavers in EET %");
    expect(ind?.missing).toBe(noDec.length);
  });

  it("as of an earlier date only the values known then count", async () => {
    const m = await buildDigest(t.db, thurrock, d("2017-10-10"));
    const seen = m.indicators?.rows.find((r) => r.name === "% children seen within 15 days of referral");
    expect(seen).toMatchObject({ latest: { period: "2017-09", value: 97.1 }, direction: "improving", missing: false });
  });

  it("the card carries the section and the trend chart; Slack and Teams both render it", async () => {
    const m = await buildDigest(t.db, thurrock, d("2018-01-15"));
    const { card } = await renderDigest(m);
    const text = cardToText(card);
    expect(text).toContain("Indicators (21)");
    expect(text).toMatch(/No value for Dec 2017 \(\d+\):/);
    // the full tables by priority are in the thread
    const thread = (card.thread ?? []).filter((c) => c.purpose === "digest_indicators");
    expect(thread.map((c) => c.title)).toContain("Indicators — Priority 2");
    expect(cardToText(thread.find((c) => c.title === "Indicators — Priority 2") as never)).toContain(
      "% children seen within 15 days of referral | 96.7% (2017-12) | no target | No RAG | ↑ improving",
    );
    const chart = card.attachments?.find((a) => a.key === "indicator_trends");
    expect(chart).toBeDefined();
    const size = pngSize(Buffer.from(chart?.base64 ?? "", "base64"));
    expect(size.width).toBe(800);
    expect(size.height).toBeGreaterThan(400);
    const slack = renderMessage(card);
    for (const page of slack.pages) expect(blockKitProblems(page, LIMITS.messageBlocks)).toEqual([]);
    expect(slack.pages).toHaveLength(1);
    expect(JSON.stringify(slack.pages)).toContain("Indicator trends");
    const p2 = thread.find((c) => c.title === "Indicators — Priority 2") as never;
    expect(JSON.stringify(renderMessage(p2).pages)).toContain("96.7% (2017-12)");
    expect(JSON.stringify(renderAdaptiveCard(p2))).toContain("96.7% (2017-12)");
    expect(JSON.stringify(renderAdaptiveCard(card))).toContain("Indicators (21)");
  });

  it("the stored snapshot keeps the section as presented", async () => {
    const r = await postDigest(t.db, thurrock, d("2018-01-15"), d("2018-01-15"), { slack: true, teams: false });
    const row = await t.db.digest.findUniqueOrThrow({ where: { id: r.digestId } });
    const snap = parseSnapshot(row.snapshotJson);
    expect(snap?.model.indicators?.rows).toHaveLength(21);
    expect(snap?.text).toContain("Indicators (21)");
  });
});

describe("Blackpool-shaped", () => {
  it("judges audit outcomes against targets in Blackpool's labels, in the board's scope only", async () => {
    const m = await buildDigest(t.db, blackpool, d("2023-11-20"));
    const rows = m.indicators?.rows ?? [];
    // sections 2 and 3: OI3, OI4, OI5 and the three practice obsessions (OI1/OI2 are theme 1)
    expect(rows.map((r) => r.ref ?? r.name).sort()).toEqual(
      [
        "Children's voices are heard in assessments",
        "Management oversight is recorded and purposeful",
        "OI3",
        "OI4",
        "OI5",
        "Plans are SMART and reviewed",
      ].sort(),
    );
    const byName = (n: string) => rows.find((r) => r.name === n);
    // 54% vs 60% (higher is better, default tolerance 5 points): 6 points short -> off track = "At Risk"
    expect(byName("Children's voices are heard in assessments")).toMatchObject({ rag: "At Risk", target: { value: 60 }, missing: false });
    expect(byName("Plans are SMART and reviewed")).toMatchObject({ rag: "Green", latest: { value: 52 } });
    expect(byName("Management oversight is recorded and purposeful")).toMatchObject({ rag: "At Risk", latest: { value: 38 } });
    expect(rows.find((r) => r.ref === "OI3")).toMatchObject({ missing: true, latest: null, rag: "No RAG" });
    expect(m.indicators?.offTarget).toBe(2);
    expect(m.indicators?.period.label).toBe("Oct 2023");
  });

  it("a tolerance set on the indicator changes the band", async () => {
    await t.db.indicator.updateMany({ where: { name: "Children's voices are heard in assessments" }, data: { tolerance: 8 } });
    const m = await buildDigest(t.db, blackpool, d("2023-11-20"));
    expect(m.indicators?.rows.find((r) => r.name === "Children's voices are heard in assessments")?.rag).toBe("Orange");
  });
});

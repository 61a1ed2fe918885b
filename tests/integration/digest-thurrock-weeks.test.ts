// The board digest for Thurrock over two weeks (thurrock-weeks.seed.ts), asserted section by section: the first
// digest seeded from the plan's own rating history, then a week of chat updates (impacts, a narrative-only
// update, a completed item, a date moved twice, an escalation) in the second.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMessage } from "../../src/adapters/slack/render.js";
import { chartHeightFor, chartSvg, pngSize } from "../../src/charts/statusChart.js";
import { cardToText } from "../../src/core/cards/model.js";
import { digestChartData } from "../../src/core/digest/card.js";
import type { DigestModel } from "../../src/core/digest/model.js";
import { parseSnapshot } from "../../src/services/digest.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { colourCount, decodePng, inkShare } from "../helpers/png.js";
import { seedThurrockWeeks, TEXT, type Weeks } from "./thurrock-weeks.seed.js";

let t: TestDb;
let w: Weeks;
let m1: DigestModel;
let m2: DigestModel;

beforeAll(async () => {
  t = await createSqliteTestDb();
  w = await seedThurrockWeeks(t);
  m1 = w.week1.model;
  m2 = w.week2.model;
}, 60_000);
afterAll(async () => t?.cleanup());

describe("week 1 (8 Jan 2018): the first digest, previous period from the plan's rating history", () => {
  it("compares with RAG Initial: 2.2 -> 2.7, per priority previous vs current", () => {
    expect(m1.previous).toEqual({ asOf: null, label: "RAG Initial, from the plan's own rating history", source: "history" });
    expect(m1.score).toEqual({ current: 2.7, previous: 2.2, direction: "up" });
    const p1 = m1.sections.find((s) => s.number === "1")!;
    // Priority 1: RAG Initial 2 x5 / 4 x3 -> RAG 01/18 2 x3 / 4 x5
    expect(p1.previousCounts?.filter((c) => c.count).map((c) => [c.key, c.count])).toEqual([
      ["2", 5],
      ["4", 3],
    ]);
    expect(p1.counts.filter((c) => c.count).map((c) => [c.key, c.count])).toEqual([
      ["2", 3],
      ["4", 5],
    ]);
    expect([p1.previousScore, p1.score, p1.direction]).toEqual([2.8, 3.3, "up"]);
  });

  it("changed: the ratings that moved between the plan's periods; coverage 99 of 100", () => {
    expect(m1.changed.length).toBe(39);
    expect(m1.changed.every((c) => c.by === "the plan's rating history" && c.kinds.includes("status"))).toBe(true);
    expect(m1.coverage).toEqual({ total: 100, rated: 99, scored: 99 });
  });
});

describe("week 2 (15 Jan 2018): a week of updates", () => {
  const ch = (id: string) => m2.changed.find((c) => c.milestoneId === id)!;

  it("previous period is the week-1 digest; completing an item raises the score", () => {
    expect(m2.previous).toMatchObject({ asOf: "2018-01-08", source: "digest" });
    expect(m2.score.previous).toBe(m1.score.current);
    const p2 = m2.sections.find((s) => s.number === "2")!; // C (3 -> 4 complete) is in Priority 2
    const before = m1.sections.find((s) => s.number === "2")!;
    expect(p2.score as number).toBeGreaterThan(before.score as number);
    expect(p2.direction).toBe("up");
    expect(p2.previousCounts?.find((c) => c.key === "4")?.count).toBe((p2.counts.find((c) => c.key === "4")?.count ?? 0) - 1);
  });

  it("exceptions first: red, overdue with the latest word, the escalation, and 'on track' but overdue", () => {
    const ex = m2.exceptions;
    expect(ex.red.map((e) => e.title)).toContain("Increase use of CAF by Health Visitors");
    expect(ex.red.every((e) => m2.statuses[e.milestoneId] === "1")).toBe(true);
    expect(ex.overdue.length).toBeGreaterThan(10);
    expect(ex.overdue.every((e) => e.daysOverdue > 0)).toBe(true);
    expect(ex.overdue.filter((e) => e.latestUpdate).length).toBeGreaterThan(10);
    expect(ex.escalations).toEqual([
      expect.objectContaining({ milestoneId: w.ids.e, kind: "raised", by: "Joe Tynan", at: "2018-01-12", text: TEXT.eBlockers }),
    ]);
    expect(ex.contradictions.length).toBeGreaterThan(0);
    for (const c of ex.contradictions) {
      expect(m2.statuses[c.milestoneId]).toBe("3");
      expect(c.daysOverdue).toBeGreaterThan(0);
    }
  });

  it("progress and impact: every kind of update, each with what it did", () => {
    expect(new Set(m2.changed.map((c) => c.milestoneId))).toEqual(new Set([w.ids.a, w.ids.b, w.ids.c, w.ids.d, w.ids.e]));
    expect(ch(w.ids.a)).toMatchObject({
      from: "2",
      to: "3",
      kinds: ["status", "narrative", "impact"],
      by: "Neale Laurie",
      narrative: TEXT.aNarrative,
      impact: TEXT.aImpact,
    });
    expect(ch(w.ids.b)).toMatchObject({ from: "2", to: "2", kinds: ["narrative"], by: "Joe Tynan", impact: null });
    expect(ch(w.ids.b).narrative).toBe(TEXT.bNarrative);
    expect(ch(w.ids.c)).toMatchObject({
      from: "3",
      to: "4",
      kinds: ["status", "narrative", "impact", "percent"],
      impact: TEXT.cImpact,
      percent: 100,
    });
    expect(ch(w.ids.d)).toMatchObject({ from: "2", to: "2", kinds: ["date"], by: "Teresa Goulding" });
    expect(ch(w.ids.e)).toMatchObject({ from: "2", to: "2", kinds: ["escalation"], escalation: TEXT.eBlockers });
  });

  it("slipped: baseline vs revised, with every reason", () => {
    const d = m2.slipped.find((s) => s.milestoneId === w.ids.d)!;
    expect(d).toMatchObject({ baselineDue: "2018-04-30", due: "2018-06-30", reason: TEXT.dReason2, timesMoved: 2, daysSlipped: 61 });
    expect(d.revisions).toEqual([
      { due: "2018-05-15", reason: TEXT.dReason1, at: "2018-01-09" },
      { due: "2018-06-30", reason: TEXT.dReason2, at: "2018-01-12" },
    ]);
  });

  it("coverage and Ofsted recommendations", () => {
    expect(m2.coverage).toEqual({ total: 100, rated: 99, scored: 99 });
    const refs = m2.recommendations?.map((r) => r.ref) ?? [];
    expect(refs).toContain("Recommendation 14");
    expect(refs.length).toBeGreaterThan(5);
    const r14 = m2.recommendations?.find((r) => r.ref === "Recommendation 14");
    expect(r14!.milestones).toBeGreaterThan(0);
  });

  it("who has not updated: Joe asked and not answered; Teresa unreachable, listed once", () => {
    const noAnswer = m2.missing.filter((m) => m.reason === "no_answer");
    expect(noAnswer).toEqual([{ personId: w.people.joe, name: "Joe Tynan", reason: "no_answer", items: 1, askedOn: "2018-01-10" }]);
    expect(m2.missing.filter((m) => m.personId === w.people.teresa).map((m) => m.reason)).toEqual(["no_chat"]);
    expect(m2.missing.some((m) => m.personId === w.people.neale)).toBe(false);
  });

  it("the stored card: title block, a line per priority and the chart first, then the sections in order", () => {
    const text = cardToText(w.week2.card);
    const order = [
      "Thurrock Improvement Board",
      "Board digest — 15 Jan 2018",
      "RAG summary (average of 1-5 ratings): ",
      "• Priority 1",
      "• Priority 8",
      "[chart:",
      "Exceptions (",
      "Progress and impact since 8 Jan 2018 (5)",
      "Slipped (due date moved beyond the baseline) (",
      "RAG by priority — previous vs current",
      "Coverage",
      "Who has not updated (",
      "Due in the next 14 days (",
    ];
    let at = -1;
    for (const o of order) {
      const i = text.indexOf(o, at + 1);
      expect(i, o).toBeGreaterThan(at);
      at = i;
    }
    expect(text).toContain(`Progress: ${TEXT.aNarrative}\n   Impact: ${TEXT.aImpact}`);
    expect(text).toContain("Rated 99 of 100 milestones (1 with no status)");
    expect(text).toContain(
      `1) 15 May 2018 (recorded 9 Jan 2018): ${TEXT.dReason1}; 2) 30 Jun 2018 (recorded 12 Jan 2018): ${TEXT.dReason2}`,
    );
    expect(text).toMatch(/Ofsted recommendations covered by the plan, \d+ with every milestone complete \(\d+\)/);
    expect(text).toMatch(/Teresa Goulding — cannot be asked: no chat account/);
    // Slack: the header block first, the chart is an image block of the root message (page 1)
    const slack = renderMessage(w.week2.card, { imageFiles: { chart: "F0CHART01" } });
    expect(slack.pages[0]?.[0]).toMatchObject({ type: "header", text: { text: "Thurrock Improvement Board" } });
    expect(slack.pages[0]?.some((b) => b.type === "image")).toBe(true);
  });

  it("the chart: 600 px wide, text at 16 px or more, the score and trend on it, really drawn", async () => {
    const chart = w.week2.card.attachments?.find((a) => a.key === "chart");
    const png = Buffer.from(chart!.base64, "base64");
    const data = digestChartData(m2);
    expect(pngSize(png)).toEqual({ width: 600, height: chartHeightFor(8, data.statuses.length) });
    expect(data.subtitle).toBe(
      `Score ${m2.score.current?.toFixed(1)} ${m2.score.direction === "up" ? "↑" : m2.score.direction === "down" ? "↓" : "→"} from ${m2.score.previous?.toFixed(1)} · rated 99 of 100`,
    );
    expect(data.series.some((s) => /^Priority 2 {2}\d\.\d [↑↓→]$/.test(s.section))).toBe(true);
    const px = decodePng(png);
    expect(inkShare(px)).toBeGreaterThan(0.15);
    expect(colourCount(px, "#c62828")).toBeGreaterThan(100); // 1 (off track) bars
    expect(colourCount(px, "#f59e0b")).toBeGreaterThan(1000); // 2 (at risk)
    const svg = await chartSvg(data.series, {
      title: data.title,
      subtitle: data.subtitle,
      statuses: data.statuses,
      width: 600,
      height: 500,
    });
    const sizes = [...svg.matchAll(/font-size="(\d+(?:\.\d+)?)px"/g)].map((x) => Number(x[1]));
    expect(sizes.length).toBeGreaterThan(5);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(16);
    expect(svg).toContain(data.subtitle);
  });

  it("the snapshot stored for week 2 is the one presented (model, card and the board paper's table)", async () => {
    const row = await t.db.digest.findUniqueOrThrow({ where: { id: w.week2.digestId } });
    const snap = parseSnapshot(row.snapshotJson)!;
    expect(snap.model).toEqual(m2);
    expect(snap.paper).toHaveLength(100);
    const d = snap.paper!.find((r) => r.milestoneId === w.ids.d)!;
    expect(d.revisions.map((r) => r.reason)).toEqual([TEXT.dReason1, TEXT.dReason2]);
    const c = snap.paper!.find((r) => r.milestoneId === w.ids.c)!;
    expect(c.history.map((h) => [h.when, h.status])).toEqual([
      ["RAG Initial", "2 (started with some delay)"],
      ["2018-01-02", "3 (on track)"],
      ["2018-01-11", "4 (completed and sustained; stays in the plan for monitoring)"],
    ]);
  });
});

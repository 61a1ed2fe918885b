// The board digest's sections on hand-made facts: scoring per scale (complete is best), every update kind in
// "changed", exceptions and contradictions, coverage, asked vs unreachable, the rating-history seed, and
// ratings written as sentences.
import { describe, expect, it } from "vitest";
import { cardToText } from "../../src/core/cards/model.js";
import { digestCard } from "../../src/core/digest/card.js";
import { recommendationRef } from "../../src/core/digest/exceptions.js";
import type { MilestoneFact, PlanFacts, UpdateFact } from "../../src/core/digest/facts.js";
import { buildDigestModel, snapshotRef } from "../../src/core/digest/model.js";
import { readStatusCell } from "../../src/core/plan-labels.js";
import { SCALE_IDS, type ScaleId, type Status, scaleOf } from "../../src/core/status.js";

function ms(n: number, over: Partial<MilestoneFact> = {}): MilestoneFact {
  return {
    id: `m${n}`,
    planId: "p",
    sectionId: "s1",
    actionId: `a${n}`,
    ref: `1.${n}`,
    actionTitle: `Action ${n}`,
    title: `Milestone ${n}`,
    owners: [{ id: "kara", name: "Kara Haskayne" }],
    due: "2026-12-31",
    dueRaw: "Dec 26",
    baselineDue: "2026-12-31",
    revisedDue: null,
    revisedReason: null,
    revisionCount: 0,
    status: "on_track",
    statusLabel: null,
    statusAt: null,
    latestUpdate: null,
    paused: false,
    position: n,
    ...over,
  };
}

function facts(scale: ScaleId, milestones: MilestoneFact[], extra: Partial<PlanFacts> = {}): PlanFacts {
  return {
    plan: { id: "p", key: "k", name: "Plan", scale: scaleOf(scale) },
    sections: [{ id: "s1", planId: "p", label: "Priority 1: Workforce", number: "1", title: "Workforce", position: 0 }],
    milestones,
    updates: [],
    reminders: [],
    people: [
      { id: "kara", name: "Kara Haskayne", hasChat: true },
      { id: "sam", name: "Sam Jones", hasChat: false },
    ],
    ...extra,
  };
}

let seq = 0;
function up(mid: string, at: string, over: Partial<UpdateFact> = {}): UpdateFact {
  return {
    id: `u${++seq}`,
    milestoneId: mid,
    byId: "kara",
    byName: "Kara Haskayne",
    onBehalfOfId: null,
    onBehalfOfName: null,
    source: "slack",
    status: "on_track",
    statusLabel: null,
    narrative: null,
    createdAt: at,
    ...over,
  };
}

const board = { id: "b", name: "QIB", sections: null };
const optionFor = (scale: ScaleId, status: Status) => scaleOf(scale).options.find((o) => o.status === status);

describe("scoring per scale: complete is the best a milestone can be", () => {
  for (const id of SCALE_IDS) {
    it(`${id}: on track -> complete raises the section's score, and complete outscores every other rating`, () => {
      const scale = scaleOf(id);
      const done = scale.options.filter((o) => o.status === "complete");
      const others = scale.options.filter((o) => o.status !== "complete" && o.score !== null);
      expect(done.length).toBeGreaterThan(0);
      for (const d of done) for (const o of others) expect(d.score as number).toBeGreaterThan(o.score as number);
      const green = optionFor(id, "on_track")!;
      const complete = done[0]!;
      const before = [ms(1, { statusLabel: green.label }), ms(2, { status: "at_risk", statusLabel: optionFor(id, "at_risk")!.label })];
      const prev = buildDigestModel({ board, facts: facts(id, before), asOf: "2026-11-15", previous: null });
      const after = [{ ...before[0]!, status: "complete" as const, statusLabel: complete.label }, before[1]!];
      const now = buildDigestModel({ board, facts: facts(id, after), asOf: "2026-11-22", previous: snapshotRef(prev) });
      expect(now.score.direction).toBe("up");
      expect(now.sections[0]?.direction).toBe("up");
      expect(now.score.current as number).toBeGreaterThan(prev.score.current as number);
    });
  }
});

describe("changed: every kind of update", () => {
  const list = [ms(1), ms(2), ms(3), ms(4), ms(5, { status: "complete", statusLabel: "Complete" })];
  const prev = buildDigestModel({ board, facts: facts("rag", list), asOf: "2026-11-15", previous: null });
  const updates = [
    up("m1", "2026-11-16T10:00:00.000Z", { narrative: "Panel recruited.", impact: "Caseloads down to 18 on average." }),
    up("m2", "2026-11-17T10:00:00.000Z", { percentComplete: 60 }),
    up("m3", "2026-11-18T10:00:00.000Z", {}),
    up("m4", "2026-11-19T10:00:00.000Z", { blockers: "Need finance sign-off from the s151 officer" }),
    up("m5", "2026-11-20T10:00:00.000Z", {
      status: "complete",
      statusLabel: "Complete",
      narrative: "Done",
      impact: "Audit shows 70% good",
    }),
  ];
  const model = buildDigestModel({ board, facts: facts("rag", list, { updates }), asOf: "2026-11-22", previous: snapshotRef(prev) });
  const byRef = new Map(model.changed.map((c) => [c.ref, c]));

  it("narrative only, % only, same status, escalation are all listed with what they did", () => {
    expect(model.changed.map((c) => c.ref)).toEqual(["1.1", "1.2", "1.3", "1.4", "1.5"]);
    expect(byRef.get("1.1")).toMatchObject({
      kinds: ["narrative", "impact"],
      narrative: "Panel recruited.",
      impact: "Caseloads down to 18 on average.",
    });
    expect(byRef.get("1.2")).toMatchObject({ kinds: ["percent"], percent: 60, previousPercent: null });
    expect(byRef.get("1.3")).toMatchObject({ kinds: ["confirmed"], from: "Green", to: "Green" });
    expect(byRef.get("1.4")).toMatchObject({ kinds: ["escalation"], escalation: "Need finance sign-off from the s151 officer" });
    expect(model.exceptions.escalations).toEqual([expect.objectContaining({ ref: "1.4", kind: "raised", by: "Kara Haskayne" })]);
  });

  it("the card shows progress and impact side by side per changed item", () => {
    const text = cardToText(digestCard(model));
    expect(text).toContain("Progress and impact since 15 Nov 2026 (5)");
    expect(text).toMatch(
      /1\.1 Milestone 1 — Kara Haskayne: Green \(unchanged\).*\n {3}Progress: Panel recruited\.\n {3}Impact: Caseloads down to 18 on average\./,
    );
    expect(text).toContain("[status confirmed, no change]");
    expect(text).toContain("Escalated: Need finance sign-off");
  });
});

describe("exceptions, contradictions and coverage", () => {
  const list = [
    ms(1, { due: "2025-02-28", status: "on_track", statusLabel: "Green", latestUpdate: "On track" }),
    ms(2, { due: "2026-10-31", status: "off_track", statusLabel: "Red" }),
    ms(3, { due: "2026-11-01", status: "at_risk", statusLabel: "Amber" }),
    ms(4, { status: "unknown", statusLabel: null }),
  ];
  const updates = [
    up("m3", "2026-11-10T09:00:00.000Z", { status: "at_risk", statusLabel: "Amber", narrative: "Mitigation: agency staff booked" }),
  ];
  const model = buildDigestModel({ board, facts: facts("rag", list, { updates }), asOf: "2026-11-22", previous: null });

  it("red first, then overdue with the latest word, and 'on track' but N days overdue flagged", () => {
    expect(model.exceptions.red.map((e) => [e.ref, e.daysOverdue])).toEqual([["1.2", 22]]);
    expect(model.exceptions.overdue.map((e) => [e.ref, e.daysOverdue, e.latestUpdate])).toEqual([
      ["1.1", 632, "On track"],
      ["1.3", 21, "Mitigation: agency staff booked"],
    ]);
    expect(model.exceptions.contradictions).toEqual([expect.objectContaining({ ref: "1.1", daysOverdue: 632, says: "Green" })]);
    const text = cardToText(digestCard(model));
    expect(text).toContain("rated “Green” but 632 days overdue");
    expect(text.indexOf("Exceptions (4)")).toBeLessThan(text.indexOf("Progress and impact"));
  });

  it("coverage: rated 3 of 4", () => {
    expect(model.coverage).toEqual({ total: 4, rated: 3, scored: 3 });
    expect(cardToText(digestCard(model))).toContain("Rated 3 of 4 milestones (1 with no status)");
  });
});

describe("who has not updated: asked vs unreachable, each person once", () => {
  it("an owner with no chat account whose reminder went to the log is listed once, as unreachable", () => {
    const list = [ms(1, { owners: [{ id: "sam", name: "Sam Jones" }] }), ms(2)];
    const reminders = [
      { id: "r1", kind: "due", recipientId: "sam", onBehalfOfId: null, milestoneIds: ["m1"], plannedFor: "2026-11-20T09:00:00.000Z" },
      { id: "r2", kind: "due", recipientId: "kara", onBehalfOfId: null, milestoneIds: ["m2"], plannedFor: "2026-11-20T09:00:00.000Z" },
    ];
    const model = buildDigestModel({ board, facts: facts("rag", list, { reminders }), asOf: "2026-11-22", previous: null });
    expect(model.missing.map((m) => [m.name, m.reason])).toEqual([
      ["Kara Haskayne", "no_answer"],
      ["Sam Jones", "no_chat"],
    ]);
  });
});

describe("first digest: the previous period from the plan's own rating history", () => {
  it("RAG Initial -> RAG 01/18 imported as history gives the previous counts, score and trend", () => {
    const at = "2026-11-01T12:00:00.000Z";
    const imp = (mid: string, label: string, status: Status, narrative: string, ms2: number) =>
      up(mid, new Date(Date.parse(at) + ms2).toISOString(), {
        source: "import",
        byId: null,
        byName: null,
        status,
        statusLabel: label,
        narrative,
      });
    const list = [
      ms(1, { status: "on_track", statusLabel: "3" }),
      ms(2, { status: "complete", statusLabel: "4" }),
      ms(3, { status: "at_risk", statusLabel: "2" }),
    ];
    const updates = [
      imp("m1", "2", "at_risk", "RAG Initial", 0),
      imp("m1", "3", "on_track", "Audit shows progress", 1),
      imp("m2", "3", "on_track", "RAG Initial", 0),
      imp("m2", "4", "complete", "Done", 1),
      imp("m3", "2", "at_risk", "Not rated before", 1),
    ];
    const model = buildDigestModel({ board, facts: facts("numeric5", list, { updates }), asOf: "2026-11-22", previous: null });
    expect(model.previous).toEqual({ asOf: null, label: "RAG Initial, from the plan's own rating history", source: "history" });
    expect(model.score).toEqual({ current: 3, previous: 2.5, direction: "up" });
    expect(model.sections[0]?.previousCounts?.filter((c) => c.count).map((c) => [c.label, c.count])).toEqual([
      ["2", 1],
      ["3", 1],
    ]);
    expect(model.changed.map((c) => [c.ref, c.from, c.to, c.by])).toEqual([
      ["1.1", "2", "3", "the plan's rating history"],
      ["1.2", "3", "4", "the plan's rating history"],
    ]);
    expect(cardToText(digestCard(model))).toContain("from 2.5 (RAG Initial, from the plan's own rating history)");
  });
});

describe("Ofsted recommendation coverage", () => {
  it("finds numbered recommendations however the plan writes them, and groups milestones by them", () => {
    expect(recommendationRef("Ofsted recco14 There is permanent and stable social work workforce")).toBe("Recommendation 14");
    expect(recommendationRef("OFSTED rec 3 Complete a review of all care plans")).toBe("Recommendation 3");
    expect(recommendationRef("Ofsted recco 4 All children missing from home")).toBe("Recommendation 4");
    expect(recommendationRef("Recommendation 7: improve supervision")).toBe("Recommendation 7");
    expect(recommendationRef("Reduce caseloads to 18")).toBeNull();
    const list = [
      ms(1, { recommendation: "Ofsted recco14 Stable workforce", status: "complete", statusLabel: "Complete" }),
      ms(2, { recommendation: "Ofsted recco14 Stable workforce", due: "2026-10-01", status: "off_track", statusLabel: "Red" }),
      ms(3, { recommendation: "OFSTED rec 3 Care plans", status: "complete", statusLabel: "Complete" }),
      ms(4),
    ];
    const model = buildDigestModel({ board, facts: facts("rag", list), asOf: "2026-11-22", previous: null });
    expect(model.recommendations).toEqual([
      { ref: "Recommendation 3", text: "OFSTED rec 3 Care plans", milestones: 1, complete: 1, overdue: 0, worst: "" },
      { ref: "Recommendation 14", text: "Ofsted recco14 Stable workforce", milestones: 2, complete: 1, overdue: 1, worst: "Red" },
    ]);
    const text = cardToText(digestCard(model));
    expect(text).toContain("Ofsted recommendations covered by the plan, 1 with every milestone complete (2)");
    expect(text).toContain("• Recommendation 14: 2 milestones — 1 complete, 1 open (1 overdue), worst Red");
    expect(buildDigestModel({ board, facts: facts("rag", [ms(1)]), asOf: "2026-11-22", previous: null }).recommendations).toBeNull();
  });
});

describe("ratings written as sentences", () => {
  it('"Work progressing but high risk of delay ..." reads as at risk and the digest shows the words', () => {
    const cell = "Work progressing but high risk of delay due finance and risk modelling and timetable";
    const r = readStatusCell(cell, scaleOf("rag"));
    expect(r).toMatchObject({ kind: "status", status: "at_risk", label: cell, update: cell });
    expect(readStatusCell("Audit rescheduled to September", scaleOf("rag")).kind).toBe("text");
    const model = buildDigestModel({
      board,
      facts: facts("rag", [ms(1, { status: "at_risk", statusLabel: r.label, due: "2026-11-01" })]),
      asOf: "2026-11-22",
      previous: null,
    });
    expect(model.exceptions.overdue[0]).toMatchObject({ status: "Amber", statusNote: cell });
    expect(cardToText(digestCard(model))).toContain(`Amber: “${cell}”`);
  });
});

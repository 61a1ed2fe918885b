// Pure digest model, card and schedule on hand-made facts.
import { describe, expect, it } from "vitest";
import { cardToText } from "../../src/core/cards/model.js";
import { digestCard, LIST_LIMIT } from "../../src/core/digest/card.js";
import type { MilestoneFact, PlanFacts } from "../../src/core/digest/facts.js";
import { buildDigestModel, snapshotRef } from "../../src/core/digest/model.js";
import { latestSlot, parseSchedule } from "../../src/core/digest/schedule.js";
import { sectionHeading, sectionWordOf } from "../../src/core/digest/sections.js";
import { scaleOf } from "../../src/core/status.js";

function ms(n: number, over: Partial<MilestoneFact> = {}): MilestoneFact {
  return {
    id: `m${n}`,
    planId: "p",
    sectionId: n % 2 ? "s1" : "s2",
    actionId: `a${n}`,
    ref: `${n % 2 ? 1 : 2}.${n}`,
    actionTitle: `Action ${n}`,
    title: `Milestone ${n}`,
    owners: [{ id: n % 3 ? "kara" : "sam", name: n % 3 ? "Kara Haskayne" : "Sam Jones" }],
    due: null,
    dueRaw: null,
    baselineDue: null,
    revisedDue: null,
    revisedReason: null,
    revisionCount: 0,
    status: "on_track",
    statusLabel: "Green",
    statusAt: null,
    latestUpdate: null,
    paused: false,
    position: n,
    ...over,
  };
}

function facts(milestones: MilestoneFact[], extra: Partial<PlanFacts> = {}): PlanFacts {
  return {
    plan: { id: "p", key: "devon", name: "Devon Improvement Plan", scale: scaleOf("rag") },
    sections: [
      { id: "s1", planId: "p", label: "Theme 1: Leadership and management", number: "1", title: "Leadership and management", position: 0 },
      { id: "s2", planId: "p", label: "Theme 2: Right service right time", number: "2", title: "Right service right time", position: 1 },
    ],
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

const board = { id: "b", name: "QIB", sections: null };

describe("digest model (RAG plan)", () => {
  const list = [
    ms(1, { due: "2026-10-01", status: "off_track", statusLabel: "Red" }),
    ms(2, { due: "2026-11-01", status: "at_risk", statusLabel: "Amber" }),
    ms(3, { due: "2026-11-30" }),
    ms(4, { due: "2026-12-31", baselineDue: "2026-10-31", revisedDue: "2026-12-31", revisedReason: "Recruitment", revisionCount: 2 }),
    ms(5, { status: "complete", statusLabel: "Complete", due: "2026-01-01" }),
    ms(6, { status: "unknown", statusLabel: null }),
  ];

  it("counts, score Complete 4 / Green 3 / Amber 2 / Red 1, overdue oldest first, due in 14 days, slipped, no-chat owners", () => {
    const m = buildDigestModel({ board, facts: facts(list), asOf: "2026-11-22", previous: null });
    expect(Object.fromEntries(m.counts.map((c) => [c.label, c.count]))).toEqual({
      Green: 2,
      Amber: 1,
      Red: 1,
      Complete: 1,
      "No status": 1,
    });
    // scored: Red 1, Amber 2, Green 3, Green 3, Complete 4 -> 13 / 5 = 2.6 (unrated not scored)
    expect(m.score.current).toBe(2.6);
    expect(m.coverage).toEqual({ total: 6, rated: 5, scored: 5 });
    expect(m.overdue.map((o) => [o.ref, o.daysOverdue])).toEqual([
      ["1.1", 52],
      ["2.2", 21],
    ]);
    expect(m.dueSoon.map((o) => [o.ref, o.daysToDue])).toEqual([["1.3", 8]]);
    expect(m.slipped).toEqual([
      expect.objectContaining({
        ref: "2.4",
        baselineDue: "2026-10-31",
        due: "2026-12-31",
        reason: "Recruitment",
        revisions: [{ due: "2026-12-31", reason: "Recruitment", at: null }],
        timesMoved: 2,
        daysSlipped: 61,
      }),
    ]);
    expect(m.missing).toEqual([{ personId: "sam", name: "Sam Jones", reason: "no_chat", items: 2, askedOn: null }]);
    expect(m.sections.map((s) => [s.heading, s.total, s.score])).toEqual([
      ["Theme 1 — Leadership and management", 3, 2.7],
      ["Theme 2 — Right service right time", 3, 2.5],
    ]);
  });

  it("direction of travel and changes against the previous snapshot", () => {
    const prev = buildDigestModel({ board, facts: facts(list), asOf: "2026-11-15", previous: null });
    const now = list.map((m) => (m.id === "m1" ? { ...m, status: "on_track" as const, statusLabel: "Green" } : m));
    const upd = {
      id: "u1",
      milestoneId: "m1",
      byId: "kara",
      byName: "Kara Haskayne",
      onBehalfOfId: null,
      onBehalfOfName: null,
      source: "slack",
      status: "on_track" as const,
      statusLabel: "Green",
      narrative: "Panel recruited and first meeting held.",
      createdAt: "2026-11-18T10:00:00.000Z",
    };
    const m = buildDigestModel({ board, facts: facts(now, { updates: [upd] }), asOf: "2026-11-22", previous: snapshotRef(prev) });
    expect(m.score).toEqual({ current: 3, previous: 2.6, direction: "up" });
    expect(m.sections[0]).toMatchObject({ previousScore: 2.7, score: 3.3, direction: "up" });
    expect(m.sections[1]).toMatchObject({ previousScore: 2.5, score: 2.5, direction: "flat" });
    expect(m.changed).toEqual([
      expect.objectContaining({
        ref: "1.1",
        from: "Red",
        to: "Green",
        by: "Kara Haskayne",
        at: "2026-11-18",
        narrative: "Panel recruited and first meeting held.",
      }),
    ]);
  });

  it("first digest: status changes recorded in the last week count; older ones and imports do not", () => {
    const mk = (id: string, mid: string, label: string, at: string, source = "slack") => ({
      id,
      milestoneId: mid,
      byId: "kara",
      byName: "Kara Haskayne",
      onBehalfOfId: "sam",
      onBehalfOfName: "Sam Jones",
      source,
      status: (label === "Red" ? "off_track" : label === "Amber" ? "at_risk" : "on_track") as "on_track",
      statusLabel: label,
      narrative: null,
      createdAt: at,
    });
    const updates = [
      mk("u0", "m2", "Green", "2026-10-01T00:00:00.000Z", "import"),
      mk("u1", "m2", "Amber", "2026-11-20T09:00:00.000Z"),
      mk("u2", "m3", "Green", "2026-11-01T09:00:00.000Z"),
    ];
    const m = buildDigestModel({ board, facts: facts(list, { updates }), asOf: "2026-11-22", previous: null });
    expect(m.changed.map((c) => [c.ref, c.from, c.to, c.by])).toEqual([["2.2", "Green", "Amber", "Kara Haskayne on behalf of Sam Jones"]]);
  });

  it("missing updates: asked this cycle and not answered, per person", () => {
    const reminders = [
      {
        id: "r1",
        kind: "cycle",
        recipientId: "kara",
        onBehalfOfId: null,
        milestoneIds: ["m1", "m3", "m5"],
        plannedFor: "2026-11-19T09:00:00.000Z",
      },
      { id: "r0", kind: "upcoming", recipientId: "sam", onBehalfOfId: null, milestoneIds: ["m2"], plannedFor: "2026-11-01T09:00:00.000Z" },
    ];
    const updates = [
      {
        id: "u",
        milestoneId: "m3",
        byId: "kara",
        byName: "Kara Haskayne",
        onBehalfOfId: null,
        onBehalfOfName: null,
        source: "teams",
        status: "on_track" as const,
        statusLabel: "Green",
        narrative: null,
        createdAt: "2026-11-20T09:00:00.000Z",
      },
    ];
    const m = buildDigestModel({ board, facts: facts(list, { reminders, updates }), asOf: "2026-11-22", previous: null });
    // m5 is complete, m3 answered, r0 is before this cycle
    expect(m.missing.filter((x) => x.reason === "no_answer")).toEqual([
      { personId: "kara", name: "Kara Haskayne", reason: "no_answer", items: 1, askedOn: "2026-11-19" },
    ]);
  });

  it("unowned (Not mine): listed longest first, not counted against the owner, only from the day it was said", () => {
    const reminders = [
      {
        id: "r1",
        kind: "overdue",
        recipientId: "kara",
        onBehalfOfId: null,
        milestoneIds: ["m1", "m2"],
        plannedFor: "2026-11-19T09:00:00.000Z",
      },
    ];
    const disowned = list.map((x) =>
      x.id === "m1"
        ? { ...x, unowned: { since: "2026-11-20T10:00:00.000Z", by: "Kara Haskayne", with: ["Lena Lead"] } }
        : x.id === "m6"
          ? { ...x, unowned: { since: "2026-11-10T10:00:00.000Z", by: null, with: [] } }
          : x.id === "m5"
            ? { ...x, unowned: { since: "2026-11-01T10:00:00.000Z", by: "Sam Jones", with: ["Lena Lead"] } }
            : x,
    );
    const m = buildDigestModel({ board, facts: facts(disowned, { reminders }), asOf: "2026-11-22", previous: null });
    // m5 is complete: not listed; m6 first (12 days), then m1 (2 days)
    expect(m.unowned?.map((u) => [u.ref, u.since, u.daysUnowned, u.disownedBy, u.with])).toEqual([
      ["2.6", "2026-11-10", 12, null, []],
      ["1.1", "2026-11-20", 2, "Kara Haskayne", ["Lena Lead"]],
    ]);
    // Kara was chased about m1 and m2: only m2 counts as not updated
    expect(m.missing.filter((x) => x.reason === "no_answer")).toEqual([
      { personId: "kara", name: "Kara Haskayne", reason: "no_answer", items: 1, askedOn: "2026-11-19" },
    ]);
    const text = cardToText(digestCard(m));
    expect(text).toContain("Unowned — waiting to be reassigned (2)");
    expect(text).toContain(
      "• 1.1 Milestone 1 (Theme 1 — Leadership and management) — Kara Haskayne said it is not theirs on 20 Nov 2026 (2 days ago); with Lena Lead to reassign — Red",
    );
    expect(text).toContain("— Its owner said it is not theirs on 10 Nov 2026 (12 days ago); nobody has been asked to reassign it");
    // a digest as of a date before it was said shows nothing unowned (and no section)
    const before = buildDigestModel({ board, facts: facts(disowned), asOf: "2026-11-05", previous: null });
    expect(before.unowned).toEqual([]);
    expect(cardToText(digestCard(before))).not.toContain("Unowned");
  });

  it("board scope: only the listed sections", () => {
    const m = buildDigestModel({ board: { ...board, sections: ["2"] }, facts: facts(list), asOf: "2026-11-22", previous: null });
    expect(m.totals.milestones).toBe(3);
    expect(m.sections.map((s) => s.number)).toEqual(["2"]);
  });
});

describe("digest card", () => {
  const many = Array.from({ length: 57 }, (_, i) =>
    ms(i + 1, { due: `2026-10-${String((i % 28) + 1).padStart(2, "0")}`, status: "at_risk", statusLabel: "Amber" }),
  );
  const model = buildDigestModel({ board, facts: facts(many), asOf: "2026-11-22", previous: null });

  it("cuts long lists at a readable length with the totals right and the full list in the thread", () => {
    const card = digestCard(model, { chartPng: { base64: "iVBORw0KGgo=" } });
    const text = cardToText(card);
    expect(text).toContain("Exceptions (57)");
    expect(text).toContain("Overdue (57)");
    expect(text).toContain(`…and ${57 - LIST_LIMIT} more — the full list of 57 is in the thread below.`);
    expect(text.match(/days overdue \(due/g)).toHaveLength(LIST_LIMIT);
    const thread = (card.thread ?? []).map(cardToText).join("\n");
    expect(thread.match(/days overdue \(due/g)).toHaveLength(57);
    expect(card.thread?.[0]?.title).toBe("Overdue (57) — 1 to 40 of 57");
    expect(card.attachments).toEqual([{ key: "chart", filename: "digest-2026-11-22.png", mimeType: "image/png", base64: "iVBORw0KGgo=" }]);
    expect(card.blocks).toContainEqual(expect.objectContaining({ type: "image", attachment: "chart" }));
    expect(card.fallback).toContain("Exceptions: 57");
  });

  it("without a chart it has no image block; short lists have no thread", () => {
    const small = buildDigestModel({ board, facts: facts(many.slice(0, 3)), asOf: "2026-11-22", previous: null });
    const card = digestCard(small);
    expect(card.blocks.some((b) => b.type === "image")).toBe(false);
    expect(card.thread).toBeUndefined();
    expect(cardToText(card)).toContain("no previous period to compare");
  });
});

describe("section names", () => {
  it("uses the plan's own word", () => {
    expect(sectionWordOf([{ label: "Theme 1: Strengthening management" }])).toBe("Theme");
    expect(sectionWordOf([{ label: "1. Recruiting", number: "1" }])).toBe("Priority");
    expect(sectionWordOf([{ label: "Leadership & Management", number: null }])).toBe("Section");
    expect(sectionHeading({ label: "3. Building consistent quality", number: "3", title: "Building consistent quality" }, "Priority")).toBe(
      "Priority 3 — Building consistent quality",
    );
    expect(sectionHeading({ label: "Leadership & Management", number: null, title: "Leadership & Management" }, "Priority")).toBe(
      "Leadership & Management",
    );
  });
});

describe("schedules", () => {
  it('"MON 09:00" in Europe/London across the clocks change', () => {
    const s = parseSchedule("MON 09:00");
    // winter: 09:00 GMT == 09:00Z
    expect(latestSlot(s, new Date("2026-11-23T09:00:10Z"), "Europe/London")?.localDate).toBe("2026-11-23");
    expect(latestSlot(s, new Date("2026-11-23T08:59:00Z"), "Europe/London")).toBeNull();
    // summer: 09:00 BST == 08:00Z
    expect(latestSlot(s, new Date("2026-06-01T08:00:00Z"), "Europe/London")?.at.toISOString()).toBe("2026-06-01T08:00:00.000Z");
    // missed while down: still found a few hours later the same day
    expect(latestSlot(s, new Date("2026-11-23T13:30:00Z"), "Europe/London")?.at.toISOString()).toBe("2026-11-23T09:00:00.000Z");
  });

  it("cron expressions and bad input", () => {
    const s = parseSchedule("30 8 * * 1-5");
    expect(latestSlot(s, new Date("2026-11-24T08:30:00Z"), "Europe/London")?.localDate).toBe("2026-11-24");
    expect(latestSlot(s, new Date("2026-11-22T08:45:00Z"), "Europe/London", 60)).toBeNull(); // Sunday
    expect(parseSchedule("WEEKDAYS 17:00").dow).toEqual(new Set([1, 2, 3, 4, 5]));
    expect(() => parseSchedule("every monday")).toThrow(/neither "MON 09:00" nor a 5-field cron/);
    expect(() => parseSchedule("61 9 * * 1")).toThrow(/bad minute "61"/);
  });
});

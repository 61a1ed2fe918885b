// The deterministic parser: phrasings -> queries (dates resolved against a fixed as-of, Sunday 22 Nov 2026).
import { describe, expect, it } from "vitest";
import { parseQuestion } from "../../src/core/questions/query.js";

const AS_OF = "2026-11-22";

const CASES: [string, Record<string, unknown>][] = [
  ["what is overdue in priority 3", { kind: "list", overdue: true, section: { number: "3", word: "priority" } }],
  ["What's overdue in Theme 2?", { kind: "list", overdue: true, section: { number: "2", word: "theme" } }],
  ["overdue in workstream 4", { kind: "list", overdue: true, section: { number: "4", word: "workstream" } }],
  ["what is overdue in early help", { kind: "list", overdue: true, section: { text: "early help" } }],
  ["what's due next week", { kind: "list", due: { from: "2026-11-23", to: "2026-11-29", label: "next week" } }],
  ["what is due this week", { kind: "list", due: { from: "2026-11-22", to: "2026-11-22", label: "this week" } }],
  ["what is due this month for Kara", { kind: "list", due: { from: "2026-11-22", to: "2026-11-30" }, owner: { name: "kara" } }],
  ["what is due in the next 30 days", { kind: "list", due: { from: "2026-11-22", to: "2026-12-22" } }],
  ["what is due in March", { kind: "list", due: { from: "2027-03-01", to: "2027-03-31" } }],
  ["show at risk actions in theme 2", { kind: "list", statuses: [{ word: "at risk", status: "at_risk" }], section: { number: "2" } }],
  ["which actions are red", { kind: "list", statuses: [{ word: "red", status: "off_track" }] }],
  [
    "which are amber or red",
    {
      kind: "list",
      statuses: [
        { word: "red", status: "off_track" },
        { word: "amber", status: "at_risk" },
      ],
    },
  ],
  ["which milestones are rated 2", { kind: "list", statuses: [{ word: "2", status: "unknown" }] }],
  ["status of 6.5", { kind: "status_of", target: { ref: "6.5" } }],
  ["how is N7 going", { kind: "status_of", target: { ref: "N7" } }],
  ["how's the workforce strategy going", { kind: "status_of", target: { text: "the workforce strategy" } }],
  ["6.5?", { kind: "status_of", target: { ref: "6.5" } }],
  ["who hasn't updated", { kind: "not_updated" }],
  ["who has not updated in priority 2", { kind: "not_updated", section: { number: "2" } }],
  ["missing updates", { kind: "not_updated" }],
  ["what changed since last week", { kind: "changed", since: { date: "2026-11-15", label: "since last week" } }],
  ["what's changed since the last digest", { kind: "changed", since: { date: null } }],
  ["what slipped", { kind: "slipped" }],
  ["what has slipped in priority 1", { kind: "slipped", section: { number: "1" } }],
  ["summary of priority 4", { kind: "summary", section: { number: "4" } }],
  ["how is priority 4 going", { kind: "summary", section: { number: "4" } }],
  ["give me an overview", { kind: "summary" }],
  ["what's overdue for me", { kind: "list", overdue: true, owner: { me: true } }],
  ["what do I have due next week", { kind: "list", owner: { me: true }, due: { label: "next week" } }],
  ["my overdue items", { kind: "list", overdue: true, owner: { me: true } }],
  ["what is overdue all", { kind: "list", overdue: true, all: true }],
  ["show all overdue actions", { kind: "list", overdue: true, all: true }],
  ["what is Kara working on", { kind: "list", owner: { name: "kara" } }],
  ["help", { kind: "help" }],
  ["", { kind: "help" }],
  ["the weather in London", { kind: "unknown" }],
  ["banana", { kind: "unknown" }],
];

describe("parseQuestion", () => {
  it.each(CASES)("%s", (q, expected) => {
    expect(parseQuestion(q, AS_OF)).toMatchObject(expected);
  });

  it("keeps the asked text for the 'all' hint and never throws on odd input", () => {
    expect(parseQuestion("What is OVERDUE in Priority 3?? all", AS_OF).asked).toBe("what is overdue in priority 3");
    for (const s of ["'", "\u0000", "in in in", "for for", "priority", "due due due", "status of", "x".repeat(5000)]) {
      expect(() => parseQuestion(s, AS_OF)).not.toThrow();
    }
  });
});

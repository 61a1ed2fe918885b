// How a reminder reads comes from the items' own dates in the recipient's time zone (core/cards/due-wording.ts),
// on Slack and Teams alike: a catch-up for a "due" reminder whose day has passed reads "1 day overdue", never
// "Due today ... is due today".
import { describe, expect, it } from "vitest";
import { renderMessage } from "../../src/adapters/slack/render.js";
import { renderAdaptiveCard } from "../../src/adapters/teams/render.js";
import { dueSentence } from "../../src/core/cards/due-wording.js";
import { type Card, cardToText, reminderCards } from "../../src/core/cards/index.js";
import { DEFAULT_POLICY, type PlannerInput, planReminders } from "../../src/core/reminders/index.js";
import { SCALES } from "../../src/core/status.js";

function input(now: string, timeZone: string, due = "2018-01-31"): PlannerInput {
  return {
    now: new Date(now),
    history: [],
    people: new Map([["kara", { id: "kara", name: "Kara", timeZone, nation: "ENG", deputyId: null, awayUntil: null }]]),
    plans: [
      {
        id: "p",
        key: "thurrock",
        name: "Thurrock Plan",
        scale: SCALES.numeric5,
        policy: DEFAULT_POLICY,
        status: "live",
        liveFrom: null,
        boards: [],
        milestones: [
          {
            id: "m1",
            actionId: "a1",
            ref: "3.1",
            sectionLabel: "Priority 3",
            sectionNumber: "3",
            actionTitle: "Permanence",
            title: "Tracker live",
            due,
            dueRaw: "Jan-18",
            status: "on_track",
            statusLabel: null,
            paused: false,
            snoozedUntil: null,
            ownerIds: ["kara"],
            leadIds: [],
            lastUpdateAt: null,
          },
        ],
      },
    ],
  };
}

/** the one reminder's card, and how it reads on each platform */
function planned(i: PlannerInput) {
  const [r] = planReminders(i);
  expect(r).toBeDefined();
  const card = reminderCards(r!.view)[0] as Card;
  const slack = JSON.stringify(renderMessage(card).pages);
  const teams = JSON.stringify(renderAdaptiveCard(card));
  return { kind: r!.kind, card, text: cardToText(card), slack, teams };
}

describe("due wording", () => {
  it("a catch-up of a due-day reminder one day late reads overdue, on both platforms", () => {
    // Thursday 1 Feb 2018 10:00 London; the Wednesday due-day reminder was never sent (downtime)
    const p = planned(input("2018-02-01T10:00:00Z", "Europe/London"));
    expect(p.kind).toBe("due");
    expect(p.card.title).toBe("Overdue: Thurrock Plan");
    expect(p.text).toContain("this milestone in Thurrock Plan is 1 day overdue and not marked complete");
    expect(p.text).toContain("31 Jan 2018 (1 day overdue)");
    for (const out of [p.text, p.slack, p.teams]) expect(out.toLowerCase()).not.toContain("due today");
    expect(p.slack).toContain("1 day overdue");
    expect(p.teams).toContain("1 day overdue");
  });

  it("due today reads due today; coming up reads in N days", () => {
    const today = planned(input("2018-01-31T10:00:00Z", "Europe/London"));
    expect(today.card.title).toBe("Due today: Thurrock Plan");
    expect(today.text).toContain("is due today. What is the status?");
    expect(today.teams).toContain("31 Jan 2018 (today)");
    // 3 working days before: Friday 26 Jan
    const soon = planned(input("2018-01-26T10:00:00Z", "Europe/London"));
    expect(soon.card.title).toBe("Coming up: Thurrock Plan");
    expect(soon.text).toContain("is due in 5 days. How is it going?");
    expect(soon.slack).toContain("(in 5 days)");
  });

  it("counts days from the recipient's own today: 21:00 in London is already tomorrow in Auckland", () => {
    // 31 Jan 21:00 UTC = 1 Feb 10:00 in Auckland (in its delivery window); due 31 Jan: one day late there
    const nz = planned(input("2018-01-31T21:00:00Z", "Pacific/Auckland"));
    expect(nz.text).toContain("1 day overdue");
    expect(nz.card.title).toBe("Overdue: Thurrock Plan");
  });

  it("several items say how each stands", () => {
    const f = (daysToDue: number) => ({ due: "2018-01-31", dueRaw: null, daysToDue });
    expect(dueSentence([f(-2), f(0), f(0), f(3)], "P")).toBe(
      "of these 4 milestones in P, 1 is overdue, 2 are due today and 1 is coming up. Please update the status or give a revised date.",
    );
    expect(dueSentence([f(-2), f(-1)], "P")).toBe("these 2 milestones in P are overdue. Please update the status or give a revised date.");
    expect(dueSentence([f(1)], "P")).toBe("this milestone in P is due tomorrow. How is it going?");
    const [card] = reminderCards({
      kind: "upcoming",
      planName: "P",
      scale: SCALES.rag,
      recipientName: "Kara",
      items: [-1, 4].map((d, i) => ({
        milestoneId: `m${i}`,
        sectionLabel: null,
        ref: null,
        actionTitle: "A",
        milestoneTitle: `M${i}`,
        due: "2018-01-31",
        dueRaw: null,
        daysToDue: d,
        status: "on_track" as const,
        statusLabel: null,
        lastUpdateAt: null,
        owners: [],
      })),
    });
    expect(card?.title).toBe("Overdue: P");
  });
});

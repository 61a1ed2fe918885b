// Contract between the two renderers: the same core Cards through Slack (Block Kit) and Teams (Adaptive
// Cards) must offer the same actions (same actionId strings, so a click means the same thing on both), the
// same form inputs with the same ids and choices, and the same notification/fallback text.
import { describe, expect, it } from "vitest";
import { renderMessage, renderModal } from "../../src/adapters/slack/render.js";
import { executeActions, inputElements, renderAdaptiveCard } from "../../src/adapters/teams/render.js";
import { actionId, DETAIL_INPUTS, parseActionId } from "../../src/core/cards/actions.js";
import type { Card } from "../../src/core/cards/model.js";
import { detailCard, messageCard, recordedCard, reminderCards } from "../../src/core/cards/reminder.js";
import { SCALE_IDS, scaleOf } from "../../src/core/status.js";

type Node = Record<string, unknown>;

const unescapeSlack = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, visit);
    return;
  }
  if (!node || typeof node !== "object") return;
  visit(node as Node);
  for (const v of Object.values(node)) if (v && typeof v === "object") walk(v, visit);
}

/** Every actionId a person can trigger on the Slack message (buttons; menus expand to one per option). */
function slackActions(card: Card): string[] {
  const out: string[] = [];
  for (const page of renderMessage(card).pages)
    walk(page, (n) => {
      if (typeof n.action_id !== "string") return;
      const parsed = parseActionId(n.action_id);
      if (!parsed) return;
      if (n.type === "button") out.push(n.action_id);
      else if (n.type === "static_select" || n.type === "overflow")
        for (const o of (n.options as { value: string }[]) ?? []) out.push(actionId({ ...parsed, value: o.value }));
    });
  return out.sort();
}

function teamsActions(card: Card): string[] {
  return executeActions(renderAdaptiveCard(card))
    .map((a) => a.verb as string)
    .sort();
}

function reminderFor(scale: string, items = 2): Card {
  return reminderCards({
    kind: "overdue",
    planName: "Thurrock Development Plan 2017-19",
    scale: scaleOf(scale),
    recipientName: "Kara Haskayne",
    onBehalfOf: null,
    items: Array.from({ length: items }, (_, i) => ({
      milestoneId: `ms${i}`,
      sectionLabel: "3. Permanence & stability",
      ref: `3.${i + 1}`,
      actionTitle: "Permanence planning at 4 months <review>",
      milestoneTitle: `Tracker live & audited ${i}`,
      due: "2018-01-31",
      dueRaw: "Jan-18",
      daysToDue: -5,
      status: "at_risk" as const,
      statusLabel: null,
      lastUpdateAt: null,
      owners: ["Kara Haskayne"],
    })),
  })[0] as Card;
}

function detailFor(scale: string): Card {
  return detailCard({
    milestoneId: "ms0",
    planName: "Plan",
    scale: scaleOf(scale),
    ref: "6.5",
    milestoneTitle: "Legal gateway reviewed",
    due: "2023-08-31",
    current: { [DETAIL_INPUTS.status]: scaleOf(scale).options[0]?.id },
    errors: { [DETAIL_INPUTS.revisedReason]: "Give a reason for the new date." },
  });
}

const cards: [string, Card][] = [
  ...SCALE_IDS.map((s) => [`reminder (${s})`, reminderFor(s)] as [string, Card]),
  ["reminder, 8 items", reminderFor("rag", 8)],
  [
    "recorded",
    recordedCard({
      milestoneId: "ms0",
      planName: "Devon CSC Improvement Plan 2017/18",
      scale: scaleOf("brag"),
      ref: "1.1",
      milestoneTitle: "Structure agreed",
      status: "complete",
      statusLabel: "Blue",
      byName: "Dave Deputy",
      onBehalfOf: "Kara Haskayne",
      at: "10:12",
      narrative: "Signed off at SMT",
      revisedDue: "2018-03-31",
    }),
  ],
  ["answer", messageCard("answer", "3 overdue in Priority 3", ["3.1 Tracker live — 5 days overdue", "3.2 Legal gateway — 2 days overdue"])],
];

describe("cards contract: Slack and Teams renderers agree", () => {
  for (const [name, card] of cards) {
    it(`${name}: same actions and fallback text`, () => {
      const slack = slackActions(card);
      const teams = teamsActions(card);
      expect(teams).toEqual(slack);
      for (const id of teams) expect(parseActionId(id)).not.toBeNull();
      // the same notification text, escaped for Slack (which parses it) and plain for Teams (which does not)
      expect(renderAdaptiveCard(card).fallbackText).toBe(unescapeSlack(renderMessage(card).text));
    });
  }

  it("reminders offer every option of the plan's own scale on both platforms", () => {
    for (const s of SCALE_IDS) {
      const want = scaleOf(s)
        .options.map((o) => actionId({ kind: "status", milestoneId: "ms0", value: o.id }))
        .sort();
      const got = (list: string[]) => list.filter((a) => a.startsWith("rt|status|ms0|")).sort();
      expect(got(teamsActions(reminderFor(s)))).toEqual(want);
      expect(got(slackActions(reminderFor(s)))).toEqual(want);
    }
  });

  for (const s of SCALE_IDS) {
    it(`detail form (${s}): same input ids, same status choices, same submit action`, () => {
      const card = detailFor(s);
      const modal = renderModal(card, { m: "ms0", s, tz: "Europe/London" });
      const slackInputs: { id: string; choices: string[] }[] = [];
      for (const b of modal.blocks as Node[]) {
        if (b.type !== "input") continue;
        const el = b.element as Node;
        slackInputs.push({ id: el.action_id as string, choices: ((el.options as { value: string }[]) ?? []).map((o) => o.value) });
      }
      const teamsInputs = inputElements(renderAdaptiveCard(card)).map((i) => ({
        id: i.id as string,
        choices: ((i.choices as { value: string }[]) ?? []).map((c) => c.value),
      }));
      expect(teamsInputs).toEqual(slackInputs);
      expect(teamsInputs.map((i) => i.id)).toEqual(Object.values(DETAIL_INPUTS));
      expect(teamsInputs[0]?.choices).toEqual(scaleOf(s).options.map((o) => o.id));
      // both show the validation error next to its input
      expect(JSON.stringify(modal)).toContain("Give a reason for the new date.");
      expect(JSON.stringify(renderAdaptiveCard(card))).toContain("Give a reason for the new date.");
      expect(teamsActions(card)).toEqual([actionId({ kind: "submit_detail", milestoneId: "ms0" })]);
    });
  }
});

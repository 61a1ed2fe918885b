// Every card the core can produce renders to valid Block Kit within Slack's limits, keeps every item and
// character (split, never cut), and carries the shared action ids / input ids.
import { describe, expect, it } from "vitest";
import { blockKitProblems, LIMITS, type SlackBlock } from "../../src/adapters/slack/limits.js";
import { formValuesFromState, renderMessage, renderModal, splitText } from "../../src/adapters/slack/render.js";
import {
  actionId,
  type Card,
  cardButtons,
  DETAIL_INPUTS,
  detailCard,
  messageCard,
  parseActionId,
  type ReminderItemView,
  type ReminderKind,
  recordedCard,
  reminderCards,
} from "../../src/core/cards/index.js";
import { SCALE_IDS, SCALES } from "../../src/core/status.js";

const LONG = "Ensure that all children & young people <in care> have an up-to-date plan reviewed by an IRO ".repeat(40); // ~3,700 chars

function items(n: number, longText = false): ReminderItemView[] {
  return Array.from({ length: n }, (_, i) => ({
    milestoneId: `cm${String(i).padStart(23, "x")}`,
    sectionLabel: `Priority ${(i % 6) + 1}: Improve the quality of practice`,
    ref: `${(i % 6) + 1}.${i + 1}`,
    actionTitle: longText && i === 0 ? LONG : `Action ${i + 1} title`,
    milestoneTitle: longText && i === 0 ? LONG : `Milestone ${i + 1}: audit of case files & supervision`,
    due: "2026-12-01",
    dueRaw: "Dec-26",
    daysToDue: 7 - i,
    status: "at_risk",
    statusLabel: null,
    lastUpdateAt: i % 2 ? "2026-11-01T10:00:00Z" : null,
    owners: ["Kara Haskayne"],
  }));
}

/** the visible text of blocks with Slack's escapes undone */
function visibleText(blocks: SlackBlock[]): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if ((o.type === "mrkdwn" || o.type === "plain_text") && typeof o.text === "string") out.push(o.text);
      else for (const x of Object.values(o)) walk(x);
    }
  };
  walk(blocks);
  return out.join("").replace(/\n/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function actionIdsOf(blocks: SlackBlock[]): string[] {
  const ids: string[] = [];
  for (const b of blocks) {
    for (const el of ((b.elements as Record<string, unknown>[]) ?? []).filter((e) => "action_id" in e)) ids.push(el.action_id as string);
    if (b.type === "input") ids.push((b.element as { action_id: string }).action_id);
  }
  return ids;
}

function expectValidMessage(card: Card) {
  const r = renderMessage(card);
  expect(r.pages.length).toBeGreaterThan(0);
  expect(r.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
  for (const page of r.pages) expect(blockKitProblems(page, LIMITS.messageBlocks)).toEqual([]);
  // every button of the card is on some page, with the shared action id
  const ids = r.pages.flatMap(actionIdsOf);
  for (const b of cardButtons(card)) if (b.kind !== "submit_detail") expect(ids).toContain(actionId(b));
  return r;
}

describe("Slack renderer: every core card is valid Block Kit", () => {
  const kinds: ReminderKind[] = ["upcoming", "due", "overdue", "escalation", "cycle"];
  for (const scaleId of SCALE_IDS) {
    for (const n of [1, 30]) {
      it(`reminder cards, ${n} item(s), ${scaleId} scale`, () => {
        const scale = SCALES[scaleId];
        for (const kind of kinds) {
          const cards = reminderCards({
            kind,
            planName: "Thurrock Children's Social Care Development Plan 2017-19",
            scale,
            recipientName: "Kara",
            items: items(n),
            meeting: "2026-12-03",
          });
          const all = cards.flatMap((c) => expectValidMessage(c).pages).flat();
          // nothing dropped: every milestone title appears, every status option has a button per item
          const text = visibleText(all);
          for (const it of items(n)) expect(text).toContain(it.milestoneTitle);
          const ids = actionIdsOf(all);
          expect(ids.filter((id) => parseActionId(id)?.kind === "status")).toHaveLength(n * scale.options.length);
          expect(ids.filter((id) => parseActionId(id)?.kind === "snooze")).toHaveLength(n);
        }
      });
    }
  }

  it("status buttons carry the plan's labels, its meaning for accessibility, and parse back to the option", () => {
    const [card] = reminderCards({ kind: "due", planName: "Thurrock", scale: SCALES.numeric5, recipientName: "Kara", items: items(1) });
    const page = renderMessage(card as Card).pages[0] as SlackBlock[];
    const actions = page.find((b) => b.type === "actions") as SlackBlock;
    const buttons = (actions.elements as Record<string, unknown>[]).filter((e) => e.type === "button");
    // bare numbers carry the plan key's meaning (Thurrock's 1-5)
    expect(buttons.map((b) => (b.text as { text: string }).text).slice(0, 5)).toEqual([
      "1 · Significant delay",
      "2 · Some delay",
      "3 · On track",
      "4 · Complete, monitoring",
      "5 · Complete, can close",
    ]);
    expect(buttons[0]?.accessibility_label).toBe("1 · Significant delay: Not started or significant delay");
    expect(parseActionId(buttons[2]?.action_id as string)).toEqual({ kind: "status", milestoneId: items(1)[0]?.milestoneId, value: "3" });
    expect(buttons[2]?.value).toBe("3");
    const select = (actions.elements as Record<string, unknown>[]).find((e) => e.type === "static_select");
    expect(((select?.options ?? []) as { value: string }[]).map((o) => o.value)).toEqual(["tomorrow", "3days", "next_week"]);
  });

  it("a 3,700-character title is split across sections, not cut", () => {
    const cards = reminderCards({ kind: "due", planName: "Plan", scale: SCALES.rag, recipientName: "Kara", items: items(2, true) });
    const r = expectValidMessage(cards[0] as Card);
    const text = visibleText(r.pages.flat());
    expect(text).toContain(LONG.replace(/\n/g, ""));
  });

  it("recorded, message and detail cards", () => {
    const rec = recordedCard({
      milestoneId: "m1",
      planName: "Devon",
      scale: SCALES.rag,
      ref: "1.1",
      milestoneTitle: "Audit",
      status: "at_risk",
      statusLabel: "Amber",
      byName: "Kara",
      at: "10:12",
      narrative: LONG,
      revisedDue: "2027-01-31",
    });
    const r = expectValidMessage(rec);
    expect(visibleText(r.pages.flat())).toContain("Amber recorded by Kara at 10:12");
    // scoped rendering: every block belongs to the milestone (so chat.update can replace just it)
    const scoped = renderMessage(rec, { milestoneId: "m1", rev: "7" }).pages.flat();
    expect(scoped.every((b) => String(b.block_id).split("|")[1] === "m1")).toBe(true);

    const lines = Array.from({ length: 120 }, (_, i) => `Line ${i + 1}: ${"x".repeat(200)}`);
    const msg = expectValidMessage(messageCard("answer", "Overdue in Priority 3", lines));
    expect(msg.pages.length).toBeGreaterThan(1);
    expect(visibleText(msg.pages.flat())).toContain("Line 120:");
  });

  for (const scaleId of SCALE_IDS) {
    it(`detail modal (${scaleId}) with errors uses the shared input ids and fits a modal`, () => {
      const card = detailCard({
        milestoneId: "m1",
        planName: "Telford",
        scale: SCALES[scaleId],
        ref: "6.5",
        milestoneTitle: LONG.slice(0, 500),
        due: "2026-12-01",
        current: { status: SCALES[scaleId].options[0]?.id, narrative: "Going well" },
        errors: { revised_due: "A revised due date cannot be in the past." },
      });
      const view = renderModal(card, { m: "m1", s: scaleId, tz: "Europe/London", c: "D1", t: "1.2" }) as {
        blocks: SlackBlock[];
        title: { text: string };
        private_metadata: string;
      };
      expect(blockKitProblems(view.blocks, LIMITS.modalBlocks)).toEqual([]);
      expect(view.title.text.length).toBeLessThanOrEqual(LIMITS.modalTitle);
      const inputs = view.blocks.filter((b) => b.type === "input");
      expect(inputs.map((b) => b.block_id).sort()).toEqual(Object.values(DETAIL_INPUTS).sort());
      for (const b of inputs) expect((b.element as { action_id: string }).action_id).toBe(b.block_id);
      expect(visibleText(view.blocks)).toContain("A revised due date cannot be in the past.");
      expect(JSON.parse(view.private_metadata)).toMatchObject({ m: "m1", s: scaleId });
    });
  }

  it("reads a submitted modal's state back into form values", () => {
    const values = formValuesFromState({
      status: { status: { type: "radio_buttons", selected_option: { value: "amber" } } },
      narrative: { narrative: { type: "plain_text_input", value: "Recruited 3 staff" } },
      revised_due: { revised_due: { type: "datepicker", selected_date: "2027-02-01" } },
      percent_complete: { percent_complete: { type: "number_input", value: null } },
    });
    expect(values).toEqual({ status: "amber", narrative: "Recruited 3 staff", revised_due: "2027-02-01" });
  });

  it("splitText never loses or cuts an escape", () => {
    const s = `${"a&amp;b ".repeat(700)}end`;
    const parts = splitText(s, 100);
    expect(parts.join("").replace(/\s/g, "")).toBe(s.replace(/\s/g, ""));
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(100);
      expect(p).not.toMatch(/&(a|am|amp)?$/);
    }
  });
});

// What each platform shows after a click in the playground, from the real renderers: Slack replaces only the
// clicked item's blocks (as chat.update does in the listener), Teams replaces the whole card.
import { describe, expect, it } from "vitest";
import type { Card } from "../../src/core/cards/model.js";
import { editCard, refusalCard } from "../../src/core/cards/outcomes.js";
import { detailCard, recordedCard, statusButtons } from "../../src/core/cards/reminder.js";
import { scaleOf } from "../../src/core/status.js";
import { slackResult, slackView, teamsResult, teamsView } from "../../src/playground/views.js";

const rag = scaleOf("rag");
const item = (id: string, title: string) => ({
  type: "item" as const,
  milestoneId: id,
  title,
  fields: [{ label: "Due", value: "6 Dec 2026" }],
  buttons: statusButtons(rag, id),
  menus: [],
});
const reminder: Card = {
  purpose: "reminder",
  title: "Coming up",
  fallback: "Coming up: 2 milestones",
  blocks: [
    { type: "text", text: "Hello — these 2 milestones are coming up." },
    item("m1", "Recruit & retain"),
    item("m2", "Audit <files>"),
  ],
};
const view = { milestoneId: "m1", planName: "Demo", scale: rag, ref: "1.1", milestoneTitle: "Recruit & retain", due: "2026-12-06" };
const recorded = recordedCard({ ...view, status: "at_risk", statusLabel: "Amber", byName: "Janet Simon", at: "09:30" });
// act's outcomes (services/act.ts), as the one interaction service returns them
const card = (c: Card) => ({ kind: "card" as const, card: c, milestoneId: "m1", result: {} });
const form = { kind: "form" as const, card: detailCard(view), milestoneId: "m1", scaleId: "rag", timeZone: "Europe/London", result: {} };
const refused = {
  kind: "refusal" as const,
  reason: "forbidden" as const,
  card: refusalCard("forbidden", "Only the owner can."),
  result: {},
};

describe("playground views", () => {
  it("a message is the Slack messenger's blocks and the Teams messenger's card, escaped per platform", () => {
    const s = slackView(reminder);
    expect(JSON.stringify(s.blocks)).toContain("Recruit &amp; retain");
    expect(JSON.stringify(s.blocks)).toContain("Audit &lt;files&gt;");
    const t = teamsView(reminder, false, "p1");
    expect(t.card.type).toBe("AdaptiveCard");
    expect(JSON.stringify(t.card)).toContain("Action.Execute");
  });

  it("Slack: a recorded status replaces only that item's blocks; the other item keeps its buttons", () => {
    const before = slackView(reminder).blocks;
    const r = slackResult(card(recorded), before, "m1", "2", { messageId: "o1" });
    expect(r.kind).toBe("update");
    const text = JSON.stringify(r.kind === "update" ? r.blocks : []);
    expect(text).toContain("Amber recorded by Janet Simon at 09:30");
    expect(text).toContain("rt|status|m2|");
    expect(text).not.toContain("rt|status|m1|");
  });

  it("Slack: the form opens as a modal bound to the message; a refusal is an ephemeral line", () => {
    const before = slackView(reminder).blocks;
    const modal = slackResult(form, before, "m1", "2", { messageId: "o1" });
    expect(modal.kind).toBe("modal");
    const meta = JSON.parse(String(modal.kind === "modal" ? modal.view.private_metadata : "{}"));
    expect(meta).toEqual({ m: "m1", s: "rag", tz: "Europe/London", c: "playground", t: "o1", o: 0 });
    const no = slackResult(refused, before, "m1", "2", { messageId: "o1" });
    expect(no).toEqual({ kind: "ephemeral", text: "You can't update this milestone: Only the owner can." });
  });

  it("Teams: the whole card is replaced, as the invoke handler answers: Edit gives the status choices, Add detail the inline form, a refusal a read-only card", () => {
    expect(JSON.stringify(teamsResult(card(recorded), "o1:2"))).toContain("Amber recorded by Janet Simon at 09:30");
    const edit = JSON.stringify(teamsResult(card(editCard(view)), "o1:2"));
    expect(edit).toContain("rt|status|m1|");
    const inline = JSON.stringify(teamsResult(form, "o1:2"));
    expect(inline).toContain("Input.ChoiceSet");
    expect(inline).toContain("rt|submit_detail|m1|");
    const no = JSON.stringify(teamsResult(refused, "o1:2"));
    expect(no).toContain("You can't update this milestone");
    expect(no).not.toContain("Action.Execute");
  });
});

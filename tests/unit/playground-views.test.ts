// What each platform shows after a click in the playground, from the real renderers: Slack replaces only the
// clicked item's blocks (as chat.update does in the listener), Teams replaces the whole card.
import { describe, expect, it } from "vitest";
import type { Card } from "../../src/core/cards/model.js";
import { recordedCard, statusButtons } from "../../src/core/cards/reminder.js";
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
    const r = slackResult({ kind: "card", card: recorded }, before, "m1", "2", { tz: "Europe/London", messageId: "o1" });
    expect(r.kind).toBe("update");
    const text = JSON.stringify(r.kind === "update" ? r.blocks : []);
    expect(text).toContain("Amber recorded by Janet Simon at 09:30");
    expect(text).toContain("rt|status|m2|");
    expect(text).not.toContain("rt|status|m1|");
  });

  it("Slack: the form opens as a modal bound to the message; a refusal is an ephemeral line", () => {
    const before = slackView(reminder).blocks;
    const modal = slackResult({ kind: "form", view }, before, "m1", "2", { tz: "Europe/London", messageId: "o1" });
    expect(modal.kind).toBe("modal");
    const meta = JSON.parse(String(modal.kind === "modal" ? modal.view.private_metadata : "{}"));
    expect(meta).toEqual({ m: "m1", s: "rag", tz: "Europe/London", c: "playground", t: "o1", o: 0 });
    const no = slackResult({ kind: "refused", title: "No", text: "Only the owner can." }, before, "m1", "2", {
      tz: "UTC",
      messageId: "o1",
    });
    expect(no).toEqual({ kind: "ephemeral", text: "Only the owner can." });
  });

  it("Teams: the whole card is replaced; Edit and Add detail give the inline form, a refusal an error card", () => {
    expect(JSON.stringify(teamsResult({ kind: "card", card: recorded }))).toContain("Amber recorded by Janet Simon at 09:30");
    const form = JSON.stringify(teamsResult({ kind: "edit", card: recorded, view }));
    expect(form).toContain("Input.ChoiceSet");
    expect(form).toContain("rt|submit_detail|m1|");
    expect(JSON.stringify(teamsResult({ kind: "refused", title: "You can't update this milestone", text: "x" }))).toContain(
      "You can't update this milestone",
    );
  });
});

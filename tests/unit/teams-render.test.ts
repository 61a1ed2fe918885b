// Card -> Adaptive Card 1.5 and back (invoke value -> Submission), without any network.
import { describe, expect, it } from "vitest";
import { type AcElement, executeActions, inputElements, renderAdaptiveCard } from "../../src/adapters/teams/render.js";
import { invokeKey, parseInvokeValue } from "../../src/adapters/teams/submission.js";
import { actionId, DETAIL_INPUTS, parseActionId } from "../../src/core/cards/actions.js";
import { detailCard, recordedCard, reminderCards } from "../../src/core/cards/reminder.js";
import { scaleOf } from "../../src/core/status.js";

const item = (milestoneId: string) => ({
  milestoneId,
  sectionLabel: "Priority 3",
  ref: "3.1",
  actionTitle: "Permanence planning",
  milestoneTitle: "Tracker live",
  due: "2018-01-31",
  dueRaw: "Jan-18",
  daysToDue: -3,
  status: "at_risk" as const,
  statusLabel: "2",
  lastUpdateAt: "2018-01-10T10:00:00Z",
  owners: ["Kara Haskayne"],
});

function reminder(scale: string, n = 1) {
  return reminderCards({
    kind: "overdue",
    planName: "Thurrock Development Plan 2017-19",
    scale: scaleOf(scale),
    recipientName: "Kara",
    items: Array.from({ length: n }, (_, i) => item(`m${i + 1}`)),
  })[0]!;
}

describe("renderAdaptiveCard", () => {
  it("renders a reminder as version 1.5 with one Action.Execute per scale option, verbs from actionId", () => {
    const ac = renderAdaptiveCard(reminder("numeric5"));
    expect(ac.version).toBe("1.5");
    expect(ac.type).toBe("AdaptiveCard");
    expect(ac.fallbackText).toContain("Overdue: Thurrock Development Plan 2017-19");
    const actions = executeActions(ac);
    for (const a of actions) {
      expect(parseActionId(a.verb as string)).not.toBeNull();
      expect((a.data as { rt: string }).rt).toBe(a.verb);
    }
    const status = actions.filter((a) => parseActionId(a.verb as string)?.kind === "status");
    expect(status.map((a) => a.title)).toEqual([
      "1 · Significant delay",
      "2 · Some delay",
      "3 · On track",
      "4 · Complete, monitoring",
      "5 · Complete, can close",
    ]);
    expect(status.map((a) => a.tooltip)).toContain("Completed and sustained; can be removed");
    const snooze = actions
      .filter((a) => parseActionId(a.verb as string)?.kind === "snooze")
      .map((a) => parseActionId(a.verb as string)?.value);
    expect(snooze).toEqual(["tomorrow", "3days", "next_week"]);
    expect(actions.map((a) => a.verb)).toContain(actionId({ kind: "not_mine", milestoneId: "m1" }));
    // the text of the item: due date with days overdue, last status in the plan's words
    const json = JSON.stringify(ac);
    expect(json).toContain("31 Jan 2018 (3 days overdue)");
    expect(json).toContain("Last status: 2 (started with some delay)");
  });

  it("keeps each action set within Teams' 6-action limit (Blackpool has 6 options)", () => {
    const ac = renderAdaptiveCard(reminder("blackpool"));
    const sets: AcElement[] = [];
    const walk = (n: unknown) => {
      if (Array.isArray(n)) return n.forEach(walk);
      if (n && typeof n === "object") {
        if ((n as AcElement).type === "ActionSet") sets.push(n as AcElement);
        Object.values(n).forEach(walk);
      }
    };
    walk(ac.body);
    expect(sets.length).toBeGreaterThanOrEqual(2);
    for (const s of sets) expect((s.actions as unknown[]).length).toBeLessThanOrEqual(6);
    expect(executeActions(ac).filter((a) => parseActionId(a.verb as string)?.kind === "status")).toHaveLength(6);
  });

  it("read mode shows the same content with nothing to press; refresh names the users", () => {
    const card = reminder("rag", 3);
    const ac = renderAdaptiveCard(card, { mode: "read", refresh: { userIds: ["8:orgid:aad-kara"], data: { outbox: "ob1" } } });
    expect(executeActions(ac).map((a) => a.title)).toEqual(["Update"]);
    expect(ac.refresh?.userIds).toEqual(["8:orgid:aad-kara"]);
    expect(ac.refresh?.action.data).toMatchObject({ outbox: "ob1" });
    expect(JSON.stringify(ac.body).match(/Tracker live/g)?.length).toBe(3);
    // dividers become separators between items
    expect(ac.body.filter((e) => e.separator === true)).toHaveLength(3);
  });

  it("renders the detail form with the DETAIL_INPUTS ids, the plan's scale and errors under their inputs", () => {
    const card = detailCard({
      milestoneId: "m1",
      planName: "Telford plan",
      scale: scaleOf("telford"),
      ref: "6.5",
      milestoneTitle: "Legal gateway",
      due: "2023-08-31",
      current: { [DETAIL_INPUTS.status]: "behind", [DETAIL_INPUTS.percentComplete]: "50" },
      errors: { [DETAIL_INPUTS.evidenceUrl]: "Enter a full web address starting with https://" },
    });
    const ac = renderAdaptiveCard(card);
    const inputs = inputElements(ac);
    expect(inputs.map((i) => i.id)).toEqual(Object.values(DETAIL_INPUTS));
    const status = inputs[0] as { type: string; choices: { title: string; value: string }[]; value: string; isRequired: boolean };
    expect(status.type).toBe("Input.ChoiceSet");
    expect(status.choices.map((c) => c.value)).toEqual(["on_schedule", "behind", "overdue", "complete"]);
    expect(status.choices[1]?.title).toBe("In progress behind schedule — Behind schedule");
    expect(status.value).toBe("behind");
    expect(status.isRequired).toBe(true);
    expect(inputs.find((i) => i.id === DETAIL_INPUTS.percentComplete)).toMatchObject({ type: "Input.Number", min: 0, max: 100, value: 50 });
    expect(inputs.find((i) => i.id === DETAIL_INPUTS.revisedDue)?.type).toBe("Input.Date");
    expect(inputs.find((i) => i.id === DETAIL_INPUTS.evidenceUrl)).toMatchObject({ type: "Input.Text", style: "Url" });
    const ids = ac.body.map((e) => e.id ?? e.type);
    expect(ids[ids.indexOf(DETAIL_INPUTS.evidenceUrl) + 1]).toBe(`error-${DETAIL_INPUTS.evidenceUrl}`);
    expect(executeActions(ac).map((a) => a.verb)).toEqual([actionId({ kind: "submit_detail", milestoneId: "m1" })]);
  });

  it("a recorded card is a read-only summary with Edit, never a dead card", () => {
    const ac = renderAdaptiveCard(
      recordedCard({
        milestoneId: "m1",
        planName: "Devon plan",
        scale: scaleOf("rag"),
        ref: "1.1",
        milestoneTitle: "Structure agreed",
        status: "at_risk",
        statusLabel: "Amber",
        byName: "Kara",
        at: "10:12",
      }),
    );
    expect(inputElements(ac)).toHaveLength(0);
    expect(executeActions(ac).map((a) => a.title)).toEqual(["Edit", "Add detail"]);
    expect(ac.fallbackText).toBe("Amber recorded by Kara at 10:12 — Structure agreed");
  });

  it("renders tables as Adaptive Card tables with a header row", () => {
    const ac = renderAdaptiveCard({
      purpose: "digest",
      title: "Digest",
      fallback: "Digest",
      blocks: [{ type: "table", columns: ["Priority", "Red"], rows: [["3", "1"]] }],
    });
    const table = ac.body.find((e) => e.type === "Table") as { rows: unknown[]; firstRowAsHeader: boolean };
    expect(table.firstRowAsHeader).toBe(true);
    expect(table.rows).toHaveLength(2);
  });
});

describe("layout at Teams' card width", () => {
  it("lines of a text become separate TextBlocks (Adaptive Cards run single line breaks together)", () => {
    const ac = renderAdaptiveCard({
      purpose: "answer",
      title: "Overdue",
      fallback: "Overdue",
      blocks: [{ type: "text", text: "• 3.1 Tracker live\n• 3.2 Gateway reviewed\n\n• 6.5 Audit" }],
    });
    const lines = ac.body.slice(1).map((e) => e.text);
    expect(lines).toEqual(["• 3.1 Tracker live", "• 3.2 Gateway reviewed", "• 6.5 Audit"]);
    expect(ac.body.every((e) => e.type === "TextBlock" && !String(e.text).includes("\n"))).toBe(true);
  });

  it("a digest-wide table shows its first and last columns with widths, and the full table behind Open", () => {
    const columns = ["Priority", "Not started", "Red", "Amber", "Green", "Complete", "Score", "Trend"];
    const rows = [
      ["Priority 1: Leadership", "0", "1", "2", "3", "4", "2.4", "↑ from 2.1"],
      ["Priority 2: Practice", "1", "0", "5", "2", "0", "2.3", "–"],
    ];
    const ac = renderAdaptiveCard({ purpose: "digest", title: "Digest", fallback: "Digest", blocks: [{ type: "table", columns, rows }] });
    const table = ac.body.find((e) => e.type === "Table") as {
      columns: { width: number }[];
      rows: { cells: { items: { text: string }[] }[] }[];
    };
    const header = table.rows[0]?.cells.map((c) => c.items[0]?.text);
    expect(header).toEqual(["Priority", "Complete", "Score", "Trend"]);
    expect(table.columns.map((c) => c.width)).toEqual([3, 1, 1, 2]);
    const open = ac.body.find((e) => e.type === "ActionSet") as { actions: AcElement[] };
    expect(open.actions[0]).toMatchObject({ type: "Action.ShowCard", title: "Open the full table" });
    const full = JSON.stringify(open.actions[0]?.card);
    for (const c of columns.slice(1)) expect(full).toContain(`"title":"${c}"`);
    expect(full).toContain("Priority 2: Practice");
    expect(full).toContain('"value":"5"');
  });
});

describe("invoke parsing", () => {
  it("turns an Action.Execute invoke value back into the same Submission", () => {
    const verb = actionId({ kind: "submit_detail", milestoneId: "m9" });
    const parsed = parseInvokeValue({
      action: {
        type: "Action.Execute",
        verb,
        data: {
          rt: verb,
          [DETAIL_INPUTS.status]: "green",
          [DETAIL_INPUTS.narrative]: "Done",
          [DETAIL_INPUTS.percentComplete]: 80,
          other: "x",
        },
      },
      trigger: "manual",
    });
    expect(parsed).toEqual({
      kind: "action",
      trigger: "manual",
      submission: { kind: "submit_detail", milestoneId: "m9", values: { status: "green", narrative: "Done", percent_complete: "80" } },
    });
    expect(parseInvokeValue({ action: { verb: "something-else" } })).toEqual({ kind: "unknown", verb: "something-else" });
  });

  it("dedupes a double click but not a different person or a different card", () => {
    const value = { action: { verb: "rt|status|m1|green", data: { rt: "rt|status|m1|green" } } };
    const k = (fromId: string, replyToId: string) => invokeKey({ fromId, conversationId: "a:1", replyToId, value });
    expect(k("aad-1", "msg-1")).toBe(k("aad-1", "msg-1"));
    expect(k("aad-1", "msg-1")).not.toBe(k("aad-2", "msg-1"));
    expect(k("aad-1", "msg-1")).not.toBe(k("aad-1", "msg-2"));
  });
});

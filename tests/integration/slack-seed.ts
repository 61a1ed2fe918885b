// A small Thurrock-shaped plan written straight through Prisma for the Slack tests that do not need the
// whole imported fixture: one milestone due on Monday 23 Nov 2026, owned by Kara (Slack U0KARA); Bob
// (U0BOB) is on Slack but owns nothing; a second milestone owned by Kara for multi-item cards.
import { renderMessage } from "../../src/adapters/slack/render.js";
import { reminderCards } from "../../src/core/cards/reminder.js";
import { SCALES } from "../../src/core/status.js";
import type { Db } from "../../src/storage/db.js";
import { blockActionsPayload } from "./slack-harness.js";

export interface Seeded {
  planId: string;
  milestoneId: string;
  secondMilestoneId: string;
  kara: string;
  bob: string;
}

export async function seedSlackPlan(db: Db): Promise<Seeded> {
  const plan = await db.plan.create({
    data: {
      key: "thurrock",
      name: "Thurrock Children's Social Care Development Plan 2017-19",
      scale: "numeric5",
      timeZone: "Europe/London",
    },
  });
  const section = await db.section.create({
    data: {
      planId: plan.id,
      label: "Priority 3: Improve the quality of practice",
      number: "3",
      title: "Improve the quality of practice",
      position: 3,
    },
  });
  const action = await db.action.create({
    data: {
      planId: plan.id,
      sectionId: section.id,
      key: "3.1",
      ref: "3.1",
      title: "Embed the new supervision policy & audit cycle",
      position: 1,
    },
  });
  const kara = await db.person.create({
    data: { name: "Kara Haskayne", normName: "kara haskayne", slackUserId: "U0KARA", email: "kara@thurrock.gov.uk" },
  });
  const bob = await db.person.create({ data: { name: "Bob Jones", normName: "bob jones", slackUserId: "U0BOB" } });
  const due = new Date("2026-11-23T00:00:00Z");
  const m = await db.milestone.create({
    data: {
      actionId: action.id,
      key: "m1",
      title: "Quarterly case file audit completed",
      dueRaw: "23 November 2026",
      due,
      baselineDue: due,
      status: "at_risk",
      statusLabel: "2",
    },
  });
  const m2 = await db.milestone.create({
    data: {
      actionId: action.id,
      key: "m2",
      title: "Supervision compliance above 90%",
      dueRaw: "23 Nov 2026",
      due: new Date("2026-11-23T00:00:00Z"),
      baselineDue: new Date("2026-11-23T00:00:00Z"),
      status: "on_track",
      statusLabel: "3",
      position: 1,
    },
  });
  await db.milestoneOwner.createMany({
    data: [
      { milestoneId: m.id, personId: kara.id },
      { milestoneId: m2.id, personId: kara.id },
    ],
  });
  return { planId: plan.id, milestoneId: m.id, secondMilestoneId: m2.id, kara: kara.id, bob: bob.id };
}

/** The reminder DM for the seeded milestone as the Block Kit renderer posts it, and its status buttons. */
export function seededReminderMessage(seed: Seeded, ts = "1795000001.000001") {
  const [card] = reminderCards({
    kind: "due",
    planName: "Thurrock Children's Social Care Development Plan 2017-19",
    scale: SCALES.numeric5,
    recipientName: "Kara",
    items: [
      {
        milestoneId: seed.milestoneId,
        sectionLabel: "Priority 3",
        ref: "3.1",
        actionTitle: "Embed supervision policy",
        milestoneTitle: "Quarterly case file audit completed",
        due: "2026-11-23",
        dueRaw: null,
        daysToDue: 0,
        status: "at_risk",
        statusLabel: "2",
        lastUpdateAt: null,
        owners: ["Kara Haskayne"],
      },
    ],
  });
  const blocks = renderMessage(card as never).pages[0] as Record<string, unknown>[];
  const actions = blocks.find((b) => b.type === "actions") as { block_id: string; elements: Record<string, unknown>[] };
  const buttons = actions.elements.filter((e) => e.type === "button" && String(e.action_id).startsWith("rt|status|"));
  return { message: { ts, text: "Due today", blocks }, blockId: actions.block_id, elements: actions.elements, buttons };
}

/**
 * Kara's n-th status click on the seeded reminder DM. Each click comes from its own rendering (block id
 * `<block><tag><n>`) and has its own action_ts, so every one is a distinct interaction that records an update.
 */
export function seededClick(seed: Seeded, n: number, tag: string, tsSeconds: number): Record<string, unknown> {
  const { message, blockId, buttons } = seededReminderMessage(seed);
  return blockActionsPayload({
    user: "U0KARA",
    channel: "D0KARA",
    message,
    blockId: `${blockId}${tag}${n}`,
    element: buttons[n % buttons.length] as Record<string, unknown>,
    actionTs: `${tsSeconds}.${String(n).padStart(6, "0")}`,
  });
}

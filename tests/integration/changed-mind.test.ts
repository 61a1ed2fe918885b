// Two kinds of "same" (DESIGN.md): a redelivery or a double click on one rendering of a card is one answer; a
// person changing their mind is a new answer, always recorded. The owner answers Green (A), then Red (B), then
// Green (A) again, each time on the card they are looking at (Edit brings the buttons back), through the real
// Slack app and the real Teams app: three StatusUpdates, the milestone ends as A. Every answer's key holds the
// render version of the card it was given on (Slack: the item's block_id; Teams: `v` in the action data), so
// repeating a click on the same rendering, or the platform delivering it again, still records nothing new.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TeamsMessenger } from "../../src/adapters/teams/messenger.js";
import { type AcElement, executeActions, VERSION_KEY } from "../../src/adapters/teams/render.js";
import { actionId } from "../../src/core/cards/actions.js";
import { reminderCards } from "../../src/core/cards/reminder.js";
import { SCALES } from "../../src/core/status.js";
import type { Db } from "../../src/storage/db.js";
import type { StoredMessage } from "../fakes/slack-api.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { blockActionsPayload, findElement, type SlackHarness, startSlackHarness } from "./slack-harness.js";
import { type Seeded, seededReminderMessage, seedSlackPlan } from "./slack-seed.js";
import { type Harness, invokeActivity, startHarness } from "./teams.harness.js";

const NOW = new Date("2026-11-23T10:00:00Z"); // Monday, 10:00 in London
// two answers on the seeded plan's 1-5 scale ("Green" and "Red" in the words)
const A = "4";
const B = "1";

async function history(db: Db, milestoneId: string) {
  const updates = await db.statusUpdate.findMany({ where: { milestoneId }, orderBy: { createdAt: "asc" } });
  const m = await db.milestone.findUniqueOrThrow({ where: { id: milestoneId } });
  return { labels: updates.map((u) => u.statusLabel), current: m.statusLabel };
}

describe("Slack: Green, then Red, then Green again", () => {
  let tdb: TestDb;
  let h: SlackHarness;
  let seed: Seeded;
  let dm: StoredMessage;
  let ts = 0;

  beforeAll(async () => {
    tdb = await createSqliteTestDb();
    seed = await seedSlackPlan(tdb.db);
    h = await startSlackHarness(tdb.db, { now: () => NOW });
    const { message } = seededReminderMessage(seed);
    dm = { channel: "D0KARA", ts: message.ts, text: message.text, blocks: message.blocks, user: "UBOT0001" };
    h.fake.messages.push(dm);
  });
  afterAll(async () => {
    await h?.close();
    await tdb?.cleanup();
  });

  /** Kara clicks the button with this action id on the message as it is now; returns the payload sent. */
  async function click(id: string, headers?: Record<string, string>, payload?: Record<string, unknown>) {
    ts += 1;
    let p = payload;
    if (!p) {
      const { blockId, element } = findElement(dm.blocks, (el) => el.action_id === id);
      p = blockActionsPayload({ user: "U0KARA", channel: "D0KARA", message: dm, blockId, element, actionTs: `1795003${ts}.000100` });
    }
    expect((await h.interact(p, headers)).status).toBe(200);
    await h.surface.idle();
    return p;
  }

  it("records all three answers, and a double click or a retry of one adds nothing", async () => {
    const mid = seed.milestoneId;
    const first = await click(actionId({ kind: "status", milestoneId: mid, value: A }));
    // the same request again (Slack retry) and a second click on the same rendering (new action_ts)
    await click("", { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" }, first);
    await click("", undefined, { ...first, actions: [{ ...(first.actions as object[])[0], action_ts: "1795003999.000100" }] });
    expect(await history(tdb.db, mid)).toEqual({ labels: [A], current: A });

    await click(actionId({ kind: "edit", milestoneId: mid }));
    await click(actionId({ kind: "status", milestoneId: mid, value: B }));
    expect(await history(tdb.db, mid)).toEqual({ labels: [A, B], current: B });

    await click(actionId({ kind: "edit", milestoneId: mid }));
    const again = await click(actionId({ kind: "status", milestoneId: mid, value: A }));
    // the same button as the first answer, on another rendering of the item: another block id, a new answer
    expect((again.actions as { block_id: string }[])[0]?.block_id).not.toBe((first.actions as { block_id: string }[])[0]?.block_id);
    expect(await history(tdb.db, mid)).toEqual({ labels: [A, B, A], current: A });
    // and that one, clicked twice, is still one
    await click("", undefined, { ...again, actions: [{ ...(again.actions as object[])[0], action_ts: "1795004999.000100" }] });
    expect(await history(tdb.db, mid)).toEqual({ labels: [A, B, A], current: A });
  });
});

describe("Teams: Green, then Red, then Green again", () => {
  let h: Harness;
  let seed: Seeded;
  let card: AcElement;
  const KARA = { id: "29:kara", aadObjectId: "aad-kara", name: "Kara Haskayne" };

  beforeAll(async () => {
    h = await startHarness(NOW);
    seed = await seedSlackPlan(h.t.db);
    await h.t.db.person.update({ where: { id: seed.kara }, data: { teamsUserId: "aad-kara" } });
    // the reminder as the Teams messenger renders it for sending (outbox message "o-reminder-1")
    const [reminder] = reminderCards({
      kind: "due",
      planName: "Thurrock",
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
    const render = await (h.surface.messenger as TeamsMessenger).renderer(reminder as never, "personal", seed.kara);
    card = render(reminder as never, "o-reminder-1") as never;
  });
  afterAll(async () => h?.close());

  /** Kara presses the button with this verb on the card she is looking at; the answer replaces the card. */
  async function press(verb: string, on: AcElement = card): Promise<{ value: unknown }> {
    const action = executeActions(on).find((a) => a.verb === verb);
    expect(action, `button ${verb} on the card`).toBeTruthy();
    const invoke = invokeActivity(h, KARA, "a:1kara-chat", "reminder-1", { verb, data: action?.data as Record<string, unknown> });
    const res = await h.post(invoke);
    expect(res.status).toBe(200);
    const answered = (res.body as { value: AcElement }).value;
    if (on === card) card = answered;
    return { value: invoke.value };
  }

  it("every rendering carries its own version; all three answers are recorded, a double click or a redelivery adds nothing", async () => {
    const mid = seed.milestoneId;
    const versions = new Set<unknown>();
    const seen = () => versions.add((executeActions(card)[0]?.data as Record<string, unknown> | undefined)?.[VERSION_KEY]);
    seen();
    const sent = card;
    await press(actionId({ kind: "status", milestoneId: mid, value: A }));
    // a double click: the same button on the card as it was sent (Teams sends the same data again)
    await press(actionId({ kind: "status", milestoneId: mid, value: A }), sent);
    expect(await history(h.t.db, mid)).toEqual({ labels: [A], current: A });

    seen();
    await press(actionId({ kind: "edit", milestoneId: mid }));
    seen();
    await press(actionId({ kind: "status", milestoneId: mid, value: B }));
    expect(await history(h.t.db, mid)).toEqual({ labels: [A, B], current: B });

    seen();
    await press(actionId({ kind: "edit", milestoneId: mid }));
    seen();
    const beforeLast = card;
    await press(actionId({ kind: "status", milestoneId: mid, value: A }));
    expect(await history(h.t.db, mid)).toEqual({ labels: [A, B, A], current: A });
    // five renderings, five versions (the sent card's is its outbox message)
    expect(versions.size).toBe(5);
    expect(versions.has("o-reminder-1")).toBe(true);

    // the connector delivers the last invoke again: the same record
    await press(actionId({ kind: "status", milestoneId: mid, value: A }), beforeLast);
    expect(await history(h.t.db, mid)).toEqual({ labels: [A, B, A], current: A });
  });
});

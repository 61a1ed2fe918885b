// The Teams harness acting as the Bot Framework (signed invokes, fake connector, the bot's token from the fake
// Entra ID over HTTPS with a client secret): a reminder listing two milestones keeps the other one answerable
// after the first click, shows the recorded answer with buttons to change it, records A, B, A on the current
// card (each rendering has its own version), and a refresh shows a status changed elsewhere (Slack, CLI).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AcElement, executeActions, REFRESH_VERB } from "../../src/adapters/teams/render.js";
import { actionId } from "../../src/core/cards/actions.js";
import { startOutboxWorker } from "../../src/delivery/worker.js";
import { createLogger } from "../../src/logger.js";
import { recordUpdate } from "../../src/services/recordUpdate.js";
import { runReminderTick } from "../../src/services/reminders.js";
import { type Harness, installActivity, invokeActivity, startHarness } from "./teams.harness.js";

// Wednesday 31 Jan 2018, 10:12 in London: both milestones are due today
const NOW = new Date("2018-01-31T10:12:00Z");
const KARA = { id: "29:kara", aadObjectId: "aad-kara", name: "Kara Haskayne" };
const BOB = { id: "29:bob", aadObjectId: "aad-bob", name: "Bob Board" };
const CHAT = "a:1kara-two-items";

let h: Harness;
let m1 = "";
let m2 = "";
let kara = "";
let messageId = "";

function cardOf(body: unknown): AcElement {
  return (body as { value: AcElement }).value;
}
/** the Action.Execute on `card` for this status of this milestone (what the person would press) */
function press(card: AcElement, milestoneId: string, value: string) {
  const verb = actionId({ kind: "status", milestoneId, value });
  const a = executeActions(card).find((x) => x.verb === verb);
  expect(a, `${verb} on the card`).toBeDefined();
  return { verb, data: a?.data as Record<string, unknown> };
}
const click = async (card: AcElement, milestoneId: string, value: string, who = KARA) => {
  const res = await h.post(invokeActivity(h, who, CHAT, messageId, press(card, milestoneId, value)));
  expect(res.status).toBe(200);
  return cardOf(res.body);
};
const updates = (milestoneId: string) =>
  h.t.db.statusUpdate.findMany({ where: { milestoneId, source: "teams" }, orderBy: { createdAt: "asc" } });

let sent: AcElement;

beforeAll(async () => {
  h = await startHarness(NOW);
  const db = h.t.db;
  kara = (await db.person.create({ data: { name: "Kara Haskayne", normName: "kara haskayne", teamsUserId: "aad-kara" } })).id;
  await db.person.create({ data: { name: "Bob Board", normName: "bob board", teamsUserId: "aad-bob" } });
  const lee = await db.person.create({ data: { name: "Lee Lead", normName: "lee lead", teamsUserId: "aad-lee" } });
  const plan = await db.plan.create({ data: { key: "devon", name: "Devon Plan", scale: "rag" } });
  const action = await db.action.create({ data: { planId: plan.id, key: "1.1", ref: "1.1", title: "Early help" } });
  await db.actionLead.create({ data: { actionId: action.id, personId: lee.id } });
  const due = new Date("2018-01-31T00:00:00Z");
  for (const [key, title] of [
    ["a", "Triage in place"],
    ["b", "Audit of referrals"],
  ] as const) {
    const m = await db.milestone.create({ data: { actionId: action.id, key, title, dueRaw: "Jan-18", due, baselineDue: due } });
    await db.milestoneOwner.create({ data: { milestoneId: m.id, personId: kara } });
    if (key === "a") m1 = m.id;
    else m2 = m.id;
  }
  expect((await h.post(installActivity(h, KARA, CHAT))).status).toBe(200);
  await runReminderTick(db, NOW, { enabled: { slack: false, teams: true } });
  const worker = startOutboxWorker({
    db,
    messengers: { teams: h.surface.messenger },
    log: createLogger("silent"),
    poll: false,
    now: () => NOW,
  });
  await worker.drainOnce();
  await worker.stop();
  const post = h.connector.to(CHAT).at(-1);
  if (!post) throw new Error("the reminder was not posted");
  messageId = post.id;
  sent = (post.activity.attachments as { content: AcElement }[])[0]?.content as AcElement;
});
afterAll(async () => h?.close());

describe("a Teams card listing several items", () => {
  it("after a click on one item, shows its recorded answer with a way to change it and keeps the other answerable", async () => {
    expect(JSON.stringify(sent)).toContain("Triage in place");
    expect(JSON.stringify(sent)).toContain("Audit of referrals");
    const after = await click(sent, m1, "amber");
    const json = JSON.stringify(after);
    expect(json).toContain("✓ Amber — recorded by Kara Haskayne on 31 Jan 2018 at 10:12");
    // both items are still on the card, each with every status button
    for (const m of [m1, m2]) for (const v of ["green", "amber", "red", "complete"]) press(after, m, v);
    expect(await updates(m1)).toHaveLength(1);
    // the other item can be answered on the card as it is now
    const second = await click(after, m2, "green");
    expect(JSON.stringify(second)).toContain("✓ Green — recorded by Kara Haskayne");
    expect(JSON.stringify(second)).toContain("Last status: Amber — recorded by Kara Haskayne");
    expect((await updates(m2)).map((u) => u.statusLabel)).toEqual(["Green"]);
    // the answered card keeps refreshing for everyone who may act on it (the lead too), as the sent card did
    const userIds = (c: AcElement) => [...((c.refresh as { userIds: string[] } | undefined)?.userIds ?? [])].sort();
    expect(userIds(sent)).toEqual(["8:orgid:aad-kara", "8:orgid:aad-lee"]);
    expect(userIds(second)).toEqual(userIds(sent));
  });

  it("A, B, A on the current card are three answers; a double click on one rendering stays one", async () => {
    let card = await click(sent, m1, "green"); // a new answer on the sent card (A)
    const twice = await h.post(invokeActivity(h, KARA, CHAT, messageId, press(sent, m1, "green")));
    expect(twice.status).toBe(200);
    card = await click(card, m1, "red"); // B on the card as it is now
    card = await click(card, m1, "green"); // A again
    expect(JSON.stringify(card)).toContain("✓ Green");
    expect((await updates(m1)).map((u) => u.statusLabel)).toEqual(["Amber", "Green", "Red", "Green"]);
    const m = await h.t.db.milestone.findUniqueOrThrow({ where: { id: m1 } });
    expect(m.statusLabel).toBe("Green");
  });

  it("refresh renders from the database as it is now: a change made in Slack shows; others get a read-only view", async () => {
    await recordUpdate(h.t.db, {
      milestoneId: m2,
      actorPersonId: kara,
      source: "slack",
      idempotencyKey: "slack:elsewhere",
      now: new Date("2018-01-31T11:40:00Z"),
      timeZone: "Europe/London",
      optionId: "red",
    });
    const refresh = (sent.refresh as { action: { data: Record<string, unknown> } }).action;
    const ask = (who: typeof KARA) => h.post(invokeActivity(h, who, CHAT, messageId, { verb: REFRESH_VERB, data: refresh.data }));
    const mine = cardOf((await ask(KARA)).body);
    expect(JSON.stringify(mine)).toContain("Last status: Red — recorded by Kara Haskayne on 31 Jan 2018 at 11:40");
    // the owner's own buttons, on a rendering of its own
    const b = press(mine, m2, "amber");
    expect(b.data.v).not.toBe(press(sent, m2, "amber").data.v);
    const theirs = cardOf((await ask(BOB)).body);
    expect(JSON.stringify(theirs)).toContain("Last status: Red — recorded by Kara Haskayne");
    expect(executeActions(theirs).filter((a) => String(a.verb).startsWith("rt|status"))).toHaveLength(0);
  });
});

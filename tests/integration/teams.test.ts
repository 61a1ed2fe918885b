// Teams end to end with authentication ON: the real Teams SDK app behind our HTTP server, a fake Bot
// Connector + OpenID/JWKS, RS256 tokens, a real SQLite database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AcElement, executeActions, inputElements, REFRESH_VERB } from "../../src/adapters/teams/render.js";
import { actionId, DETAIL_INPUTS } from "../../src/core/cards/actions.js";
import { startOutboxWorker } from "../../src/delivery/worker.js";
import { createLogger } from "../../src/logger.js";
import { runReminderTick } from "../../src/services/reminders.js";
import type { Db } from "../../src/storage/db.js";
import { APP_ID, type Harness, installActivity, invokeActivity, startHarness } from "./teams.harness.js";

// Wednesday 31 Jan 2018, 10:12 in London: milestone m1 is due today
const NOW = new Date("2018-01-31T10:12:00Z");
const KARA = { id: "29:kara-pairwise", aadObjectId: "aad-kara", name: "Kara Haskayne" };
const BOB = { id: "29:bob-pairwise", aadObjectId: "aad-bob", name: "Bob Board" };
const LENA = { id: "29:lena-pairwise", aadObjectId: "aad-lena", name: "Lena Lead" };
const KARA_CHAT = "a:1kara-personal-chat";

let h: Harness;
let ids: { kara: string; bob: string; lena: string; milestone: string; milestone2: string };

async function seed(db: Db) {
  const person = (name: string, extra: Record<string, unknown> = {}) =>
    db.person.create({ data: { name, normName: name.toLowerCase(), ...extra } });
  const kara = await person("Kara Haskayne", { teamsUserId: "aad-kara", email: "kara@thurrock.gov.uk" });
  const bob = await person("Bob Board", { teamsUserId: "aad-bob" });
  const lena = await person("Lena Lead", { email: "lena@thurrock.gov.uk" });
  const plan = await db.plan.create({ data: { key: "thurrock", name: "Thurrock Development Plan 2017-19", scale: "numeric5" } });
  const section = await db.section.create({ data: { planId: plan.id, label: "Priority 3", number: "3", title: "Permanence" } });
  const action = await db.action.create({
    data: { planId: plan.id, sectionId: section.id, key: "3.1", ref: "3.1", title: "Permanence planning at 4 months" },
  });
  const due = new Date("2018-01-31T00:00:00Z");
  const m = await db.milestone.create({
    data: { actionId: action.id, key: "m1", title: "Permanence tracker live", dueRaw: "Jan-18", due, baselineDue: due },
  });
  const m2 = await db.milestone.create({
    data: { actionId: action.id, key: "m2", title: "Legal gateway reviewed", dueRaw: "Feb-18", due: new Date("2018-02-28T00:00:00Z") },
  });
  await db.milestoneOwner.create({ data: { milestoneId: m.id, personId: kara.id } });
  await db.milestoneOwner.create({ data: { milestoneId: m2.id, personId: kara.id } });
  return { kara: kara.id, bob: bob.id, lena: lena.id, milestone: m.id, milestone2: m2.id };
}

function cardOf(body: unknown): AcElement {
  const b = body as { statusCode: number; type: string; value: AcElement };
  expect(b.statusCode).toBe(200);
  expect(b.type).toBe("application/vnd.microsoft.card.adaptive");
  return b.value;
}

function texts(card: AcElement): string {
  return JSON.stringify(card);
}

let reminderMessageId = "";
let statusVerb = "";
let outboxId = "";

beforeAll(async () => {
  h = await startHarness(NOW);
  ids = await seed(h.t.db);
});
afterAll(async () => h?.close());

describe("Teams installation", () => {
  it("stores the personal conversation reference and links it to the person by AAD object id", async () => {
    const res = await h.post(installActivity(h, KARA, KARA_CHAT));
    expect(res.status).toBe(200);
    const ref = await h.t.db.conversationRef.findUniqueOrThrow({ where: { conversationId: KARA_CHAT } });
    expect(ref).toMatchObject({ kind: "personal", serviceUrl: h.connector.serviceUrl, aadObjectId: "aad-kara", personId: ids.kara });
    expect(ref.tenantId).toBeTruthy();
    // a welcome card went to the same conversation through the connector, with the bot's token
    const welcome = h.connector.to(KARA_CHAT);
    expect(welcome).toHaveLength(1);
    expect(welcome[0]?.authorization).toMatch(/^Bearer ey/);
    expect(JSON.stringify(welcome[0]?.activity)).toContain("reminders");
  });

  it("links by e-mail from the roster when the AAD id is not mapped yet, and remembers the AAD id", async () => {
    h.connector.members.set(LENA.id, { ...LENA, email: "lena@thurrock.gov.uk", userPrincipalName: "lena@thurrock.gov.uk" });
    const res = await h.post(installActivity(h, LENA, "a:1lena-chat"));
    expect(res.status).toBe(200);
    const ref = await h.t.db.conversationRef.findUniqueOrThrow({ where: { conversationId: "a:1lena-chat" } });
    expect(ref.personId).toBe(ids.lena);
    const lena = await h.t.db.person.findUniqueOrThrow({ where: { id: ids.lena } });
    expect(lena.teamsUserId).toBe("aad-lena");
  });

  it("links a team installation to the board whose Teams conversation it is", async () => {
    const plan = await h.t.db.plan.findFirstOrThrow();
    const board = await h.t.db.board.create({
      data: { name: "Improvement Board", planId: plan.id, teamsConversationId: "19:board-general@thread.tacv2" },
    });
    const res = await h.post({
      ...installActivity(h, BOB, "19:board-general@thread.tacv2"),
      type: "conversationUpdate",
      action: undefined,
      conversation: { id: "19:board-general@thread.tacv2", conversationType: "channel", tenantId: "t" },
      membersAdded: [{ id: `28:${APP_ID}` }],
      channelData: { eventType: "teamMemberAdded", team: { id: "19:board-general@thread.tacv2" }, tenant: { id: "t" } },
    });
    expect(res.status).toBe(200);
    const ref = await h.t.db.conversationRef.findUniqueOrThrow({ where: { conversationId: "19:board-general@thread.tacv2" } });
    expect(ref).toMatchObject({ kind: "channel", boardId: board.id, personId: null });
  });
});

describe("Teams uninstall", () => {
  it("removing the app from a personal chat or a team deletes that conversation's reference; reinstalling stores it again", async () => {
    const chat = "a:1uninstall-chat";
    expect((await h.post(installActivity(h, LENA, chat))).status).toBe(200);
    expect(await h.t.db.conversationRef.count({ where: { conversationId: chat } })).toBe(1);
    const res = await h.post({ ...installActivity(h, LENA, chat), action: "remove" });
    expect(res.status).toBe(200);
    expect(await h.t.db.conversationRef.count({ where: { conversationId: chat } })).toBe(0);
    expect((await h.post(installActivity(h, LENA, chat))).status).toBe(200);
    expect(await h.t.db.conversationRef.count({ where: { conversationId: chat } })).toBe(1);

    const channel = "19:uninstall-general@thread.tacv2";
    const teamActivity = (members: Record<string, unknown>) => ({
      ...installActivity(h, BOB, channel),
      type: "conversationUpdate",
      action: undefined,
      conversation: { id: channel, conversationType: "channel", tenantId: "t" },
      channelData: { team: { id: channel }, tenant: { id: "t" } },
      ...members,
    });
    expect((await h.post(teamActivity({ membersAdded: [{ id: `28:${APP_ID}` }] }))).status).toBe(200);
    expect(await h.t.db.conversationRef.count({ where: { conversationId: channel } })).toBe(1);
    // someone else leaving the team changes nothing; the bot being removed forgets the team
    expect((await h.post(teamActivity({ membersRemoved: [{ id: "29:someone" }] }))).status).toBe(200);
    expect(await h.t.db.conversationRef.count({ where: { conversationId: channel } })).toBe(1);
    expect((await h.post(teamActivity({ membersRemoved: [{ id: `28:${APP_ID}` }] }))).status).toBe(200);
    expect(await h.t.db.conversationRef.count({ where: { conversationId: channel } })).toBe(0);
  });
});

describe("Teams reminder card and invokes", () => {
  it("a reminder tick + outbox tick send the reminder as an Adaptive Card to the stored conversation", async () => {
    const tick = await runReminderTick(h.t.db, NOW, { enabled: { slack: false, teams: true } });
    expect(tick.planned.find((r) => r.milestoneIds.includes(ids.milestone))?.via).toBe("teams");
    const worker = startOutboxWorker({
      db: h.t.db,
      messengers: { teams: h.surface.messenger },
      log: createLogger("silent"),
      poll: false,
      now: () => NOW,
    });
    const before = h.connector.to(KARA_CHAT).length;
    const drained = await worker.drainOnce();
    await worker.stop();
    expect(drained.sent).toBeGreaterThanOrEqual(1);
    const sent = h.connector.to(KARA_CHAT).slice(before);
    expect(sent).toHaveLength(1);
    const activity = sent[0]?.activity as { attachments: { contentType: string; content: AcElement }[]; summary: string };
    expect(activity.summary).toContain("Due today");
    const card = activity.attachments[0]?.content as AcElement;
    expect(activity.attachments[0]?.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(card.version).toBe("1.5");
    expect(sent[0]?.authorization).toMatch(/^Bearer ey/);
    // the Thurrock 1-5 scale in its own words, one Action.Execute per option
    const verbs = executeActions(card).map((a) => a.verb);
    statusVerb = actionId({ kind: "status", milestoneId: ids.milestone, value: "3" });
    expect(verbs).toContain(statusVerb);
    for (const v of ["1", "2", "4", "5"]) expect(verbs).toContain(actionId({ kind: "status", milestoneId: ids.milestone, value: v }));
    expect(texts(card)).toContain("On track");
    expect(texts(card)).toContain("Permanence tracker live");
    // the owner gets a user-specific refresh
    const refresh = card.refresh as { userIds: string[]; action: { verb: string } };
    expect(refresh.userIds).toEqual(["8:orgid:aad-kara"]);
    expect(refresh.action.verb).toBe(REFRESH_VERB);
    reminderMessageId = sent[0]?.id ?? "";
    const row = await h.t.db.outboxMessage.findFirstOrThrow({ where: { platform: "teams", state: "sent" } });
    expect(row.platformRef).toBe(`${KARA_CHAT}:${reminderMessageId}`);
    outboxId = row.id;
  });

  it("an adaptiveCard/action invoke from that card records the status and returns the read-only summary with Edit", async () => {
    const res = await h.post(invokeActivity(h, KARA, KARA_CHAT, reminderMessageId, { verb: statusVerb, data: { rt: statusVerb } }));
    expect(res.status).toBe(200);
    const card = cardOf(res.body);
    expect(texts(card)).toContain("3 (on track) recorded by Kara Haskayne at 10:12");
    expect(inputElements(card)).toHaveLength(0);
    expect(executeActions(card).map((a) => a.verb)).toContain(actionId({ kind: "edit", milestoneId: ids.milestone }));
    const updates = await h.t.db.statusUpdate.findMany({ where: { milestoneId: ids.milestone } });
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ source: "teams", status: "on_track", statusLabel: "3", byId: ids.kara });
    const m = await h.t.db.milestone.findUniqueOrThrow({ where: { id: ids.milestone } });
    expect(m.status).toBe("on_track");
    // the raw interaction was stored and marked processed
    const inbound = await h.t.db.inboundEvent.findMany({ where: { kind: "card.action" } });
    expect(inbound).toHaveLength(1);
    expect(inbound[0]?.processedAt).not.toBeNull();
  });

  it("a duplicate invoke (double click, new activity id) records once and answers with the same card", async () => {
    const verb = actionId({ kind: "status", milestoneId: ids.milestone2, value: "2" });
    const a = await h.post(invokeActivity(h, KARA, KARA_CHAT, reminderMessageId, { verb, data: { rt: verb } }));
    const b = await h.post(invokeActivity(h, KARA, KARA_CHAT, reminderMessageId, { verb, data: { rt: verb } }));
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(texts(cardOf(b.body))).toContain("recorded by Kara Haskayne");
    expect(await h.t.db.statusUpdate.count({ where: { milestoneId: ids.milestone2 } })).toBe(1);
  });

  it("a non-owner gets an error card and nothing is recorded", async () => {
    const before = await h.t.db.statusUpdate.count();
    const verb = actionId({ kind: "status", milestoneId: ids.milestone, value: "1" });
    const res = await h.post(invokeActivity(h, BOB, "a:1bob-chat", reminderMessageId, { verb, data: { rt: verb } }));
    expect(res.status).toBe(200);
    const card = cardOf(res.body);
    expect(texts(card)).toContain("can't update this milestone");
    expect(executeActions(card)).toHaveLength(0);
    expect(await h.t.db.statusUpdate.count()).toBe(before);
    const m = await h.t.db.milestone.findUniqueOrThrow({ where: { id: ids.milestone } });
    expect(m.status).toBe("on_track");
  });

  it("the refresh gives the owner the editable card and a non-owner a read-only one", async () => {
    const refresh = { verb: REFRESH_VERB, data: { rt: REFRESH_VERB, outbox: outboxId } };
    const mine = cardOf((await h.post(invokeActivity(h, KARA, KARA_CHAT, reminderMessageId, refresh))).body);
    expect(executeActions(mine).map((a) => a.verb)).toContain(statusVerb);
    const theirs = cardOf((await h.post(invokeActivity(h, BOB, KARA_CHAT, reminderMessageId, refresh))).body);
    // nothing to answer with; only "Update" (ask for their own view again)
    expect(executeActions(theirs).map((a) => a.verb)).toEqual([REFRESH_VERB]);
    expect(texts(theirs)).toContain("Permanence tracker live");
  });

  it("Add detail returns the form; invalid values come back on the card next to the inputs; valid ones record", async () => {
    const detailVerb = actionId({ kind: "detail", milestoneId: ids.milestone });
    const form = cardOf(
      (await h.post(invokeActivity(h, KARA, KARA_CHAT, reminderMessageId, { verb: detailVerb, data: { rt: detailVerb } }))).body,
    );
    const inputs = inputElements(form).map((i) => i.id);
    expect(inputs).toEqual(expect.arrayContaining(Object.values(DETAIL_INPUTS)));
    const status = inputElements(form).find((i) => i.id === DETAIL_INPUTS.status) as {
      type: string;
      choices: { value: string }[];
      value?: string;
    };
    expect(status.type).toBe("Input.ChoiceSet");
    expect(status.choices.map((c) => c.value)).toEqual(["1", "2", "3", "4", "5"]);
    expect(status.value).toBe("3");

    const submit = actionId({ kind: "submit_detail", milestoneId: ids.milestone });
    const before = await h.t.db.statusUpdate.count({ where: { milestoneId: ids.milestone } });
    const bad = cardOf(
      (
        await h.post(
          invokeActivity(h, KARA, KARA_CHAT, reminderMessageId, {
            verb: submit,
            data: {
              rt: submit,
              [DETAIL_INPUTS.status]: "2",
              [DETAIL_INPUTS.percentComplete]: "150",
              [DETAIL_INPUTS.revisedDue]: "2018-03-31",
            },
          }),
        )
      ).body,
    );
    const body = JSON.stringify(bad);
    expect(body).toContain("Enter a whole number from 0 to 100.");
    expect(body).toContain("Give a reason for the new date.");
    // the error sits right after its input
    const flat = (bad.body as AcElement[]).map((e) => e.id ?? e.type);
    expect(flat[flat.indexOf(DETAIL_INPUTS.percentComplete) + 1]).toBe(`error-${DETAIL_INPUTS.percentComplete}`);
    // what the person typed is kept
    expect(inputElements(bad).find((i) => i.id === DETAIL_INPUTS.revisedDue)?.value).toBe("2018-03-31");
    expect(await h.t.db.statusUpdate.count({ where: { milestoneId: ids.milestone } })).toBe(before);

    const good = cardOf(
      (
        await h.post(
          invokeActivity(h, KARA, KARA_CHAT, reminderMessageId, {
            verb: submit,
            data: {
              rt: submit,
              [DETAIL_INPUTS.status]: "2",
              [DETAIL_INPUTS.percentComplete]: "60",
              [DETAIL_INPUTS.narrative]: "Tracker built; legal sign-off pending",
              [DETAIL_INPUTS.revisedDue]: "2018-03-31",
              [DETAIL_INPUTS.revisedReason]: "Legal review moved",
            },
          }),
        )
      ).body,
    );
    expect(JSON.stringify(good)).toContain("recorded by Kara Haskayne");
    expect(executeActions(good).map((a) => a.verb)).toContain(actionId({ kind: "edit", milestoneId: ids.milestone }));
    const m = await h.t.db.milestone.findUniqueOrThrow({ where: { id: ids.milestone } });
    expect(m).toMatchObject({ status: "at_risk", statusLabel: "2", percentComplete: 60, revisionCount: 1 });
    expect(m.revisedDue?.toISOString().slice(0, 10)).toBe("2018-03-31");
    expect(m.baselineDue?.toISOString().slice(0, 10)).toBe("2018-01-31");
  });
});

describe("Teams snooze and not-mine", () => {
  it("Snooze records the snooze for the owner and answers with a card that still offers an update", async () => {
    const verb = actionId({ kind: "snooze", milestoneId: ids.milestone2, value: "next_week" });
    const card = cardOf((await h.post(invokeActivity(h, KARA, KARA_CHAT, reminderMessageId, { verb, data: { rt: verb } }))).body);
    expect(texts(card)).toContain("Snoozed until");
    expect(executeActions(card).map((a) => a.verb)).toContain(actionId({ kind: "detail", milestoneId: ids.milestone2 }));
    const m = await h.t.db.milestone.findUniqueOrThrow({ where: { id: ids.milestone2 } });
    expect(m.snoozedUntil?.getTime()).toBeGreaterThan(NOW.getTime());
  });

  it("a non-owner cannot snooze someone else's milestone", async () => {
    const verb = actionId({ kind: "snooze", milestoneId: ids.milestone, value: "tomorrow" });
    const card = cardOf((await h.post(invokeActivity(h, BOB, "a:1bob-chat", reminderMessageId, { verb, data: { rt: verb } }))).body);
    expect(texts(card)).toContain("can't update this milestone");
    const m = await h.t.db.milestone.findUniqueOrThrow({ where: { id: ids.milestone } });
    expect(m.snoozedUntil).toBeNull();
  });
});

describe("Teams authentication (rejected with 401, nothing stored)", () => {
  async function counts() {
    const db = h.t.db;
    return [await db.inboundEvent.count(), await db.conversationRef.count(), await db.statusUpdate.count()];
  }
  const cases: [string, () => Promise<string | null>, string?][] = [
    ["no token", async () => null],
    ["wrong key", () => h.token({ foreignKey: true })],
    ["wrong audience", () => h.token({ audience: "some-other-bot" })],
    ["wrong issuer", () => h.token({ issuer: "https://evil.example.com" })],
    ["expired", () => h.token({ expiresIn: -3600 })],
    ["serviceurl mismatch", () => h.token({ serviceUrl: "https://evil.example.com/teams" })],
  ];
  for (const [name, tok] of cases) {
    it(name, async () => {
      const before = await counts();
      const verb = actionId({ kind: "status", milestoneId: ids.milestone, value: "1" });
      const invoke = await h.post(invokeActivity(h, KARA, KARA_CHAT, reminderMessageId, { verb, data: { rt: verb } }), await tok());
      expect(invoke.status).toBe(401);
      const install = await h.post(installActivity(h, BOB, `a:1intruder-${name.replace(/\s/g, "-")}`), await tok());
      expect(install.status).toBe(401);
      expect(await counts()).toEqual(before);
    });
  }
});

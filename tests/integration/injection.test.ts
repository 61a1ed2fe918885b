// Chat markup cannot be injected from a plan or a person. Hostile strings sit in a real database (plan name,
// section, action, milestone titles, a person's name, a typed narrative) and go through every message kind —
// reminder cards, the detail form, confirmations, edit, snooze and not-mine replies (and the notice to the plan
// admin), refusals, digest root and thread, question answers, mentions — rendered for Slack (top-level `text`
// and every mrkdwn text) and for Teams (every TextBlock and fact). Slack must see `&`, `<`, `>` escaped, only
// ragtime's own `<@U…>` mentions as markup; Teams must see no `<at>` but ragtime's own mention entities, and no
// markdown link or entity from data. The hostile text is still shown (escaped), not dropped.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMessage, renderModal } from "../../src/adapters/slack/render.js";
import { type AcElement, type AdaptiveCard, renderAdaptiveCard } from "../../src/adapters/teams/render.js";
import { DETAIL_INPUTS, type Submission } from "../../src/core/cards/actions.js";
import { type Card, mentionMarker } from "../../src/core/cards/model.js";
import { reminderCards } from "../../src/core/cards/reminder.js";
import { scaleOf } from "../../src/core/status.js";
import { type ActOutcome, type Actor, act } from "../../src/services/act.js";
import { answerQuestion } from "../../src/services/answer.js";
import { addBoard } from "../../src/services/boards.js";
import { postDigest } from "../../src/services/digest.js";
import type { Db } from "../../src/storage/db.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";

const CHANNEL = "Milestone <!channel> everyone look";
const LINK = "<http://evil.example|click>";
const AT = "<at>x</at>";
const MD_LINK = "[click](http://evil.example)";
const ENTITY = "Tom &amp; Jerry & co";
const PINGS = "<@U0EVIL0001> <!here> <#C0EVIL01>";
const NASTY = [CHANNEL, LINK, AT, MD_LINK, ENTITY, PINGS];
const ALL = NASTY.join(" ");

const NOW = new Date("2018-01-31T10:00:00Z");
const KARA_SLACK = "U0KARA0001";
const KARA_TEAMS = "aad-kara-0001";

let t: TestDb;
let ids: { kara: string; admin: string; m1: string; m2: string; boardId: string };

async function seed(db: Db) {
  const kara = await db.person.create({
    data: { name: "Kara Haskayne", normName: "kara haskayne", slackUserId: KARA_SLACK, teamsUserId: KARA_TEAMS, mentionOptIn: true },
  });
  const admin = await db.person.create({
    data: { name: `Pat ${CHANNEL}`, normName: "pat admin", slackUserId: "U0PAT00001", teamsUserId: "aad-pat-0001" },
  });
  const plan = await db.plan.create({ data: { key: "evil", name: `Plan ${ENTITY} ${LINK}`, scale: "rag" } });
  await db.planAdmin.create({ data: { planId: plan.id, personId: admin.id } });
  const section = await db.section.create({ data: { planId: plan.id, label: `1. ${AT}`, number: "1", title: MD_LINK } });
  const action = await db.action.create({
    data: { planId: plan.id, sectionId: section.id, key: "1.1", ref: "1.1", title: `Action ${PINGS} ${MD_LINK}` },
  });
  const due = new Date("2018-01-15T00:00:00Z");
  const m1 = await db.milestone.create({
    data: { actionId: action.id, key: "m1", title: CHANNEL, dueRaw: "Jan-18", due, baselineDue: due },
  });
  const m2 = await db.milestone.create({ data: { actionId: action.id, key: "m2", title: `${LINK} ${AT} ${ENTITY}`, due } });
  for (const m of [m1, m2]) await db.milestoneOwner.create({ data: { milestoneId: m.id, personId: kara.id } });
  // enough overdue items for the digest to continue in its thread
  for (let i = 0; i < 12; i++) {
    const m = await db.milestone.create({
      data: { actionId: action.id, key: `x${i}`, title: `${NASTY[i % NASTY.length]} #${i}`, due: new Date(due.getTime() - i * 86_400_000) },
    });
    await db.milestoneOwner.create({ data: { milestoneId: m.id, personId: kara.id } });
  }
  const board = await addBoard(
    db,
    {
      name: `Board ${ALL}`,
      planKey: "evil",
      slackChannel: "C0BOARD001",
      teamsConversation: "19:b@thread.tacv2",
    },
    NOW,
  );
  return { kara: kara.id, admin: admin.id, m1: m1.id, m2: m2.id, boardId: board.id };
}

// ---- what each platform parses

type Node = Record<string, unknown>;
function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, visit);
    return;
  }
  if (!node || typeof node !== "object") return;
  visit(node as Node);
  for (const v of Object.values(node)) if (v && typeof v === "object") walk(v, visit);
}

/** Every string Slack parses as markup: the top-level text and each mrkdwn text object. */
function slackParsed(text: string, blocks: unknown): string[] {
  const out = [text];
  walk(blocks, (n) => {
    if (n.type === "mrkdwn" && typeof n.text === "string") out.push(n.text);
  });
  return out;
}

/** Slack markup left after ragtime's own mentions: none; every "&" starts an escape. */
function slackMarkup(s: string): string[] {
  const bare = s.replace(new RegExp(`<@${KARA_SLACK}>`, "g"), "");
  const found = [...bare.matchAll(/[<>]/g)].map((m) => bare.slice(Math.max(0, (m.index ?? 0) - 10), (m.index ?? 0) + 10));
  for (const m of bare.matchAll(/&(?!amp;|lt;|gt;)/g)) found.push(bare.slice(m.index ?? 0, (m.index ?? 0) + 10));
  return found;
}

function expectSlackInert(card: Card, label: string): string {
  const r = renderMessage(card);
  const parsed = r.pages.flatMap((page) => slackParsed(r.text, page));
  for (const s of parsed) expect(slackMarkup(s), `${label}: ${s}`).toEqual([]);
  return parsed.join("\n");
}

/** Every string Teams renders as markdown: TextBlock texts and fact titles/values. */
function teamsParsed(card: AdaptiveCard | AcElement): string[] {
  const out: string[] = [];
  walk(card, (n) => {
    if (n.type === "TextBlock" && typeof n.text === "string") out.push(n.text);
    if (Array.isArray(n.facts)) for (const f of n.facts as { title: string; value: string }[]) out.push(f.title, f.value);
  });
  return out;
}

/** Markup left after ragtime's own mention entities: "<", "&" or "]" not made inert by a zero-width space. */
function teamsMarkup(s: string, entities: string[]): string[] {
  let bare = s;
  for (const e of entities) bare = bare.split(e).join("");
  return [...bare.matchAll(/[<&\]](?!\u200b)/g)].map((m) => bare.slice(Math.max(0, (m.index ?? 0) - 10), (m.index ?? 0) + 12));
}

function expectTeamsInert(card: Card, label: string): string {
  const ac = renderAdaptiveCard(card);
  const entities = (ac.msteams?.entities ?? []).map((e) => e.text);
  const parsed = teamsParsed(ac);
  for (const s of parsed) {
    expect(teamsMarkup(s, entities), `${label}: ${s}`).toEqual([]);
    expect(s.replace(/\u200b/g, "").includes("](") && !s.includes("]\u200b("), `${label}: markdown link in ${s}`).toBe(false);
  }
  // the only mentions are ragtime's own, and each has its entity
  const atTags = parsed.join("\n").match(/<at>[^<]*<\/at>/g) ?? [];
  for (const tag of atTags) expect(entities, label).toContain(tag);
  return parsed.join("\n").replace(/\u200b/g, "");
}

/** Both platforms: inert, and the hostile text still shown. */
function expectInert(card: Card, label: string, shows: string[] = []): void {
  const slack = expectSlackInert(card, label);
  const teams = expectTeamsInert(card, label);
  const slackEsc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  for (const s of shows) {
    expect(slack, `${label} (Slack) shows ${s}`).toContain(slackEsc(s));
    expect(teams, `${label} (Teams) shows ${s}`).toContain(s);
  }
}

beforeAll(async () => {
  t = await createSqliteTestDb();
  ids = await seed(t.db);
});
afterAll(async () => t?.cleanup());

const deps = () => ({ db: t.db, now: NOW, admins: null, enabled: { slack: true, teams: true } });
const kara: Actor = { platform: "slack", userId: KARA_SLACK };
let n = 0;
/** the card act chose (every outcome but "none" has one) */
function cardOf(o: ActOutcome): Card {
  if (o.kind === "none") throw new Error("act showed nothing");
  return o.card;
}
const click = (s: Submission, who: Actor = kara) => act(deps(), s, who, { platform: who.platform, answerKey: `inj:${++n}` });

describe("hostile plan and person text is inert on Slack and Teams", () => {
  it("reminder cards (one and many items), including the top-level text", () => {
    const scale = scaleOf("rag");
    const item = (i: number) => ({
      milestoneId: `m${i}`,
      sectionLabel: `1. ${AT}`,
      ref: "1.1",
      actionTitle: `Action ${PINGS}`,
      milestoneTitle: NASTY[i % NASTY.length] as string,
      due: "2018-01-15",
      dueRaw: MD_LINK,
      daysToDue: -5,
      status: "at_risk" as const,
      statusLabel: ENTITY,
      lastUpdateAt: null,
      owners: [CHANNEL],
    });
    for (const count of [1, 12]) {
      const cards = reminderCards({
        kind: "overdue",
        planName: `Plan ${ENTITY}`,
        scale,
        recipientName: CHANNEL,
        onBehalfOf: LINK,
        items: Array.from({ length: count }, (_, i) => item(i)),
      });
      expect(cards.length).toBe(count > 8 ? 2 : 1);
      for (const c of cards) expectInert(c, `reminder x${count}`, ["Plan Tom &amp; Jerry & co", AT]);
    }
  });

  it("the detail form (message and Slack modal), its errors, and the recorded confirmation with a typed narrative", async () => {
    const form = await click({ kind: "detail", milestoneId: ids.m1 });
    expect(form.kind).toBe("form");
    if (form.kind !== "form") return;
    expectInert(form.card, "detail form", [CHANNEL]);
    const modal = renderModal(form.card, { m: ids.m1, s: "rag", tz: "Europe/London" });
    walk(modal, (x) => {
      if (x.type === "mrkdwn") expect(slackMarkup(String(x.text)), "modal").toEqual([]);
    });

    const bad = await click({
      kind: "submit_detail",
      milestoneId: ids.m1,
      values: { [DETAIL_INPUTS.status]: "amber", [DETAIL_INPUTS.revisedDue]: "2018-03-01", [DETAIL_INPUTS.narrative]: ALL },
    });
    expect(bad.kind).toBe("form");
    expectInert(cardOf(bad), "form with errors");

    const ok = await click({
      kind: "submit_detail",
      milestoneId: ids.m1,
      values: { [DETAIL_INPUTS.status]: "amber", [DETAIL_INPUTS.narrative]: `${ALL}\n${PINGS}` },
    });
    expect(ok.kind).toBe("card");
    expectInert(cardOf(ok), "recorded with narrative", [CHANNEL, LINK, MD_LINK, ENTITY]);
  });

  it("a status answer, Edit, snooze and not-mine replies, and the not-mine notice to the plan admin", async () => {
    const recorded = await click({ kind: "status", milestoneId: ids.m2, value: "green" });
    expect(recorded.kind).toBe("card");
    expectInert(cardOf(recorded), "recorded", [AT, ENTITY]);
    const edit = await click({ kind: "edit", milestoneId: ids.m2 });
    expectInert(cardOf(edit), "edit", [LINK]);
    const snoozed = await click({ kind: "snooze", milestoneId: ids.m2, value: "tomorrow" });
    expect(snoozed.kind).toBe("card");
    expectInert(cardOf(snoozed), "snoozed");
    const notMine = await click({ kind: "not_mine", milestoneId: ids.m1 });
    expect(notMine.kind).toBe("card");
    expectInert(cardOf(notMine), "not mine (ack)", [CHANNEL]);
    const notices = await t.db.outboxMessage.findMany({ where: { dedupeKey: { startsWith: "not-mine|" } } });
    expect(notices.length).toBeGreaterThan(0);
    for (const row of notices) expectInert(JSON.parse(row.payloadJson) as Card, "not mine (notice to admin)", [CHANNEL, PINGS]);
  });

  it("refusals name the item without markup (someone else clicking, on both platforms)", async () => {
    const pat: Actor = { platform: "teams", userId: "aad-pat-0001" };
    await t.db.planAdmin.deleteMany({});
    for (const s of [
      { kind: "status", milestoneId: ids.m1, value: "red" },
      { kind: "snooze", milestoneId: ids.m1, value: "tomorrow" },
    ] as Submission[]) {
      const r = await click(s, pat);
      expect(r.kind).toBe("refusal");
      if (r.kind === "refusal") expectInert(r.card, `refusal (${s.kind})`, [CHANNEL]);
    }
    const unknown = await click({ kind: "status", milestoneId: ids.m1, value: "red" }, { platform: "slack", userId: "U0NOBODY01" });
    expect(unknown.kind).toBe("refusal");
    if (unknown.kind === "refusal") expectInert(unknown.card, "refusal (unknown person)");
  });

  it("the digest root and every thread part", async () => {
    const posted = await postDigest(t.db, ids.boardId, new Date("2018-02-01T00:00:00Z"), NOW, { slack: true, teams: true });
    const all = [posted.card, ...(posted.card.thread ?? [])];
    expect(all.length).toBeGreaterThan(1);
    for (const [i, c] of all.entries()) expectInert(c, `digest part ${i}`);
    const text = all.map((c) => JSON.stringify(c)).join("\n");
    // the hostile titles reached the digest (so the check above saw them)
    expect(text).toContain(JSON.stringify(CHANNEL).slice(1, -1));
  });

  it("question answers", async () => {
    for (const q of ["what is overdue", "status of 1.1", "who hasn't updated"]) {
      const a = await answerQuestion(t.db, q, { personId: ids.kara, isAdmin: false }, NOW);
      expectInert(a.card, `answer: ${q}`);
    }
    const a = await answerQuestion(t.db, "status of 1.1", { personId: ids.kara, isAdmin: false }, NOW);
    expect(JSON.stringify(a.card)).toContain(JSON.stringify(CHANNEL).slice(1, -1));
  });

  it("mentions: ragtime's own mention stays a mention; a hostile name or text next to it is inert", () => {
    const card: Card = {
      purpose: "digest",
      title: `Waiting for ${CHANNEL}`,
      fallback: `Waiting for Kara ${LINK}`,
      blocks: [
        { type: "text", text: `Waiting for ${mentionMarker("kara")} and ${mentionMarker("evil")} — ${ALL}` },
        { type: "fields", fields: [{ label: AT, value: `${mentionMarker("kara")} ${MD_LINK}` }] },
        { type: "table", columns: ["Who", LINK], rows: [[mentionMarker("evil"), ENTITY]] },
      ],
      mentions: {
        kara: { name: "Kara Haskayne", slackUserId: KARA_SLACK, teamsUserId: KARA_TEAMS },
        evil: { name: `Eve ${CHANNEL} ${MD_LINK}`, slackUserId: null, teamsUserId: "aad-eve" },
      },
    };
    expectInert(card, "mentions", [CHANNEL, ENTITY]);
    expect(JSON.stringify(renderMessage(card).pages)).toContain(`<@${KARA_SLACK}>`);
    const ac = renderAdaptiveCard(card);
    expect(ac.msteams?.entities?.map((e) => e.text)).toEqual(["<at>Kara Haskayne</at>"]);
  });
});

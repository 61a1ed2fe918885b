// Teams takes ~28 KB a message. Every card the council exports can produce (tests/integration/fixture-cards.ts:
// the longest texts there are) is measured and, when too big, sent as several cards that each fit, with no
// plan item lost; the fake connector sees only messages under the limit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { byteSize, fitCard, measureCard, TEAMS_CARD_LIMIT, teamsParts } from "../../src/adapters/teams/fit.js";
import { TEAMS_MESSAGE_HARD_LIMIT } from "../../src/adapters/teams/messenger.js";
import type { Card } from "../../src/core/cards/model.js";
import { type FixtureCard, fixtureCards, PLAN_FILES } from "./fixture-cards.js";
import { type Harness, startHarness, TENANT } from "./teams.harness.js";

const itemIds = (cards: Card[]) => cards.flatMap((c) => c.blocks.flatMap((b) => (b.type === "item" ? [b.milestoneId] : [])));
const texts = (cards: Card[]) =>
  cards
    .flatMap((c) => c.blocks.flatMap((b) => (b.type === "text" || b.type === "context" ? b.text.split("\n") : [])))
    .filter((l) => !/^This part was too large/.test(l));

const all: FixtureCard[] = [];
let h: Harness;
beforeAll(async () => {
  for (const f of PLAN_FILES) all.push(...(await fixtureCards(f)));
  h = await startHarness(new Date("2018-02-22T10:00:00Z"));
});
afterAll(async () => h?.close());

describe("Teams message size", () => {
  it("the fixtures produce cards over the limit (so the test means something)", () => {
    expect(all.length).toBeGreaterThan(50);
    const over = all.filter((c) => measureCard({ ...c.card, thread: undefined }) > TEAMS_CARD_LIMIT);
    expect(over.length).toBeGreaterThan(0);
  });

  it("every card the fixtures produce is cut into parts that each fit, keeping every item and every line", () => {
    for (const { name, card } of all) {
      const parts = teamsParts(card);
      for (const p of parts) expect(measureCard(p), name).toBeLessThanOrEqual(TEAMS_CARD_LIMIT);
      const whole = [card, ...(card.thread ?? [])];
      expect(itemIds(parts), name).toEqual(itemIds(whole));
      expect(texts(parts), name).toEqual(texts(whole));
      expect(
        parts.some((p) => p.blocks.some((b) => b.type === "text" && b.text.startsWith("This part was too large"))),
        name,
      ).toBe(false);
    }
  });

  it("a text too long for one message is split by lines, and a single huge line is shortened, never sent whole", () => {
    const lines = Array.from({ length: 400 }, (_, i) => `• ${i + 1}. ${"Review of case files and supervision records ".repeat(3)}`);
    const big: Card = {
      purpose: "answer",
      title: "All open items",
      fallback: "All open items",
      blocks: [{ type: "text", text: lines.join("\n") }],
    };
    const parts = fitCard(big);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts[0]?.title).toBe(`All open items (part 1 of ${parts.length})`);
    expect(texts(parts)).toEqual(lines);
    const huge: Card = { ...big, blocks: [{ type: "text", text: "x".repeat(60_000) }] };
    const cut = fitCard(huge);
    for (const p of cut) expect(measureCard(p)).toBeLessThanOrEqual(TEAMS_CARD_LIMIT);
    expect(JSON.stringify(cut)).toContain("shortened to fit Teams");
  });

  it("the biggest reminder goes out through the connector as several messages, each under Teams' limit", async () => {
    const biggest = [...all]
      .filter((c) => c.card.purpose === "reminder")
      .sort((a, b) => measureCard({ ...b.card, thread: undefined }) - measureCard({ ...a.card, thread: undefined }))[0] as FixtureCard;
    const chat = "a:1size-chat";
    await h.t.db.conversationRef.create({
      data: { conversationId: chat, kind: "personal", serviceUrl: h.connector.serviceUrl, tenantId: TENANT },
    });
    await h.surface.messenger.send({ id: "ob-size", dedupeKey: "size:1", recipient: { teamsConversationId: chat }, card: biggest.card });
    const sent = h.connector.to(chat);
    expect(sent.length).toBe(teamsParts(biggest.card).length);
    expect(sent.length).toBeGreaterThan(1);
    for (const s of sent) expect(byteSize(s.activity)).toBeLessThanOrEqual(TEAMS_MESSAGE_HARD_LIMIT);
    const posted = JSON.stringify(sent.map((s) => s.activity));
    for (const id of itemIds([biggest.card, ...(biggest.card.thread ?? [])])) expect(posted).toContain(`rt|status|${id}|`);
  });
});

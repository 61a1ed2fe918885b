// Every card the council exports can produce (tests/integration/fixture-cards.ts), exactly as the Teams
// messenger would post it (split to fit, 1:1 editable view and the read-only channel view), is rendered by
// Microsoft's `adaptivecards` renderer in headless Chromium to PNG: no parse or validation problem, no
// browser error, a non-empty picture, and under Teams' size limit. The Thurrock card shows its scale's labels.
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEAMS_MESSAGE_HARD_LIMIT, TeamsMessenger } from "../../src/adapters/teams/messenger.js";
import { AdaptiveCardsBrowser } from "../helpers/ac-browser.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { type FixtureCard, fixtureCards, PLAN_FILES } from "./fixture-cards.js";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const OUT = join(tmpdir(), "ragtime-adaptivecards-png");

let browser: AdaptiveCardsBrowser;
let t: TestDb;
let messenger: TeamsMessenger;
const cards: FixtureCard[] = [];

beforeAll(async () => {
  for (const f of PLAN_FILES) cards.push(...(await fixtureCards(f)));
  t = await createSqliteTestDb();
  messenger = new TeamsMessenger({ db: t.db, http: () => null as never, defaultServiceUrl: "http://127.0.0.1:9" });
  browser = await new AdaptiveCardsBrowser().start();
  mkdirSync(OUT, { recursive: true });
}, 240_000);
afterAll(async () => {
  await browser?.stop();
  await t?.cleanup();
});

describe("adaptivecards renders every fixture card", () => {
  it("to PNG with no errors and under the size limit, in the 1:1 and the channel view", async () => {
    expect(browser.version).toMatch(/^1\.[56]/);
    let rendered = 0;
    for (const [n, { name, card }] of cards.entries()) {
      for (const kind of ["personal", "channel"] as const) {
        const parts = await messenger.parts({ ...card, actors: card.actors ?? ["someone"] }, kind, `ob${n}`, "someone");
        for (const [i, p] of parts.entries()) {
          const label = `${name} / ${kind} / part ${i + 1}`;
          expect(p.size, label).toBeLessThanOrEqual(TEAMS_MESSAGE_HARD_LIMIT);
          const r = await browser.render(p.activity.attachments[0]?.content);
          expect(r.problems, label).toEqual([]);
          expect(r.png.subarray(0, 8).equals(PNG_SIGNATURE), label).toBe(true);
          expect(r.height, label).toBeGreaterThan(40);
          if (kind === "personal" && i === 0) writeFileSync(join(OUT, `${String(n).padStart(3, "0")}.png`), r.png);
          rendered++;
        }
      }
    }
    expect(browser.consoleErrors).toEqual([]);
    expect(rendered).toBeGreaterThan(cards.length * 2);
  }, 400_000);

  it("the Thurrock 1-5 reminder shows each number with its meaning", async () => {
    const thurrock = cards.find((c) => c.name.startsWith("thurrock") && c.card.purpose === "reminder") as FixtureCard;
    const [root] = await messenger.parts(thurrock.card, "personal", "obt");
    const r = await browser.render(root?.activity.attachments[0]?.content);
    for (const label of ["1 · Significant delay", "2 · Some delay", "3 · On track", "4 · Complete, monitoring", "5 · Complete, can close"])
      expect(r.text).toContain(label);
  });
});

// Clicks are decided in the order they were acknowledged, in batches, while more keep arriving
// (services/act-batch.ts through the real Bolt app): one person clicking through one card, each click acked
// before the next is sent, leaves the history in click order and the milestone at the last click; a burst of
// concurrent clicks is recorded once each, in batches, and the milestone ends as its last recorded answer;
// the card (one message) ends showing that answer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredMessage } from "../fakes/slack-api.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { type SlackHarness, startSlackHarness } from "./slack-harness.js";
import { type Seeded, seededClick, seededReminderMessage, seedSlackPlan } from "./slack-seed.js";

describe("Slack: a burst of clicks on one card", () => {
  let tdb: TestDb;
  let h: SlackHarness;
  let seed: Seeded;
  let dm: StoredMessage;
  // a clock that moves on 1 ms per reading, so each answer's createdAt is the order it was decided in
  let ms = Date.UTC(2026, 10, 23, 10, 0, 0);

  beforeAll(async () => {
    tdb = await createSqliteTestDb();
    seed = await seedSlackPlan(tdb.db);
    h = await startSlackHarness(tdb.db, { now: () => new Date(ms++) });
    const { message } = seededReminderMessage(seed);
    dm = { channel: "D0KARA", ts: message.ts, text: message.text, blocks: message.blocks, user: "UBOT0001" };
    h.fake.messages.push(dm);
  });
  afterAll(async () => {
    await h?.close();
    await tdb?.cleanup();
  });

  const labelOf = (payload: Record<string, unknown>) => String((payload.actions as { value: string }[])[0]?.value);
  const history = async () =>
    (await tdb.db.statusUpdate.findMany({ where: { milestoneId: seed.milestoneId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map(
      (u) => u.statusLabel,
    );

  it("clicks acked one after another are recorded in that order, whatever is still being processed", async () => {
    const sent: string[] = [];
    for (let i = 0; i < 30; i++) {
      // 4, 1, 4, 2, ...: a person changing their mind on each new rendering
      const payload = seededClick(seed, [3, 0, 3, 1, 4][i % 5] as number, `o${i}-`, 1795005000 + i);
      expect((await h.interact(payload)).status).toBe(200);
      sent.push(labelOf(payload));
    }
    await h.surface.idle();
    expect(await history()).toEqual(sent);
    const m = await tdb.db.milestone.findUniqueOrThrow({ where: { id: seed.milestoneId } });
    expect(m.statusLabel).toBe(sent.at(-1));
  });

  it("a concurrent burst is recorded once per click, in batches, and the card ends at the milestone's last answer", async () => {
    const before = (await history()).length;
    const batchesBefore = h.surface.actStats.batches;
    const payloads = Array.from({ length: 60 }, (_, i) => seededClick(seed, i, `b${i}-`, 1795006000 + i));
    const res = await Promise.all(payloads.map((p) => h.interact(p)));
    expect(res.every((r) => r.status === 200)).toBe(true);
    // the same clicks again (Slack retries): nothing new
    await Promise.all(
      payloads.slice(0, 10).map((p) => h.interact(p, { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" })),
    );
    await h.surface.idle();
    const after = await history();
    expect(after.length - before).toBe(60);
    expect(h.surface.actStats.batches - batchesBefore).toBeLessThan(60);
    const m = await tdb.db.milestone.findUniqueOrThrow({ where: { id: seed.milestoneId } });
    expect(m.statusLabel).toBe(after.at(-1));
    // the message as Slack now holds it shows that answer
    const shown = h.fake.messages.find((x) => x.ts === dm.ts);
    expect(JSON.stringify(shown?.blocks)).toMatch(new RegExp(`"text":"${m.statusLabel}( \\([^"]*\\))? recorded by Kara Haskayne`));
  });
});

// Data protection: a whole run's log (info level, as in production) carries ids, kinds and lengths, never the
// plan or update text it handled. The run: an update with a narrative naming a family is recorded, a DM
// question quoting it is answered by the real Bolt app, the board digest (which quotes narratives) and the
// reminders go out through the log messenger. Then the log is searched for the narrative: it is not there.
// The same run with RAGTIME_LOG_TEXT's debug setting does show it (so the search can find it when it is there).
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { LogMessenger } from "../../src/delivery/log-messenger.js";
import { startOutboxWorker } from "../../src/delivery/worker.js";
import { postDigest } from "../../src/services/digest.js";
import { recordUpdate } from "../../src/services/recordUpdate.js";
import { runReminderTick } from "../../src/services/reminders.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { startSlackHarness } from "../integration/slack-harness.js";
import { type Seeded, seedSlackPlan } from "../integration/slack-seed.js";

const NARRATIVE = "Harrowgate family: child protection plan for the younger sibling ended after the conference";
const QUESTION = "what is overdue for the Harrowgate sibling case";
const NOW = new Date("2026-11-23T10:00:00Z");
let tdb: TestDb;
let seed: Seeded;

/** A fresh database per run, so both runs handle the same work. */
async function setUp(): Promise<void> {
  await tdb?.cleanup();
  tdb = await createSqliteTestDb();
  seed = await seedSlackPlan(tdb.db);
  // a person with no chat account owns an item: their reminder goes to the log messenger
  const nobody = await tdb.db.person.create({ data: { name: "Nora Nochat", normName: "nora nochat" } });
  await tdb.db.milestoneOwner.create({ data: { milestoneId: seed.secondMilestoneId, personId: nobody.id } });
  await tdb.db.milestone.update({ where: { id: seed.milestoneId }, data: { latestUpdate: NARRATIVE } });
  await tdb.db.board.create({ data: { name: "Improvement Board", planId: seed.planId } }); // no channel: the log
}
afterAll(async () => tdb?.cleanup());

async function run(debugText: boolean): Promise<string> {
  await setUp();
  const chunks: string[] = [];
  const sink = new Writable({
    write(c, _e, cb) {
      chunks.push(String(c));
      cb();
    },
  });
  const log = pino({ level: "info", base: { app: "ragtime" } }, sink);
  const h = await startSlackHarness(tdb.db, { now: () => NOW, log });
  const worker = startOutboxWorker({
    db: tdb.db,
    messengers: { log: new LogMessenger(log, { debugText }) },
    log,
    pollMs: 50,
    now: () => NOW,
  });
  try {
    const r = await recordUpdate(tdb.db, {
      milestoneId: seed.milestoneId,
      actorPersonId: seed.kara,
      source: "cli",
      idempotencyKey: `log-test-${debugText}`,
      now: NOW,
      detail: {
        optionId: "3",
        status: "on_track",
        statusLabel: "3",
        percentComplete: 50,
        narrative: NARRATIVE,
        impact: null,
        evidenceUrl: null,
        revisedDue: null,
        revisedReason: null,
        blockers: null,
      },
    });
    expect(r.ok).toBe(true);
    const dm = {
      type: "event_callback",
      event_id: `EvLOG${debugText}`,
      event: {
        type: "message",
        channel_type: "im",
        user: "U0KARA",
        text: `${QUESTION}: ${NARRATIVE}`,
        channel: "D0KARA",
        ts: "1795000200.000001",
      },
    };
    expect((await h.event(dm)).status).toBe(200);
    await h.fake.waitForCall("chat.postMessage", (c) => c.args.channel === "D0KARA");
    await h.surface.idle();
    const board = await tdb.db.board.findFirstOrThrow();
    await postDigest(tdb.db, board.id, NOW, NOW, { slack: false, teams: false });
    await runReminderTick(tdb.db, NOW, { enabled: { slack: false, teams: false } });
    for (let i = 0; i < 100 && (await tdb.db.outboxMessage.count({ where: { state: { not: "sent" } } })) > 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await tdb.db.outboxMessage.count({ where: { state: "sent", platform: "log" } })).toBeGreaterThan(0);
  } finally {
    await worker.stop();
    await h.close();
  }
  return chunks.join("");
}

describe("logs carry no plan or update text", () => {
  it("a whole run's log at info never contains the narrative or the question it handled", async () => {
    const text = await run(false);
    expect(text).toContain("log messenger: card"); // the run did log what it sent
    expect(text).not.toContain("Harrowgate");
    expect(text).not.toContain("sibling");
  }, 60_000);

  it("with the debug setting on, the same search finds it", async () => {
    const text = await run(true);
    expect(text).toContain("Harrowgate");
  }, 60_000);
});

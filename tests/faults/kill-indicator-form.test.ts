// kill -9 of the real service (`src/main.ts`, Slack in HTTP mode, against the fake Slack Web API) after it has
// stored and acknowledged an indicator form submission (the figure a person typed in the Bolt modal) and before
// it processed it; then a restart: the figure is recorded exactly once, the card in the DM is replaced by the
// recorded summary, and nothing acknowledged is left unprocessed.
//
// How the kill lands between the journal and the processing, every time: work after an ack waits until no
// Slack request has been in flight for 50 ms (at most 5 s; src/adapters/slack/surface.ts). The test keeps
// unsigned requests (answered 401, no other effect) going while it submits the form, so the processing is still
// waiting when the stored row is seen and the process is killed. The process really dies (SIGKILL of its group).
import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INDICATOR_CALLBACK_ID, INDICATOR_VIEW_KIND } from "../../src/adapters/slack/indicator-listeners.js";
import { renderModal } from "../../src/adapters/slack/render.js";
import { INDICATOR_INPUTS } from "../../src/core/cards/actions.js";
import { indicatorFormCard } from "../../src/core/cards/indicator.js";
import { importIndicators } from "../../src/services/importIndicators.js";
import { indicatorCardView } from "../../src/services/indicator-submit.js";
import { FakeSlackApi, signSlackRequest } from "../fakes/slack-api.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { freePort } from "../helpers/net.js";
import { startSlackService } from "../helpers/slack-service.js";
import { SIGNING_SECRET, viewSubmissionPayload } from "../integration/slack-harness.js";

const FIXTURE = join(import.meta.dirname, "../fixtures/indicators/blackpool-outcome-indicators.csv");
const DM_TS = "1795000001.000001";
let tdb: TestDb;
let indicatorId: string;
let view: Record<string, unknown>;
const fake = new FakeSlackApi();
let port = 0;

const startService = () => startSlackService({ port, databaseUrl: tdb.url, slackApiUrl: fake.apiUrl });

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });

beforeAll(async () => {
  await fake.start();
  port = await freePort();
  tdb = await createSqliteTestDb();
  await importIndicators(tdb.db, { file: FIXTURE, planKey: "blackpool", scale: "blackpool", now: new Date("2023-11-06T10:00:00Z") });
  await tdb.db.person.update({ where: { normName: "sara whitfield" }, data: { slackUserId: "U0SARA" } });
  indicatorId = (await tdb.db.indicator.findFirstOrThrow({ where: { ref: "OI1" } })).id;
  // the modal "Enter value" opened (as the listener renders it), bound to the request card in Sara's DM
  const card = await indicatorCardView(tdb.db, indicatorId, "2023-10");
  if (!card) throw new Error("no card view");
  const modal = renderModal(indicatorFormCard(card), { i: indicatorId, p: "2023-10", u: card.unit, c: "D0SARA", t: DM_TS } as never);
  view = { ...modal, callback_id: INDICATOR_CALLBACK_ID, id: "V0KILLED", hash: "1795000100.abcd" };
  fake.messages.push({ channel: "D0SARA", ts: DM_TS, text: "OI1: the figure for Oct 2023, please", blocks: [], user: "UBOT0001" });
  await tdb.db.$disconnect();
});
afterAll(async () => {
  await fake.stop();
  await tdb.close();
  rmSync(dirname(tdb.url.replace(/^file:/, "")), { recursive: true, force: true });
});

describe("kill -9 between storing an indicator figure and recording it", () => {
  it("the acknowledged figure is recorded once after the restart, and the card is updated", async () => {
    const first = await startService();
    const url = `http://127.0.0.1:${port}/slack/events`;
    // unsigned requests keep a Slack request in flight, so work after the ack keeps waiting (see above)
    let busy = true;
    const noise = Promise.all(
      Array.from({ length: 3 }, async () => {
        while (busy) await fetch(url, { method: "POST", body: "payload=%7B%7D" }).catch(() => undefined);
      }),
    );
    const payload = viewSubmissionPayload(view, "U0SARA", {
      [INDICATOR_INPUTS.value]: { value: "121.5" },
      [INDICATOR_INPUTS.note]: { value: "New hub in Grange Park" },
    });
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    let inbound: { id: string; kind: string; processedAt: Date | null } | null = null;
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...signSlackRequest(SIGNING_SECRET, body) },
        body,
      });
      // acknowledged: the form closed for the person
      expect(res.status).toBe(200);
      expect(await res.text()).toBe("");
      // stored before the ack (the journal commits first), not yet processed
      inbound = await tdb.db.inboundEvent.findFirst({ where: { kind: INDICATOR_VIEW_KIND } });
      expect(inbound).not.toBeNull();
      expect(inbound?.processedAt).toBeNull();
      expect(await tdb.db.indicatorValue.count({ where: { source: "slack" } })).toBe(0);
      if (first.child.pid) process.kill(-first.child.pid, "SIGKILL");
      await exited(first.child);
    } finally {
      busy = false;
      await noise;
    }
    expect(first.child.signalCode).toBe("SIGKILL");
    // dead before it processed anything: nothing recorded, nothing sent, the row still waiting
    expect(await tdb.db.indicatorValue.count({ where: { source: "slack" } })).toBe(0);
    expect(fake.callsOf("chat.update")).toHaveLength(0);
    expect((await tdb.db.inboundEvent.findUniqueOrThrow({ where: { id: inbound?.id as string } })).processedAt).toBeNull();

    const second = await startService();
    try {
      // the start-up pass processes it before the service says it is ready
      const row = await tdb.db.inboundEvent.findUniqueOrThrow({ where: { id: inbound?.id as string } });
      expect(row.processedAt).not.toBeNull();
      expect(JSON.parse(row.resultJson ?? "{}")).toMatchObject({ duplicate: false });
      const values = await tdb.db.indicatorValue.findMany({ where: { indicatorId, source: "slack" } });
      expect(values).toHaveLength(1);
      expect(values[0]).toMatchObject({ period: "2023-10", value: 121.5, note: "New hub in Grange Park" });
      const update = await fake.waitForCall("chat.update", (c) => c.args.ts === DM_TS);
      expect(JSON.stringify(update.args.blocks)).toContain("Recorded 121.5 per 10k for Oct 2023");
      expect(second.output()).toMatch(/processed interactions left over from before the restart/);
      expect(await tdb.db.inboundEvent.count({ where: { processedAt: null } })).toBe(0);
    } finally {
      if (second.child.pid) process.kill(-second.child.pid, "SIGTERM");
      await exited(second.child);
    }
  }, 180_000);
});

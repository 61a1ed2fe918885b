// `/ragtime share` posts plan content only into a channel bound to a board of that plan, or when an
// administrator asks; anyone else is refused clearly and gets the answer only for themselves.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHARE_REFUSAL } from "../../src/services/share.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { type SlackHarness, startSlackHarness } from "./slack-harness.js";
import { seedSlackPlan } from "./slack-seed.js";

const NOW = new Date("2026-11-23T10:00:00Z");
let tdb: TestDb;
let h: SlackHarness;

beforeAll(async () => {
  tdb = await createSqliteTestDb();
  const seed = await seedSlackPlan(tdb.db);
  await tdb.db.board.create({ data: { name: "Improvement Board", planId: seed.planId, slackChannelId: "C0BOARD" } });
  h = await startSlackHarness(tdb.db, { now: () => NOW, admins: "U0GLOBAL" });
});
afterAll(async () => {
  await h?.close();
  await tdb?.cleanup();
});

const share = async (n: number, user: string, channel: string) => {
  await h.command({
    token: "unused",
    team_id: "T0TEST",
    channel_id: channel,
    user_id: user,
    command: "/ragtime",
    text: "share status of 3.1",
    response_url: `${h.fake.url}/respond/share${n}`,
    trigger_id: `2000${n}.17653672481.abc${n}`,
  });
  await h.fake.waitFor(() => h.fake.responses.find((r) => r.path === `/respond/share${n}`), `reply ${n}`);
  await h.surface.idle();
  return h.fake.responses.filter((r) => r.path === `/respond/share${n}`).map((r) => r.body);
};

describe("/ragtime share", () => {
  it("refuses to post plan content in a channel that is not a board of the plan, and answers the asker privately", async () => {
    const replies = await share(1, "U0KARA", "C0RANDOM");
    expect(replies[0]).toMatchObject({ response_type: "ephemeral", text: SHARE_REFUSAL });
    expect(replies.length).toBeGreaterThan(1);
    expect(replies.every((r) => r.response_type === "ephemeral")).toBe(true);
    expect(JSON.stringify(replies.slice(1))).toContain("3.1");
  });

  it("posts it in a channel bound to a board of the plan", async () => {
    const replies = await share(2, "U0KARA", "C0BOARD");
    expect(replies.every((r) => r.response_type === "in_channel")).toBe(true);
    expect(JSON.stringify(replies)).toContain("3.1");
  });

  it("posts it anywhere when an administrator asks", async () => {
    const replies = await share(3, "U0GLOBAL", "C0RANDOM");
    expect(replies.every((r) => r.response_type === "in_channel")).toBe(true);
  });
});

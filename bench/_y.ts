import { performance } from "node:perf_hooks";
import { blockActionsPayload, startSlackHarness } from "../tests/integration/slack-harness.js";
import { seedSlackPlan } from "../tests/integration/slack-seed.js";
import { createSqliteTestDb } from "../tests/helpers/db.js";
const tdb = await createSqliteTestDb();
await seedSlackPlan(tdb.db);
const h = await startSlackHarness(tdb.db, { now: () => new Date(), workConcurrency: 0 });
const message = { ts: "1.1", text: "x", blocks: [] };
const el = { type: "button", action_id: "rt|page||", value: "x", text: { type: "plain_text", text: "x" } };
const lat: number[] = [];
for (let i = 0; i < 200; i++) {
  const body = new URLSearchParams({ payload: JSON.stringify(blockActionsPayload({ user: "U0KARA", channel: "D0KARA", message, blockId: "b", element: el, actionTs: `1.${i}` })) }).toString();
  const t0 = performance.now();
  const r = await h.post(body, { contentType: "application/x-www-form-urlencoded" });
  await r.arrayBuffer();
  lat.push(performance.now() - t0);
}
lat.sort((a, b) => a - b);
console.log("seq p50", lat[100], "p99", lat[197]);
process.exit(0);

import { performance } from "node:perf_hooks";
import { createSqliteTestDb } from "../tests/helpers/db.js";
import { seedSlackPlan } from "../tests/integration/slack-seed.js";
import { defaultServices } from "../src/adapters/slack/services.js";
const tdb = await createSqliteTestDb();
const seed = await seedSlackPlan(tdb.db);
const db = tdb.db;
const s = defaultServices({ enabled: { slack: true, teams: false } });
const times: Record<string, number> = {};
const T = async <X>(k: string, f: () => Promise<X>) => { const t = performance.now(); const r = await f(); times[k] = (times[k] ?? 0) + performance.now() - t; return r; };
for (let i = 0; i < 100; i++) {
  const r = await T("receive", () => s.receiveInbound(db, { key: `k${i}`, source: "slack", kind: "x", payload: { a: "x".repeat(8000) } }));
  const p = await T("person", () => s.findPersonBySlackId(db, "U0KARA"));
  await T("canRecord", () => s.canRecord(db, seed.milestoneId, p!.id));
  await T("record", () => s.recordUpdate(db, { milestoneId: seed.milestoneId, actorPersonId: p!.id, source: "slack", idempotencyKey: `i${i}`, now: new Date(), optionId: "3" }));
  await T("mark", () => s.markInboundProcessed(db, r.id, { ok: true }));
}
for (const [k, v] of Object.entries(times)) console.log(k, (v / 100).toFixed(2), "ms");
await tdb.cleanup();

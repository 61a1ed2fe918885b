// A scheduler + outbox worker process for the multi-process tests (run with `node --import tsx`):
// every second it runs the reminder tick as of AS_OF, and the worker drains the outbox to the fake
// platform at FAKE_URL. Env: DATABASE_URL, AS_OF, FAKE_URL, WORKER_ID, LEASE_MS.

import { systemClock } from "../../src/clock.js";
import { startOutboxWorker } from "../../src/delivery/worker.js";
import { createLogger } from "../../src/logger.js";
import { startScheduler } from "../../src/scheduler/index.js";
import { runReminderTick } from "../../src/services/reminders.js";
import { openDb } from "../../src/storage/db.js";
import { HttpTestMessenger } from "../fakes/http-messenger.js";

const env = (k: string): string => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is required`);
  return v;
};
const asOf = new Date(env("AS_OF"));
const workerId = env("WORKER_ID");
const log = createLogger(process.env.LOG_LEVEL ?? "warn");
const h = openDb(env("DATABASE_URL"));
const scheduler = startScheduler(
  [
    {
      name: "reminders",
      cron: "*/5 * * * * *",
      run: async () => void (await runReminderTick(h.db, asOf, { enabled: { slack: true, teams: false } })),
    },
  ],
  log,
  // this process is a composition root (a replica): the real clock moves on, so leases expire after kill -9
  systemClock,
);
const worker = startOutboxWorker({
  db: h.db,
  messengers: { slack: new HttpTestMessenger("slack", env("FAKE_URL"), workerId) },
  limits: { rules: [] },
  log,
  now: systemClock.now,
  workerId,
  pollMs: 100,
  leaseMs: Number(process.env.LEASE_MS ?? 2000),
  batchSize: 20,
  backoffBaseMs: 200,
});
console.log("ready");
process.on("SIGTERM", async () => {
  await scheduler.stop();
  await worker.stop();
  await h.close();
  process.exit(0);
});

// A reminder waits in the outbox (rate limits, a recipient's delivery window, retries) between being planned
// and being sent. If meanwhile every milestone in it was completed, paused, snoozed or removed, sending it
// would chase someone about work that is done: the outbox worker asks here first (WorkerOptions.withdrawReason)
// and withdraws it instead. A reminder with at least one item still open is sent as planned.
import type { Db } from "../storage/db.js";
import { reminderMilestonesNow } from "../storage/reminders.js";

export async function reminderWithdrawReason(db: Db, outboxId: string, now: Date): Promise<string | null> {
  const r = await reminderMilestonesNow(db, outboxId);
  if (!r) return null; // not a reminder (a digest, an answer...)
  const open = r.milestones.filter(
    (m) => m.status !== "complete" && !m.paused && !(m.snoozedUntil && m.snoozedUntil.getTime() > now.getTime()),
  );
  if (open.length > 0) return null;
  const all = r.milestones;
  const count = (p: (m: (typeof all)[number]) => boolean) => all.filter(p).length;
  const parts = [
    [count((m) => m.status === "complete"), "completed"],
    [count((m) => m.status !== "complete" && m.paused), "paused"],
    [count((m) => m.status !== "complete" && !m.paused), "snoozed"],
  ]
    .filter(([n]) => Number(n) > 0)
    .map(([n, what]) => `${n} ${what}`);
  const removed = all.length === 0 ? ["its milestones were removed from the plan"] : [];
  return `withdrawn before sending: nothing in this ${r.kind} reminder is open any more (${[...parts, ...removed].join(", ")})`;
}

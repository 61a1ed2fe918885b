// The after-ack work queue: gives way to pending acks (up to maxDeferMs), limits concurrency, lets urgent
// jobs (views.open within 3 s of a click) skip the queue, and idle() waits for everything.
import { describe, expect, it } from "vitest";
import { createWorkQueue } from "../../src/adapters/slack/work-queue.js";

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("slack work queue", () => {
  it("holds work while the gate is closed, runs it when an ack finishes, never more than `concurrency` at once", async () => {
    let open = false;
    const q = createWorkQueue({ concurrency: 2, gate: () => open, maxDeferMs: 60_000 });
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    const job = (n: number) => async () => {
      running += 1;
      peak = Math.max(peak, running);
      await tick();
      running -= 1;
      done.push(n);
    };
    for (let i = 0; i < 6; i++) void q.run(job(i));
    await tick();
    await tick();
    expect(done).toEqual([]);
    expect(q.pending).toBe(6);
    open = true;
    q.pump();
    await q.idle();
    expect(done.sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
  });

  it("runs deferred work anyway after maxDeferMs, and urgent work at once", async () => {
    const q = createWorkQueue({ concurrency: 1, gate: () => false, maxDeferMs: 30 });
    const order: string[] = [];
    const deferred = q.run(async () => {
      order.push("deferred");
    });
    await q.run(
      async () => {
        order.push("urgent");
      },
      { urgent: true },
    );
    expect(order).toEqual(["urgent"]);
    await deferred;
    expect(order).toEqual(["urgent", "deferred"]);
  });

  it("a failing job rejects its own promise and does not block the queue", async () => {
    const q = createWorkQueue({ concurrency: 1 });
    await expect(q.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(q.run(async () => 42)).resolves.toBe(42);
    await q.idle();
    expect(q.pending).toBe(0);
  });
});

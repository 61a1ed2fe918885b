// The line behind the after-ack work (services/act-batch.ts createActBatcher): submissions are decided in the
// order their places were reserved, whatever order they are submitted in; a place given up is skipped; those
// waiting together are decided together; one failing submission fails only itself. And services/turns.ts
// resumes its waiters a few per event-loop turn, in order.
import { describe, expect, it } from "vitest";
import type { ActOutcome } from "../../src/services/act.js";
import { type ActRequest, type ActSettled, createActBatcher } from "../../src/services/act-batch.js";
import { createTurns } from "../../src/services/turns.js";

const req = (n: number): ActRequest => ({
  submission: { kind: "status", milestoneId: `m${n}`, value: String(n) },
  actor: { platform: "slack", userId: "U1" },
  surface: { platform: "slack", answerKey: `k${n}` },
  now: new Date("2026-11-23T10:00:00Z"),
});
const none = (n: number): ActOutcome => ({ kind: "none", result: { n } });

describe("act batcher", () => {
  it("decides in reservation order, skips places given up, and gathers what waits together", async () => {
    const batches: number[][] = [];
    const b = createActBatcher(async (reqs) => {
      batches.push(reqs.map((r) => Number((r.submission as { value: string }).value)));
      return reqs.map((r) => ({ ok: true, outcome: none(Number((r.submission as { value: string }).value)) }));
    });
    const t = Array.from({ length: 6 }, () => b.reserve());
    // submitted back to front; place 2 is given up; none may go before place 0
    const results = [5, 4, 3, 1].map((n) => (t[n] as (typeof t)[0]).act(req(n)));
    t[2]?.release();
    await new Promise((r) => setTimeout(r, 20));
    expect(batches).toEqual([]); // place 0 is still open: nothing is decided out of turn
    const first = t[0]?.act(req(0));
    const out = await Promise.all([first, ...results]);
    expect(out.map((o) => o?.result.n)).toEqual([0, 5, 4, 3, 1]);
    expect(batches).toEqual([[0, 1, 3, 4, 5]]);
    expect(b.stats).toMatchObject({ batches: 1, submissions: 5, largestBatch: 5 });
  });

  it("a submission whose decision failed is rejected alone; the line goes on", async () => {
    const b = createActBatcher(async (reqs) =>
      reqs.map(
        (r): ActSettled =>
          r.surface.answerKey === "k1" ? { ok: false, error: new Error("database locked") } : { ok: true, outcome: none(0) },
      ),
    );
    const [a, c, d] = [b.reserve(), b.reserve(), b.reserve()];
    const got = await Promise.allSettled([a.act(req(0)), c.act(req(1)), d.act(req(2))]);
    expect(got.map((g) => g.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const later = b.reserve();
    await expect(later.act(req(3))).resolves.toMatchObject({ kind: "none" });
  });
});

describe("turns", () => {
  it("resumes waiters in order, perTurn at a time, with timers and I/O let in between", async () => {
    const turns = createTurns({ perTurn: 2 });
    const order: string[] = [];
    const waits = Array.from({ length: 6 }, (_, i) => turns.take().then(() => order.push(`w${i}`)));
    // an immediate queued now runs after the first turn only, not after all of them
    setImmediate(() => order.push("other"));
    await Promise.all(waits);
    expect(order.filter((o) => o.startsWith("w"))).toEqual(["w0", "w1", "w2", "w3", "w4", "w5"]);
    expect(order.indexOf("other")).toBeLessThan(order.indexOf("w5"));
    expect(turns.waiting).toBe(0);
  });
});

// chat.update to one message (src/adapters/slack/message-updates.ts): one at a time, in order; an update still
// waiting when a newer one comes is dropped (the newer one replaces the whole message); different messages go
// out side by side.
import { describe, expect, it } from "vitest";
import { createMessageUpdates } from "../../src/adapters/slack/message-updates.js";

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("message updates", () => {
  it("sends the first and the latest of a run to one message, never two at once, the latest last", async () => {
    const u = createMessageUpdates();
    const sent: number[] = [];
    let inFlight = 0;
    let peak = 0;
    const send = (n: number) => async () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await later(10);
      sent.push(n);
      inFlight -= 1;
    };
    const results = await Promise.all([1, 2, 3, 4].map((n) => u.send("D1:1.1", send(n))));
    expect(sent).toEqual([1, 4]);
    expect(results).toEqual([true, false, false, true]);
    expect(peak).toBe(1);
  });

  it("with gatherMs, a burst to one message is one update; other messages are not held up", async () => {
    const u = createMessageUpdates({ gatherMs: 20 });
    const sent: string[] = [];
    const all = [];
    for (let i = 0; i < 5; i++) {
      all.push(u.send("D1:1.1", async () => void sent.push(`a${i}`)));
      all.push(u.send(`D${i + 2}:1.1`, async () => void sent.push(`b${i}`)));
      await later(1);
    }
    await Promise.all(all);
    expect(sent.filter((s) => s.startsWith("a"))).toEqual(["a4"]);
    expect(sent.filter((s) => s.startsWith("b")).sort()).toEqual(["b0", "b1", "b2", "b3", "b4"]);
  });

  it("a failed update rejects its caller only; the next one is still sent", async () => {
    const u = createMessageUpdates();
    const first = u.send("D1:1.1", async () => {
      await later(5);
      throw new Error("ratelimited");
    });
    const second = u.send("D1:1.1", async () => "ok");
    await expect(first).rejects.toThrow("ratelimited");
    await expect(second).resolves.toBe(true);
  });
});

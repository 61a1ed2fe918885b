// Slow clients on the one HTTP server (src/http/server.ts, as main.ts creates it) with the real Bolt app mounted:
// a client sending its headers a byte at a time is cut off at headersTimeout, one that never finishes its body at
// requestTimeout, connections over the cap are dropped as they arrive; and none of them holds back an
// acknowledged click's after-ack work (recorded and the card updated while the slow sockets are still open).
// The limits here are the production ones scaled down (1 s / 2 s, checked every 100 ms) so the test is short;
// the production values are checked to be what main.ts serves with.
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpServer, HTTP_LIMITS, type HttpLimits } from "../../src/http/server.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { type SlackHarness, startSlackHarness } from "../integration/slack-harness.js";
import { type Seeded, seededClick, seededReminderMessage, seedSlackPlan } from "../integration/slack-seed.js";

const LIMITS: HttpLimits = {
  headersTimeoutMs: 1000,
  requestTimeoutMs: 2000,
  keepAliveTimeoutMs: 500,
  maxConnections: 12,
  checkEveryMs: 100,
};
let tdb: TestDb;
let h: SlackHarness;
let seed: Seeded;

beforeAll(async () => {
  tdb = await createSqliteTestDb();
  seed = await seedSlackPlan(tdb.db);
  h = await startSlackHarness(tdb.db, { now: () => new Date("2026-11-23T10:00:00Z"), limits: LIMITS });
  const { message } = seededReminderMessage(seed);
  h.fake.messages.push({ channel: "D0KARA", ts: message.ts, text: message.text, blocks: message.blocks, user: "UBOT0001" });
});
afterAll(async () => {
  await h?.close();
  await tdb?.cleanup();
});

interface Slow {
  socket: Socket;
  /** what the server sent, and when the socket closed (ms after it opened) */
  ended: Promise<{ got: string; afterMs: number }>;
}

function open(): Slow {
  const u = new URL(h.url);
  const socket = connect(Number(u.port), u.hostname);
  const t0 = performance.now();
  let got = "";
  socket.on("data", (d) => {
    got += String(d);
  });
  const ended = new Promise<{ got: string; afterMs: number }>((resolve) => {
    socket.on("close", () => resolve({ got, afterMs: performance.now() - t0 }));
    socket.on("error", () => undefined);
  });
  return { socket, ended };
}

const HEAD = "POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n";

describe("the HTTP server's limits", () => {
  it("main.ts serves with the production limits (headers 10 s, request 15 s, keep-alive 5 s, 1,024 connections, checked every second)", () => {
    const s = createHttpServer(() => undefined);
    expect([s.headersTimeout, s.requestTimeout, s.keepAliveTimeout, s.maxConnections]).toEqual([10_000, 15_000, 5_000, 1024]);
    expect(HTTP_LIMITS.checkEveryMs).toBe(1000);
    s.close();
  });

  it("cuts off a client trickling its headers and one that never finishes its body, while an acked click is processed", async () => {
    // headers one byte every 100 ms: they would take ~10 s
    const trickle = open();
    let i = 0;
    const drip = setInterval(() => {
      if (i < HEAD.length && !trickle.socket.destroyed) trickle.socket.write(HEAD[i++] as string);
    }, 100);
    // headers complete, then 10 bytes of a 5,000-byte body and nothing more
    const stall = open();
    stall.socket.write(`${HEAD}X-Slack-Signature: v0=00\r\nX-Slack-Request-Timestamp: ${Math.floor(Date.now() / 1000)}\r\n\r\n{"type":"x`);
    try {
      // meanwhile a real click: acked, recorded and its card updated before either slow socket is let go
      const res = await h.interact(seededClick(seed, 1, "s", 1795009300));
      expect(res.status).toBe(200);
      await h.fake.waitForCall("chat.update");
      expect(await tdb.db.statusUpdate.count({ where: { source: "slack" } })).toBe(1);
      expect(trickle.socket.destroyed || stall.socket.destroyed).toBe(false);

      const [t, s] = await Promise.all([trickle.ended, stall.ended]);
      // the server closed both: 408 Request Timeout (or a plain close while headers were still arriving)
      expect(t.got === "" || t.got.startsWith("HTTP/1.1 408")).toBe(true);
      expect(s.got).toMatch(/^HTTP\/1\.1 (408|400)/);
      // cut off at about its timeout plus one check, not after the 10 s the trickle would take
      expect(t.afterMs).toBeGreaterThanOrEqual(LIMITS.headersTimeoutMs - 50);
      expect(t.afterMs).toBeLessThan(HEAD.length * 100);
      expect(s.afterMs).toBeGreaterThanOrEqual(LIMITS.requestTimeoutMs - 50);
      expect(i).toBeLessThan(HEAD.length);
    } finally {
      clearInterval(drip);
      trickle.socket.destroy();
      stall.socket.destroy();
    }
  }, 20_000);

  it("connections over the cap are dropped as they arrive; the service answers again once the slow ones are cut off", async () => {
    const held = Array.from({ length: LIMITS.maxConnections }, () => open());
    await Promise.all(held.map((c) => new Promise((r) => c.socket.once("connect", r))));
    for (const c of held) c.socket.write("POST /slack/events HTTP/1.1\r\nHost: x\r\n");
    await new Promise((r) => setTimeout(r, 100));
    const over = open();
    const dropped = await over.ended;
    expect(dropped.got).toBe("");
    expect(dropped.afterMs).toBeLessThan(LIMITS.headersTimeoutMs);
    // the held ones reach their headers timeout and are closed; then a click gets in and is recorded
    await Promise.all(held.map((c) => c.ended));
    const updates = () => h.fake.calls.filter((c) => c.method === "chat.update");
    const before = updates().length;
    const res = await h.interact(seededClick(seed, 2, "t", 1795009400));
    expect(res.status).toBe(200);
    await h.fake.waitForCall("chat.update", (c) => updates().indexOf(c) >= before);
    expect(await tdb.db.statusUpdate.count({ where: { source: "slack" } })).toBe(2);
    for (const c of held) c.socket.destroy();
  }, 20_000);
});

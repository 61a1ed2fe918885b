// Hostile HTTP: bodies over what the platform sends are refused from their Content-Length, unread; unsigned
// Slack bodies may only be a tiny ssl_check; Slack timestamps more than 5 minutes away are refused BOTH ways;
// and a client trickling its body does not hold back the processing of others' acknowledged clicks.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SLACK_BODY_LIMIT } from "../../src/adapters/slack/http-receiver.js";
import { signSlackRequest } from "../fakes/slack-api.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { SIGNING_SECRET, type SlackHarness, startSlackHarness } from "../integration/slack-harness.js";
import { type Seeded, seededClick, seededReminderMessage, seedSlackPlan } from "../integration/slack-seed.js";

let tdb: TestDb;
let h: SlackHarness;
let seed: Seeded;

beforeAll(async () => {
  tdb = await createSqliteTestDb();
  seed = await seedSlackPlan(tdb.db);
  h = await startSlackHarness(tdb.db, { now: () => new Date("2026-11-23T10:00:00Z") });
  const { message } = seededReminderMessage(seed);
  h.fake.messages.push({ channel: "D0KARA", ts: message.ts, text: message.text, blocks: message.blocks, user: "UBOT0001" });
});
afterAll(async () => {
  await h?.close();
  await tdb?.cleanup();
});

/** Sends raw request headers (and optionally part of a body); resolves with the status line once the server answers. */
function raw(head: string, body = ""): { status: Promise<string>; socket: ReturnType<typeof connect> } {
  const u = new URL(h.url);
  const socket = connect(Number(u.port), u.hostname);
  const status = new Promise<string>((resolve) => {
    let got = "";
    socket.on("data", (d) => {
      got += String(d);
      if (got.includes("\r\n")) resolve(got.split("\r\n")[0] ?? "");
    });
    socket.on("error", () => resolve(got.split("\r\n")[0] ?? "error"));
    socket.on("close", () => resolve(got.split("\r\n")[0] ?? "closed"));
  });
  socket.write(head + body);
  return { status, socket };
}

const headOf = (length: number, extra: Record<string, string> = {}) =>
  `POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n${Object.entries(extra)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join("")}\r\n`;

describe("HTTP hardening", () => {
  it("refuses a Slack body larger than Slack sends (413) from its Content-Length, before a byte of it arrives", async () => {
    const signed = signSlackRequest(SIGNING_SECRET, "{}");
    const r = raw(headOf(SLACK_BODY_LIMIT + 1, signed));
    expect(await r.status).toBe("HTTP/1.1 413 Payload Too Large");
    r.socket.destroy();
  });

  it("an unsigned body may only be a tiny ssl_check: 413 above 4 KB, 401 otherwise, nothing stored", async () => {
    const before = await tdb.db.inboundEvent.count();
    const big = raw(headOf(100_000));
    expect(await big.status).toBe("HTTP/1.1 413 Payload Too Large");
    big.socket.destroy();
    const res = await fetch(`${h.url}/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ payload: JSON.stringify(seededClick(seed, 1, "u", 1795009000)) }).toString().slice(0, 3000),
    });
    expect(res.status).toBe(401);
    expect(await tdb.db.inboundEvent.count()).toBe(before);
  });

  it("refuses a Slack timestamp 10 minutes in the future as well as one 10 minutes old", async () => {
    const body = JSON.stringify(seededClick(seed, 2, "t", 1795009100));
    const nowS = Math.floor(Date.now() / 1000);
    expect((await h.post(body, { ts: nowS + 600 })).status).toBe(401);
    expect((await h.post(body, { ts: nowS - 600 })).status).toBe(401);
    expect((await h.post(body, { ts: nowS + 30 })).status).not.toBe(401);
  });

  it("a client trickling its body does not hold back the processing of an acknowledged click", async () => {
    // a signed request whose body arrives one byte a second (it would take 1000 s)
    const signed = signSlackRequest(SIGNING_SECRET, "x".repeat(1000));
    const slow = raw(headOf(1000, signed), "{");
    const drip = setInterval(() => slow.socket.write(" "), 1000);
    let bytes = 1;
    const counter = setInterval(() => (bytes += 1), 1000);
    try {
      const res = await h.interact(seededClick(seed, 3, "s", 1795009200));
      expect(res.status).toBe(200);
      await h.fake.waitForCall("chat.update");
      // before this change the work queue waited for the slow request (up to 5 s: 5 more bytes)
      expect(bytes).toBeLessThan(4);
      expect(slow.socket.destroyed).toBe(false);
    } finally {
      clearInterval(drip);
      clearInterval(counter);
      slow.socket.destroy();
    }
  });
});

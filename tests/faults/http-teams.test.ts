// Hostile HTTP on the Teams endpoint (issue 17): POST /api/messages refuses, from the headers alone and before a
// byte of the body is read, a body larger than Bot Framework sends (413) and a request with no or an invalid
// Authorization header (401). The same admission decision as Slack's (src/http/admission.ts). Each case sends
// the headers and holds the body back: the answer arriving anyway shows the body was never waited for.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEAMS_BODY_LIMIT } from "../../src/adapters/teams/surface.js";
import { APP_ID, type Harness, installActivity, startHarness } from "../integration/teams.harness.js";

const NOW = new Date("2018-01-29T10:00:00Z");
let h: Harness;

beforeAll(async () => {
  h = await startHarness(NOW);
});
afterAll(async () => h?.close());

/** Sends the request head (and optionally a part of the body); resolves with the status line and body once answered. */
function raw(head: string, body = "") {
  const u = new URL(h.base);
  const socket = connect(Number(u.port), u.hostname);
  const answer = new Promise<{ status: string; text: string }>((resolve) => {
    let got = "";
    const done = () => resolve({ status: got.split("\r\n")[0] ?? "", text: got.split("\r\n\r\n")[1] ?? "" });
    socket.on("data", (d) => {
      got += String(d);
      if (got.includes("\r\n\r\n")) setTimeout(done, 50);
    });
    socket.on("error", done);
    socket.on("close", done);
  });
  socket.write(head + body);
  return { answer, socket };
}

const headOf = (length: number | null, extra: Record<string, string> = {}) =>
  `POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${length === null ? "Transfer-Encoding: chunked\r\n" : `Content-Length: ${length}\r\n`}${Object.entries(
    extra,
  )
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join("")}\r\n`;

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
/** a token-shaped string that is not the real thing (header and claims as given, junk signature) */
const forged = (head: unknown, claims: unknown) => `${b64(head)}.${b64(claims)}.c2lnbmF0dXJl`;

async function stored() {
  return [await h.t.db.inboundEvent.count(), await h.t.db.conversationRef.count()];
}

describe("POST /api/messages: refused before the body", () => {
  it("a body larger than Bot Framework sends: 413 from its Content-Length, token or not", async () => {
    const signed = raw(headOf(TEAMS_BODY_LIMIT + 1, { Authorization: `Bearer ${await h.token()}` }));
    const a = await signed.answer;
    expect(a.status).toBe("HTTP/1.1 413 Payload Too Large");
    expect(a.text).toContain(`at most ${TEAMS_BODY_LIMIT / 1024} KB`);
    signed.socket.destroy();
    const unsigned = raw(headOf(10 * 1024 * 1024));
    expect((await unsigned.answer).status).toBe("HTTP/1.1 413 Payload Too Large");
    unsigned.socket.destroy();
  });

  const exp = Math.floor(Date.now() / 1000) + 3600;
  const cases: [string, () => Promise<string | undefined>][] = [
    ["no Authorization header", async () => undefined],
    ["Bearer null (what the 2.0 SDK sends without a token)", async () => "Bearer null"],
    ["not a bearer token", async () => "Basic dXNlcjpwYXNz"],
    ["a token for another bot", async () => `Bearer ${await h.token({ audience: "some-other-bot" })}`],
    ["an expired token", async () => `Bearer ${await h.token({ expiresIn: -3600 })}`],
    ["alg none", async () => `Bearer ${forged({ alg: "none", typ: "JWT" }, { aud: APP_ID, exp })}`],
    ["claims that are not JSON", async () => `Bearer ${b64({ alg: "RS256" })}.bm90IGpzb24.c2ln`],
  ];
  for (const [name, auth] of cases)
    it(`${name}: 401 while the body is still to come, nothing stored`, async () => {
      const before = await stored();
      const value = await auth();
      const r = raw(headOf(200_000, value === undefined ? {} : { Authorization: value }), '{"type":"message"');
      const a = await r.answer;
      expect(a.status).toBe("HTTP/1.1 401 Unauthorized");
      expect(a.text).toContain(`{"error":"unauthorized"}`);
      r.socket.destroy();
      expect(await stored()).toEqual(before);
    });

  it("a well-formed token with a forged signature passes the header check and is refused by the SDK (401) on the capped body", async () => {
    const before = await stored();
    const install = installActivity(h, { id: "29:forger", aadObjectId: "aad-forger" }, "a:1forged");
    const res = await h.post(
      install,
      forged({ alg: "RS256", kid: "x", typ: "JWT" }, { aud: APP_ID, exp, iss: "https://api.botframework.com" }),
    );
    expect(res.status).toBe(401);
    expect(await stored()).toEqual(before);
  });

  it("a body without a Content-Length is read only up to the cap (413), even with a valid token", async () => {
    const r = raw(headOf(null, { Authorization: `Bearer ${await h.token()}` }));
    const chunk = "x".repeat(64 * 1024);
    for (let i = 0; i < 6 && !r.socket.destroyed; i++) r.socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    r.socket.write("0\r\n\r\n");
    expect((await r.answer).status).toBe("HTTP/1.1 413 Payload Too Large");
    r.socket.destroy();
  });

  it("a real Bot Framework activity with its token still goes through", async () => {
    const res = await h.post(installActivity(h, { id: "29:ok", aadObjectId: "aad-ok" }, "a:1ok-chat"));
    expect(res.status).toBe(200);
    expect(await h.t.db.conversationRef.count({ where: { conversationId: "a:1ok-chat" } })).toBe(1);
  });
});

// How connector failures map onto the outbox's retry rules.
import { describe, expect, it } from "vitest";
import { classifySendError, retryAfterMs } from "../../src/adapters/teams/messenger.js";
import { cardActors } from "../../src/core/cards/model.js";
import { messageCard, reminderCards } from "../../src/core/cards/reminder.js";
import { scaleOf } from "../../src/core/status.js";
import { PermanentSendError, RateLimitedError } from "../../src/delivery/messenger.js";

const httpError = (status: number, headers: Record<string, string> = {}) => ({
  response: { status, headers, data: { error: { code: "x" } } },
});

describe("classifySendError", () => {
  it("429 -> RateLimitedError with Retry-After (seconds or HTTP date)", () => {
    const e = classifySendError(httpError(429, { "retry-after": "3" }));
    expect(e).toBeInstanceOf(RateLimitedError);
    expect((e as RateLimitedError).retryAfterMs).toBe(3000);
    const now = Date.parse("2026-11-22T10:00:00Z");
    expect(retryAfterMs("Sun, 22 Nov 2026 10:00:05 GMT", now)).toBe(5000);
    expect(retryAfterMs(undefined)).toBe(1000);
  });
  it("5xx and network errors are retryable; 400/403/404 are permanent", () => {
    for (const s of [500, 502, 503]) {
      const e = classifySendError(httpError(s));
      expect(e).not.toBeInstanceOf(PermanentSendError);
      expect(e).not.toBeInstanceOf(RateLimitedError);
    }
    expect(classifySendError(new Error("ECONNREFUSED")).message).toContain("unreachable");
    for (const s of [400, 403, 404]) expect(classifySendError(httpError(s))).toBeInstanceOf(PermanentSendError);
  });
});

describe("cardActors", () => {
  it("defaults to the recipient for cards with items to act on, nobody for plain messages", () => {
    const [reminder] = reminderCards({ kind: "due", planName: "P", scale: scaleOf("rag"), recipientName: "K", items: [] });
    expect(cardActors(messageCard("answer", "A", ["x"]), "p1")).toEqual([]);
    expect(
      cardActors({ ...reminder!, blocks: [{ type: "item", milestoneId: "m", title: "t", fields: [], buttons: [], menus: [] }] }, "p1"),
    ).toEqual(["p1"]);
    expect(cardActors({ ...reminder!, actors: ["p2"] }, "p1")).toEqual(["p2"]);
  });
});

// Test-only Messenger that POSTs each message to the fake chat platform (tests/fakes/chat-platform.ts).
// Maps HTTP 429 + Retry-After to RateLimitedError, 4xx to PermanentSendError, anything else to a retryable error.
import {
  type Messenger,
  type OutgoingMessage,
  PermanentSendError,
  type Platform,
  RateLimitedError,
  type SendResult,
} from "../../src/delivery/messenger.js";

export class HttpTestMessenger implements Messenger {
  constructor(
    readonly platform: Platform,
    private readonly baseUrl: string,
    private readonly workerId = "test",
  ) {}

  async send(m: OutgoingMessage): Promise<SendResult> {
    const res = await fetch(`${this.baseUrl}/send`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        dedupeKey: m.dedupeKey,
        outboxId: m.id,
        to: m.recipient.slackUserId ?? m.recipient.personName,
        workerId: this.workerId,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    const json = (await res.json().catch(() => ({}))) as { ref?: string; retryAfterMs?: number };
    if (res.status === 429) {
      // prefer the precise hint when the fake gives one; Retry-After (seconds) otherwise
      const header = Number(res.headers.get("retry-after") ?? "1") * 1000;
      throw new RateLimitedError(typeof json.retryAfterMs === "number" ? Math.max(1, json.retryAfterMs) : header);
    }
    if (res.status >= 400 && res.status < 500) throw new PermanentSendError(`HTTP ${res.status}`);
    if (!res.ok || !json.ref) throw new Error(`HTTP ${res.status}`);
    return { platformRef: json.ref };
  }
}

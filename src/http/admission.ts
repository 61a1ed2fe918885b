// The one decision every chat endpoint makes before it keeps a byte of a request body (issue 17): a body larger
// than the platform ever sends is refused from its Content-Length (413), and a request without the platform's
// credentials is refused from its headers (401), unread. Slack (adapters/slack/http-receiver.ts) and Teams
// (adapters/teams/surface.ts) each say what their platform sends and how its credentials look; this file decides.
// The body is then read with the same cap, so a client that lies about (or omits) its length gets no further.
import type { IncomingMessage, ServerResponse } from "node:http";

export class HttpRefusal extends Error {
  constructor(
    readonly status: 400 | 401 | 413,
    message: string,
  ) {
    super(message);
  }
}

/** What an endpoint says about a request from its headers alone. */
export interface AdmissionRule {
  /** the largest body the platform sends */
  limit: number;
  /** the platform's credentials in the headers: present and well formed, missing, or wrong (with why) */
  credentials: "present" | "missing" | { invalid: string };
  /**
   * the one kind of request a platform sends without credentials (Slack's ssl_check) may be this large; without
   * it, a request with no credentials is refused (401)
   */
  unsignedLimit?: number;
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Admits a request or throws HttpRefusal (413 before 401); returns how many body bytes may be read. */
export function admit(req: IncomingMessage, rule: AdmissionRule): number {
  const length = Number(header(req, "content-length") ?? Number.NaN);
  if (length > rule.limit) throw new HttpRefusal(413, "request body too large");
  if (rule.credentials === "missing") {
    if (rule.unsignedLimit === undefined) throw new HttpRefusal(401, "the request carries no credentials");
    if (length > rule.unsignedLimit) throw new HttpRefusal(413, "an unsigned request may only be a small check");
    return rule.unsignedLimit;
  }
  if (rule.credentials !== "present") throw new HttpRefusal(401, rule.credentials.invalid);
  return rule.limit;
}

/**
 * The body as text, at most `limit` bytes. Past the limit it stops keeping chunks but reads on to the end, so the
 * client gets its 413 instead of a reset connection; a client that keeps sending far beyond the limit is cut off.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
      else if (size > 2 * limit) req.destroy();
    });
    req.on("end", () =>
      size > limit ? reject(new HttpRefusal(413, "request body too large")) : resolve(Buffer.concat(chunks).toString("utf8")),
    );
    req.on("error", reject);
    req.on("close", () => {
      if (!req.complete) reject(new HttpRefusal(400, "request body incomplete"));
    });
  });
}

/** Answers a refusal; one refused before its body was read does not keep the connection for the rest of it. */
export function refuse(req: IncomingMessage, res: ServerResponse, status: number, body?: unknown): void {
  if (res.headersSent) return;
  if (!req.complete) res.setHeader("connection", "close");
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

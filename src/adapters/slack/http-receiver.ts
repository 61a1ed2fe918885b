// The Bolt receiver for HTTP mode (Events API, interactivity and /ragtime on one path), mounted on main.ts's
// one server. It does what Bolt's HTTPReceiver does for an app without OAuth or custom routes: read the body,
// verify it with Bolt's own verifySlackRequest (signature -> 401), answer ssl_check and url_verification, then
// hand { body, ack, retryNum, retryReason } to app.processEvent and send whatever ack() is given.
// Hardened beyond Bolt's (checked before a byte of the body is kept; the decision is http/admission.ts, which the
// Teams endpoint shares):
// - the body is capped at what Slack sends (1 MB: a block_actions payload carries the whole message, at most
//   50 blocks; form-encoding can triple it), and a Content-Length over the cap is refused (413) unread;
// - a request without Slack's signature headers may only be an ssl_check: 4 KB at most, else 401;
// - the timestamp must be within 5 minutes of now BOTH ways (Bolt only refuses old ones), else 401.
//
// Why not HTTPReceiver itself: under a burst of clicks every microsecond of an ack counts (Little's law: 50
// requests in flight and a p99 under 50 ms leave under 1 ms of event-loop time each), and HTTPReceiver parses
// each form body twice (once to look for ssl_check, once for the payload) — about a sixth of an ack in
// bench/slack.bench.ts. This one parses once and keeps the payload's JSON text, so the intake stores the
// interaction exactly as Slack sent it instead of re-serialising it.
import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseQuery } from "node:querystring";
import { type App, type Logger as BoltLogger, type Receiver, type ReceiverEvent, verifySlackRequest } from "@slack/bolt";
import { admit, HttpRefusal as HttpError, header, readBody } from "../../http/admission.js";

/** The largest body Slack sends (see the top of this file). */
export const SLACK_BODY_LIMIT = 1024 * 1024;
/** ssl_check is the only unsigned request Slack sends: a few short form fields. */
const UNSIGNED_LIMIT = 4 * 1024;
/** Slack's replay window, in seconds, applied both ways. */
const TIMESTAMP_WINDOW_S = 5 * 60;
/** A request no listener acknowledges is answered with an error after this long (Bolt: 3001 ms). */
const ACK_TIMEOUT_MS = 3001;

/** Found in context.rawPayload: the interaction's JSON text as Slack sent it (HTTP mode only). */
export interface RawPayloadContext {
  rawPayload?: string;
}

/** The body as Bolt's receivers give it to the app, plus the JSON text when it came as payload=... */
export function parseSlackBody(text: string, contentType: string | undefined): { body: Record<string, unknown>; json: string | null } {
  if ((contentType ?? "").startsWith("application/x-www-form-urlencoded")) {
    const form = parseQuery(text);
    if (typeof form.payload === "string") return { body: JSON.parse(form.payload) as Record<string, unknown>, json: form.payload };
    return { body: form as Record<string, unknown>, json: null };
  }
  return { body: JSON.parse(text) as Record<string, unknown>, json: text };
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (res.headersSent) return;
  if (body === undefined || body === null || body === "") {
    res.writeHead(status);
    res.end();
  } else if (typeof body === "string") {
    res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
    res.end(body);
  } else {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }
}

export class SlackHttpReceiver implements Receiver {
  private app: App | undefined;

  constructor(private readonly opts: { signingSecret: string; logger: BoltLogger }) {
    if (!opts.signingSecret) throw new Error("SLACK_SIGNING_SECRET is required in HTTP mode");
  }

  init(app: App): void {
    this.app = app;
  }

  /** Mounted on main.ts's server: nothing to start or stop here. */
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  /** Serves one POST to the Slack events path. */
  readonly requestListener = (req: IncomingMessage, res: ServerResponse): void => {
    this.handle(req, res).catch((e: unknown) => {
      const status = e instanceof HttpError ? e.status : 500;
      if (status >= 500) this.opts.logger.error(`slack request failed: ${e instanceof Error ? e.message : String(e)}`);
      else this.opts.logger.warn(`slack request refused (${status}): ${e instanceof Error ? e.message : String(e)}`);
      // refused before its body was read: do not keep the connection for the rest of it
      if (!req.complete) res.setHeader("connection", "close");
      send(res, status);
    });
  };

  /** Refuses what cannot be a Slack request from its headers alone (http/admission.ts decides); returns the body limit. */
  private admit(req: IncomingMessage): number {
    const signature = header(req, "x-slack-signature");
    const stamp = header(req, "x-slack-request-timestamp");
    const ts = Number(stamp);
    // real clock on purpose: Slack's signing timestamp is compared with this machine's clock, not the domain's
    const nowS = Date.now() / 1000;
    return admit(req, {
      limit: SLACK_BODY_LIMIT,
      unsignedLimit: UNSIGNED_LIMIT,
      credentials:
        !signature || !stamp
          ? "missing"
          : !Number.isFinite(ts) || Math.abs(nowS - ts) > TIMESTAMP_WINDOW_S
            ? { invalid: "x-slack-request-timestamp is more than 5 minutes from now (in the past or the future)" }
            : "present",
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const limit = this.admit(req);
    const text = await readBody(req, limit);
    const contentType = header(req, "content-type");
    // ssl_check carries no signature and must not carry anything else in (Bolt strips it the same way)
    if (contentType?.startsWith("application/x-www-form-urlencoded") && /(^|&)ssl_check=1(&|$)/.test(text)) {
      send(res, 200);
      return;
    }
    if (limit === UNSIGNED_LIMIT) throw new HttpError(401, "the request is not signed (x-slack-signature, x-slack-request-timestamp)");
    try {
      verifySlackRequest({
        signingSecret: this.opts.signingSecret,
        body: text,
        headers: {
          "x-slack-signature": header(req, "x-slack-signature") ?? "",
          "x-slack-request-timestamp": Number(header(req, "x-slack-request-timestamp")),
        },
      });
    } catch (e) {
      throw new HttpError(401, e instanceof Error ? e.message : "request verification failed");
    }
    let parsed: ReturnType<typeof parseSlackBody>;
    try {
      parsed = parseSlackBody(text, contentType);
    } catch {
      throw new HttpError(400, "malformed request body");
    }
    const { body, json } = parsed;
    if (body.type === "url_verification") {
      send(res, 200, { challenge: body.challenge });
      return;
    }
    const app = this.app;
    if (!app) throw new Error("the Bolt app has not initialised its receiver");

    let acked = false;
    const timer = setTimeout(() => {
      if (acked) return;
      this.opts.logger.error("A Slack request was not acknowledged within 3 seconds");
      send(res, 500);
    }, ACK_TIMEOUT_MS);
    const retry = header(req, "x-slack-retry-num");
    const reason = header(req, "x-slack-retry-reason");
    const event: ReceiverEvent = {
      body,
      ack: async (response?: unknown) => {
        if (acked) return;
        acked = true;
        clearTimeout(timer);
        send(res, 200, response);
      },
      ...(retry !== undefined ? { retryNum: Number.parseInt(retry, 10) } : {}),
      ...(reason !== undefined ? { retryReason: reason } : {}),
      customProperties: (json !== null ? { rawPayload: json } : {}) satisfies RawPayloadContext,
    };
    try {
      await app.processEvent(event);
    } catch (e) {
      // failed before its ack: requestListener answers 500 (after the ack it is only logged)
      acked = true;
      clearTimeout(timer);
      throw e;
    }
  }
}

// A local fake chat platform (the far side of the test HTTP messenger): records every delivery by dedupe
// key and can enforce a rate limit with 429 + Retry-After, like Slack's Web API does.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Delivery {
  dedupeKey: string;
  outboxId: string;
  to: string | null;
  workerId: string | null;
  at: number;
}

export interface FakePlatformOptions {
  /** allowed sends per window (sliding window); unset = unlimited */
  limit?: { count: number; windowMs: number };
  /** called after each accepted delivery (tests use it to kill a worker mid-run) */
  onDelivery?: (d: Delivery, total: number) => void;
}

export interface FakePlatform {
  url: string;
  deliveries: Delivery[];
  /** deliveries per dedupe key */
  counts(): Map<string, number>;
  rejected429: number;
  close(): Promise<void>;
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let s = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      s += c;
    });
    req.on("end", () => resolve(s));
    req.on("error", reject);
  });
}

export async function startFakePlatform(o: FakePlatformOptions = {}): Promise<FakePlatform> {
  const deliveries: Delivery[] = [];
  const recent: number[] = [];
  const state = { rejected429: 0 };
  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "POST" || req.url !== "/send") {
      res.writeHead(404).end();
      return;
    }
    const msg = JSON.parse(await body(req)) as { dedupeKey: string; outboxId: string; to?: string; workerId?: string };
    const now = Date.now();
    if (o.limit) {
      while (recent.length && (recent[0] as number) <= now - o.limit.windowMs) recent.shift();
      if (recent.length >= o.limit.count) {
        state.rejected429++;
        const waitMs = (recent[0] as number) + o.limit.windowMs - now;
        res.writeHead(429, { "content-type": "application/json", "retry-after": String(Math.max(1, Math.ceil(waitMs / 1000))) });
        res.end(JSON.stringify({ ok: false, error: "ratelimited", retryAfterMs: waitMs }));
        return;
      }
      recent.push(now);
    }
    const d: Delivery = { dedupeKey: msg.dedupeKey, outboxId: msg.outboxId, to: msg.to ?? null, workerId: msg.workerId ?? null, at: now };
    deliveries.push(d);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: true, ref: `fake:${deliveries.length}` }));
    o.onDelivery?.(d, deliveries.length);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deliveries,
    counts() {
      const m = new Map<string, number>();
      for (const d of deliveries) m.set(d.dedupeKey, (m.get(d.dedupeKey) ?? 0) + 1);
      return m;
    },
    get rejected429() {
      return state.rejected429;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

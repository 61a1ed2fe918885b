// The one HTTP server (main.ts mounts /healthz, Slack, Teams and the playground on it) and its limits (issue 17):
// a slow or idle client cannot hold it. Slack wants its ack within 3 s and Bot Framework its invoke answer within
// a few seconds, so a request whose headers take 10 s, or whose whole body takes 15 s, is not worth waiting for.
// Node checks those two timeouts every `connectionsCheckingInterval` (30 s by default, which would let a slow
// client hold a socket for up to 40 s); here every second.
import { createServer, type RequestListener, type Server } from "node:http";

export interface HttpLimits {
  /** all request headers must arrive within this (408 and closed otherwise) */
  headersTimeoutMs: number;
  /** the whole request, body included */
  requestTimeoutMs: number;
  /** an idle keep-alive connection is closed after this */
  keepAliveTimeoutMs: number;
  /** connections beyond this are dropped as they arrive */
  maxConnections: number;
  /** how often Node looks for requests past their timeouts */
  checkEveryMs: number;
}

export const HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1024,
  checkEveryMs: 1_000,
};

export function createHttpServer(handler: RequestListener, limits: HttpLimits = HTTP_LIMITS): Server {
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.checkEveryMs,
    },
    handler,
  );
  server.maxConnections = limits.maxConnections;
  return server;
}

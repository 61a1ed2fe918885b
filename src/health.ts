// GET /healthz: readiness. 200 only when the service can commit right now (a write probe: one row rewritten and
// committed, storage/health-probe.ts); 503 with the reason when it cannot (locked, read-only, full, connection
// lost). Acknowledged chat work still unprocessed after INBOUND_STALE_MINUTES (the retry worker's backlog)
// makes it "degraded": still 200, since this replica can commit and taking it out of service would not help,
// but the body says how many and since when. Served on PORT by main.ts next to the Slack/Teams receivers.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Db } from "./storage/db.js";
import { probeWrite } from "./storage/health-probe.js";

export interface SurfaceStatus {
  slack: "off" | "http" | "socket";
  teams: "off" | "on";
  messenger: string;
}

/** what health reads of the retry worker's status (services/inbound-retry.ts InboundRetryStatus) */
export interface InboundBacklogStatus {
  degraded: boolean;
  count: number;
  oldestReceivedAt: Date | null;
  staleMs: number;
}

export interface HealthSources {
  surfaces: SurfaceStatus;
  /** the Slack retry worker's view of acknowledged, unprocessed work (absent when Slack is off) */
  inbound?: InboundBacklogStatus | undefined;
}

export interface HealthReport {
  ok: boolean;
  status: "ok" | "degraded" | "unavailable";
  reason?: string;
  database: { ok: boolean; canCommit: boolean; error?: string };
  inbound?: { unprocessed: number; oldestReceivedAt: string | null; staleMinutes: number };
  surfaces: SurfaceStatus;
}

export async function healthReport(db: Db, sources: HealthSources, now: Date): Promise<HealthReport> {
  let database: HealthReport["database"];
  try {
    await probeWrite(db, now);
    database = { ok: true, canCommit: true };
  } catch (e) {
    database = { ok: false, canCommit: false, error: (e as Error).message.split("\n")[0] ?? "error" };
  }
  const backlog = sources.inbound;
  const inbound = backlog?.degraded
    ? {
        unprocessed: backlog.count,
        oldestReceivedAt: backlog.oldestReceivedAt?.toISOString() ?? null,
        staleMinutes: backlog.staleMs / 60_000,
      }
    : undefined;
  if (!database.canCommit)
    return {
      ok: false,
      status: "unavailable",
      reason: `cannot commit: ${database.error}`,
      database,
      ...(inbound ? { inbound } : {}),
      surfaces: sources.surfaces,
    };
  if (inbound)
    return {
      ok: true,
      status: "degraded",
      reason: `${inbound.unprocessed} acknowledged interaction(s) unprocessed for over ${inbound.staleMinutes} min (retrying)`,
      database,
      inbound,
      surfaces: sources.surfaces,
    };
  return { ok: true, status: "ok", database, surfaces: sources.surfaces };
}

export function healthHandler(db: Db, sources: () => HealthSources, now: () => Date) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/healthz") return false;
    const report = await healthReport(db, sources(), now());
    res.writeHead(report.ok ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify(report));
    return true;
  };
}

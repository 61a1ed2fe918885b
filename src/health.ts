// GET /healthz: database reachability and which chat surfaces are on. Served on PORT by main.ts, either
// on its own HTTP server or mounted next to the Slack/Teams receivers.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Db } from "./storage/db.js";
import { pingDatabase } from "./storage/health.js";

export interface SurfaceStatus {
  slack: "off" | "http" | "socket";
  teams: "off" | "on";
  messenger: string;
}

export async function healthReport(db: Db, surfaces: SurfaceStatus) {
  let database: { ok: boolean; error?: string };
  try {
    await pingDatabase(db);
    database = { ok: true };
  } catch (e) {
    database = { ok: false, error: (e as Error).message };
  }
  return { ok: database.ok, database, surfaces };
}

export function healthHandler(db: Db, surfaces: () => SurfaceStatus) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/healthz") return false;
    const report = await healthReport(db, surfaces());
    res.writeHead(report.ok ? 200 : 503, { "content-type": "application/json" });
    res.end(JSON.stringify(report));
    return true;
  };
}

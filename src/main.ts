// Composition root: the one place that wires config, database, services, scheduler and chat surfaces.
import { createServer } from "node:http";
import { ConfigError, loadConfig } from "./config.js";
import { healthHandler, type SurfaceStatus } from "./health.js";
import { createLogger } from "./logger.js";
import { openDb } from "./storage/db.js";

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger(config.LOG_LEVEL);
  const handle = openDb(config.DATABASE_URL);
  const surfaces: SurfaceStatus = { slack: config.slack.mode, teams: config.teams.enabled ? "on" : "off", messenger: "log" };

  if (!config.slack.enabled)
    log.warn(
      "Slack is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode) to turn it on — see README 'Slack'",
    );
  if (!config.teams.enabled)
    log.warn("Teams is off: set TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID to turn it on — see README 'Microsoft Teams'");

  const health = healthHandler(handle.db, () => surfaces);
  const server = createServer(async (req, res) => {
    if (await health(req, res)) return;
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found\n");
  });
  await new Promise<void>((resolve) => server.listen(config.PORT, resolve));
  log.info({ port: config.PORT, database: handle.provider, surfaces }, "ragtime is running — GET /healthz");

  const shutdown = async (signal: string) => {
    log.info({ signal }, "shutting down");
    server.close();
    await handle.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

void main();

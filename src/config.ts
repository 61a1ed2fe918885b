// Environment -> typed config, validated in one place. Every bad variable is reported at once, with the fix.

import { existsSync } from "node:fs";
import { z } from "zod";
import { UserError } from "./core/errors.js";

const optional = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  DATABASE_URL: z
    .string()
    .trim()
    .default("file:./data/ragtime.db")
    .refine((v) => /^(file:|postgres(ql)?:\/\/)/.test(v), "must start with file: (SQLite) or postgresql:// (PostgreSQL)"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** auto: readable lines when stdout is a terminal, JSON otherwise */
  LOG_FORMAT: z.enum(["auto", "json", "pretty"]).default("auto"),
  REMINDER_TICK: z.string().trim().default("* * * * *"),
  DIGEST_TICK: z.string().trim().default("* * * * *"),
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).default(1000),
  /** days a processed raw Slack/Teams payload is kept (InboundEvent) */
  INBOUND_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  /** seconds an acked interaction is left to the process that acked it before the retry worker may take it */
  INBOUND_LEASE_SECONDS: z.coerce.number().min(0.1).max(3600).default(30),
  /** acked interactions still unprocessed after this many minutes are logged at error and make /healthz degraded */
  INBOUND_STALE_MINUTES: z.coerce.number().min(0.05).max(1440).default(3),
  SLACK_BOT_TOKEN: optional.refine((v) => v === undefined || v.startsWith("xoxb-"), "must be a bot token starting with xoxb-"),
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: optional.refine((v) => v === undefined || v.startsWith("xapp-"), "must be an app-level token starting with xapp-"),
  SLACK_API_URL: optional.refine((v) => v === undefined || /^https?:\/\//.test(v), "must be a URL such as https://slack.com/api/"),
  SLACK_DM_PER_MINUTE: z.coerce.number().int().min(1).default(50),
  SLACK_CHANNEL_PER_SECOND: z.coerce.number().min(0.1).default(1),
  TEAMS_APP_ID: optional,
  TEAMS_APP_PASSWORD: optional,
  TEAMS_TENANT_ID: optional,
  TEAMS_CLOUD: z.enum(["Public", "USGov", "USGovDoD", "China"]).default("Public"),
  TEAMS_OPENID_METADATA_URL: optional,
  TEAMS_TOKEN_ISSUER: optional,
  TEAMS_LOGIN_ENDPOINT: optional.refine(
    (v) => v === undefined || /^https:\/\/[^/]+\/?$/.test(v),
    "must be an https origin such as https://login.microsoftonline.us",
  ),
  /** tenant asked for the bot token when TEAMS_TENANT_ID is not set (the cloud's, e.g. botframework.com) */
  TEAMS_LOGIN_TENANT: optional,
  /** OAuth scope of the Bot Connector (the cloud's, e.g. https://api.botframework.us/.default) */
  TEAMS_BOT_SCOPE: optional,
  TEAMS_SERVICE_URL: optional,
  TEAMS_ALLOW_UNAUTHENTICATED: optional,
  TEAMS_PER_SECOND: z.coerce.number().min(0.1).default(7),
  /** public https base URL of this server (the bot endpoint's host); Teams cards fetch chart images from it */
  TEAMS_PUBLIC_URL: optional.refine(
    (v) => v === undefined || /^https?:\/\/[^/]+/.test(v),
    "must be a URL such as https://ragtime.example.gov.uk",
  ),
  RAGTIME_ADMINS: optional,
  /** comma-separated font files for chart text (default: DejaVu Sans from the system font directory) */
  RAGTIME_CHART_FONT: optional,
  /** local mode: "off" serves no playground page */
  PLAYGROUND: z.enum(["on", "off"]).default("on"),
  /** address the server binds to in local mode (the playground is local only) */
  PLAYGROUND_HOST: optional.refine(
    (v) => v === undefined || /^(localhost|[0-9.]+|[0-9a-f:]+|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)$/i.test(v),
    "must be a host name or an IP address",
  ),
  /** debug only: "1" logs card, plan and update text (default: ids, kinds and lengths only) */
  RAGTIME_LOG_TEXT: z
    .enum(["0", "1", ""])
    .default("0")
    .transform((v) => v === "1"),
});

const FIXES: Record<string, string> = {
  PORT: "set PORT to a free TCP port, e.g. PORT=3978",
  DATABASE_URL: "unset it for the embedded SQLite file, or set DATABASE_URL=postgresql://user@host:5432/db",
  LOG_LEVEL: "use one of fatal, error, warn, info, debug, trace, silent",
  LOG_FORMAT: "use auto (readable in a terminal, JSON otherwise), json or pretty",
  INBOUND_RETENTION_DAYS: "give a whole number of days, at least 1 (default 30)",
  INBOUND_LEASE_SECONDS: "give a number of seconds between 0.1 and 3600 (default 30)",
  INBOUND_STALE_MINUTES: "give a number of minutes between 0.05 and 1440 (default 3)",
  SLACK_BOT_TOKEN: "copy the Bot User OAuth Token (xoxb-...) from your Slack app's OAuth & Permissions page",
  SLACK_SIGNING_SECRET: "copy the Signing Secret from your Slack app's Basic Information page",
  SLACK_APP_TOKEN: "create an app-level token with connections:write (xapp-...) for Socket Mode, or unset it for HTTP mode",
  SLACK_API_URL: "unset it for slack.com, or give the Web API base URL (GovSlack: https://slack-gov.com/api/)",
  TEAMS_CLOUD: "use Public, USGov, USGovDoD or China",
  RAGTIME_LOG_TEXT: "use 1 to log plan and update text (debugging only: it can name families), or 0 / unset",
  TEAMS_APP_ID: "copy the bot's Microsoft App ID (client id) from the Azure Bot resource",
  TEAMS_APP_PASSWORD: "create a client secret for the bot's app registration",
  TEAMS_LOGIN_ENDPOINT: "unset it for the cloud's own login host, or give its https origin without a path",
  TEAMS_PUBLIC_URL: "give the public https address of this server (the host of the bot's messaging endpoint), or unset it",
  PLAYGROUND: "use on or off",
  PLAYGROUND_HOST: "unset it to bind to 127.0.0.1 (this machine only), or give an address of this machine, e.g. 0.0.0.0 in a container",
  RAGTIME_CHART_FONT:
    "give comma-separated paths of .ttf/.otf files that exist, or unset it to use DejaVu Sans (Debian/Ubuntu: apt install fonts-dejavu-core)",
};

export type Config = z.infer<typeof schema> & {
  /** RAGTIME_CHART_FONT split into files (each exists) */
  chartFonts: string[];
  slack: { enabled: boolean; mode: "http" | "socket" | "off" };
  teams: { enabled: boolean };
  /** served when no chat platform is on, PLAYGROUND is not off and NODE_ENV is not production */
  playground: { enabled: boolean; host: string; refused: string | null };
  isPostgres: boolean;
};

export class ConfigError extends UserError {
  constructor(public readonly problems: string[]) {
    super("config.invalid", `ragtime cannot start — fix these environment variables:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? "?");
      problems.push(`${name}: ${issue.message}${FIXES[name] ? ` — ${FIXES[name]}` : ""}`);
    }
    throw new ConfigError(problems);
  }
  const c = parsed.data;
  const slackAny = Boolean(c.SLACK_BOT_TOKEN || c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN);
  if (slackAny) {
    if (!c.SLACK_BOT_TOKEN) problems.push(`SLACK_BOT_TOKEN: required when Slack is configured — ${FIXES.SLACK_BOT_TOKEN}`);
    if (!c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET)
      problems.push(`SLACK_SIGNING_SECRET: required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode) — ${FIXES.SLACK_SIGNING_SECRET}`);
  }
  const teamsAny = Boolean(c.TEAMS_APP_ID || c.TEAMS_APP_PASSWORD || c.TEAMS_TENANT_ID);
  if (teamsAny && !c.TEAMS_APP_ID) problems.push(`TEAMS_APP_ID: required when Teams is configured — ${FIXES.TEAMS_APP_ID}`);
  if (c.TEAMS_ALLOW_UNAUTHENTICATED === "1" && c.NODE_ENV !== "development")
    problems.push("TEAMS_ALLOW_UNAUTHENTICATED: only allowed with NODE_ENV=development — unset it in production");
  const chartFonts = (c.RAGTIME_CHART_FONT ?? "")
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  const missingFonts = chartFonts.filter((f) => !existsSync(f));
  if (missingFonts.length) problems.push(`RAGTIME_CHART_FONT: no such file ${missingFonts.join(", ")} — ${FIXES.RAGTIME_CHART_FONT}`);
  if (c.PLAYGROUND_HOST && c.NODE_ENV === "production")
    problems.push("PLAYGROUND_HOST: the playground is never served with NODE_ENV=production — unset PLAYGROUND_HOST");
  if (problems.length) throw new ConfigError(problems);
  const local = !slackAny && !teamsAny;
  const refused = !local ? null : c.PLAYGROUND === "off" ? "PLAYGROUND=off" : c.NODE_ENV === "production" ? "NODE_ENV=production" : null;
  return {
    ...c,
    chartFonts,
    slack: { enabled: slackAny, mode: !slackAny ? "off" : c.SLACK_APP_TOKEN ? "socket" : "http" },
    teams: { enabled: teamsAny },
    playground: { enabled: local && !refused, host: c.PLAYGROUND_HOST ?? "127.0.0.1", refused },
    isPostgres: c.DATABASE_URL.startsWith("postgres"),
  };
}

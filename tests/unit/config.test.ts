import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

describe("config", () => {
  it("defaults to the embedded SQLite database, port 3978 and no chat surfaces", () => {
    const c = loadConfig({});
    expect(c.DATABASE_URL).toBe("file:./data/ragtime.db");
    expect(c.PORT).toBe(3978);
    expect(c.isPostgres).toBe(false);
    expect(c.slack).toEqual({ enabled: false, mode: "off" });
    expect(c.teams.enabled).toBe(false);
  });

  it("RAGTIME_CHART_FONT: files that exist are kept in order; a missing one is refused with the fix", () => {
    const here = new URL(import.meta.url).pathname;
    expect(loadConfig({ RAGTIME_CHART_FONT: ` ${here} , ${here}` }).chartFonts).toEqual([here, here]);
    expect(loadConfig({}).chartFonts).toEqual([]);
    expect(() => loadConfig({ RAGTIME_CHART_FONT: `${here},/nope/Missing.ttf` })).toThrow(
      /RAGTIME_CHART_FONT: no such file \/nope\/Missing\.ttf — .*fonts-dejavu-core/,
    );
  });

  it("switches to PostgreSQL with one variable", () => {
    expect(loadConfig({ DATABASE_URL: "postgresql://u@db:5432/ragtime" }).isPostgres).toBe(true);
  });

  it("reports every bad variable at once, each with its fix", () => {
    let err: ConfigError | undefined;
    try {
      loadConfig({ PORT: "eighty", DATABASE_URL: "mysql://x", SLACK_BOT_TOKEN: "abc" });
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const text = err?.message ?? "";
    expect(text).toMatch(/PORT: .*set PORT to a free TCP port/);
    expect(text).toMatch(/DATABASE_URL: must start with file: .*postgresql:\/\//);
    expect(text).toMatch(/SLACK_BOT_TOKEN: must be a bot token starting with xoxb-/);
  });

  it("requires the signing secret in Slack HTTP mode, and chooses Socket Mode with an app token", () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: "xoxb-1" })).toThrow(/SLACK_SIGNING_SECRET: required in HTTP mode/);
    expect(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" }).slack.mode).toBe("http");
    expect(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" }).slack.mode).toBe("socket");
  });

  it("refuses unauthenticated Teams outside development", () => {
    expect(() => loadConfig({ NODE_ENV: "production", TEAMS_APP_ID: "a", TEAMS_ALLOW_UNAUTHENTICATED: "1" })).toThrow(
      /TEAMS_ALLOW_UNAUTHENTICATED: only allowed with NODE_ENV=development/,
    );
  });
});

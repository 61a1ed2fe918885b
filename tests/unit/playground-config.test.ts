// When the playground is served, and where: local mode only, 127.0.0.1 unless PLAYGROUND_HOST, never in production.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

describe("playground config", () => {
  it("is on in local mode (no Slack or Teams credentials), bound to 127.0.0.1", () => {
    expect(loadConfig({}).playground).toEqual({ enabled: true, host: "127.0.0.1", refused: null });
    expect(loadConfig({ PLAYGROUND_HOST: "0.0.0.0" }).playground.host).toBe("0.0.0.0");
  });

  it("is off when a chat platform is configured, or with PLAYGROUND=off", () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" }).playground.enabled).toBe(false);
    expect(loadConfig({ TEAMS_APP_ID: "app" }).playground.enabled).toBe(false);
    expect(loadConfig({ PLAYGROUND: "off" }).playground).toMatchObject({ enabled: false, refused: "PLAYGROUND=off" });
  });

  it("is refused with NODE_ENV=production, and PLAYGROUND_HOST there is a configuration error", () => {
    expect(loadConfig({ NODE_ENV: "production" }).playground).toMatchObject({ enabled: false, refused: "NODE_ENV=production" });
    expect(() => loadConfig({ NODE_ENV: "production", PLAYGROUND_HOST: "127.0.0.1" })).toThrow(
      /PLAYGROUND_HOST: the playground is never served/,
    );
  });

  it("rejects a PLAYGROUND_HOST that is not a host name or address, naming the variable and the fix", () => {
    try {
      loadConfig({ PLAYGROUND_HOST: "http://x/" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).message).toMatch(
        /PLAYGROUND_HOST: must be a host name or an IP address — unset it to bind to 127\.0\.0\.1/,
      );
    }
  });
});

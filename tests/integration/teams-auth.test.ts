// Authentication is on unless NODE_ENV=development and TEAMS_ALLOW_UNAUTHENTICATED=1, and then it says so loudly.

import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { TeamsAuthError } from "../../src/adapters/teams/cloud.js";
import { createTeamsSurface } from "../../src/adapters/teams/surface.js";
import { systemClock } from "../../src/clock.js";
import { ConfigError, loadConfig } from "../../src/config.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { type Harness, installActivity, startHarness } from "./teams.harness.js";

const NOW = new Date("2018-01-29T10:00:00Z");
let h: Harness | undefined;
let t: TestDb | undefined;
afterAll(async () => {
  await h?.close();
  await t?.cleanup();
});

describe("Teams authentication settings", () => {
  it("refuses TEAMS_ALLOW_UNAUTHENTICATED outside development", () => {
    expect(() => loadConfig({ NODE_ENV: "production", TEAMS_APP_ID: "x", TEAMS_ALLOW_UNAUTHENTICATED: "1" })).toThrow(ConfigError);
  });

  it("the surface refuses to start without an app id, or with the opt-out outside development", async () => {
    t = await createSqliteTestDb();
    const log = pino({ level: "silent" });
    const base = loadConfig({ NODE_ENV: "test", DATABASE_URL: t.url });
    expect(() => createTeamsSurface({ db: t!.db, config: base, log, clock: systemClock })).toThrow(/TEAMS_APP_ID/);
    const sneaky = { ...loadConfig({ NODE_ENV: "test", DATABASE_URL: t.url, TEAMS_APP_ID: "x" }), TEAMS_ALLOW_UNAUTHENTICATED: "1" };
    expect(() => createTeamsSurface({ db: t!.db, config: sneaky, log, clock: systemClock })).toThrow(TeamsAuthError);
  });

  it("development opt-out accepts unsigned requests and logs it at error level", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    t ??= await createSqliteTestDb();
    const config = loadConfig({ NODE_ENV: "development", DATABASE_URL: t.url, TEAMS_APP_ID: "x", TEAMS_ALLOW_UNAUTHENTICATED: "1" });
    createTeamsSurface({ db: t.db, config, log: pino({ level: "error" }, sink), clock: systemClock });
    expect(lines.join("")).toContain("TEAMS AUTHENTICATION IS OFF");

    h = await startHarness(NOW, { NODE_ENV: "development", TEAMS_ALLOW_UNAUTHENTICATED: "1" });
    const res = await h.post(installActivity(h, { id: "29:dev", aadObjectId: "aad-dev" }, "a:1dev-chat"), null);
    expect(res.status).toBe(200);
    expect(await h.t.db.conversationRef.count({ where: { conversationId: "a:1dev-chat" } })).toBe(1);
  });
});

// `npm start` with Slack configured (HTTP mode): main.ts mounts the Bolt receiver next to /healthz on one
// port; auth.test goes to SLACK_API_URL (the fake); a signed /ragtime help is answered, a forged one is 401.
// And in Socket Mode: the service's bundle carries the Slack SDK bundled (bin/bundle.mjs), its WebSocket client
// included, so the bundled service connects and answers over the socket.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeSlackApi, signSlackRequest } from "../fakes/slack-api.js";
import { freePort } from "../helpers/net.js";
import { BOT_TOKEN, SIGNING_SECRET, slashEnvelope } from "./slack-harness.js";

const root = join(import.meta.dirname, "..", "..");

describe("npm start with Slack on (HTTP mode)", () => {
  const dir = mkdtempSync(join(tmpdir(), "ragtime-slack-start-"));
  const fake = new FakeSlackApi();
  let child: ChildProcess | undefined;
  let output = "";
  let port = 0;

  beforeAll(async () => {
    await fake.start();
    port = await freePort();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      DATABASE_URL: `file:${join(dir, "slack.db")}`,
      LOG_LEVEL: "info",
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      // under `npm run test:future` the service shares this process's faked clock (its Slack signatures are checked against it)
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k === "LD_PRELOAD" || k.startsWith("FAKETIME"))),
    };
    child = spawn("npm", ["start", "--silent"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    for (let i = 0; i < 240; i++) {
      await new Promise((r) => setTimeout(r, 250));
      if (/slack: ready/.test(output)) break;
    }
  });

  afterAll(async () => {
    if (child?.pid) process.kill(-child.pid, "SIGTERM");
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves /healthz and the Slack endpoint on one port", async () => {
    expect(output).toMatch(/slack: ready/);
    expect(fake.callsOf("auth.test")).toHaveLength(1);
    const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { surfaces: { slack: string } };
    expect(health.surfaces.slack).toBe("http");

    const body = new URLSearchParams({
      command: "/ragtime",
      text: "help",
      user_id: "U0ANYONE",
      channel_id: "C0GENERAL",
      team_id: "T0TEST",
      response_url: `${fake.url}/respond/main1`,
      trigger_id: "1.2.main",
    }).toString();
    const post = (headers: Record<string, string>) =>
      fetch(`http://127.0.0.1:${port}/slack/events`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        body,
      });
    expect((await post(signSlackRequest("wrong-secret", body))).status).toBe(401);
    expect((await post(signSlackRequest(SIGNING_SECRET, body))).status).toBe(200);
    const reply = await fake.waitFor(() => fake.responses.find((r) => r.path === "/respond/main1"), "reply");
    expect(String(reply.body.text)).toContain("/ragtime what is overdue in priority 3");
    expect((await fetch(`http://127.0.0.1:${port}/nowhere`)).status).toBe(404);
  });
});

describe("npm start with Slack on (Socket Mode)", () => {
  const dir = mkdtempSync(join(tmpdir(), "ragtime-slack-socket-"));
  const fake = new FakeSlackApi();
  let child: ChildProcess | undefined;
  let output = "";

  beforeAll(async () => {
    await fake.start();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(await freePort()),
      DATABASE_URL: `file:${join(dir, "slack.db")}`,
      LOG_LEVEL: "info",
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: "xapp-1-A0RAGTIME-1-0123456789abcdef",
      SLACK_API_URL: fake.apiUrl,
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k === "LD_PRELOAD" || k.startsWith("FAKETIME"))),
    };
    child = spawn("npm", ["start", "--silent"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    for (let i = 0; i < 240 && !fake.socketConnected; i++) await new Promise((r) => setTimeout(r, 250));
  });

  afterAll(async () => {
    if (child?.pid) process.kill(-child.pid, "SIGTERM");
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("connects through apps.connections.open, acks a /ragtime envelope and answers on response_url", async () => {
    expect(fake.socketConnected, output).toBe(true);
    expect(fake.callsOf("apps.connections.open")[0]?.token).toMatch(/^xapp-/);
    fake.socketSend(slashEnvelope({ envelopeId: "env-main-1", user: "U0ANYONE", responseUrl: `${fake.url}/respond/mainsocket1` }));
    await fake.waitFor(() => fake.socketReceived.find((m) => m.envelope_id === "env-main-1"), "ack of env-main-1");
    const reply = await fake.waitFor(() => fake.responses.find((r) => r.path === "/respond/mainsocket1"), "reply");
    expect(String(reply.body.text)).toContain("/ragtime what is overdue in priority 3");
  });
});

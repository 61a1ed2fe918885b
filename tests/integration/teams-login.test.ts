// The client-secret login against a configurable authority: the bot asks the fake Entra ID (HTTPS, its own
// login endpoint, no instance discovery anywhere) for its token, and that token is what the proactive send to
// the fake Bot Connector carries. A wrong secret sends nothing. Sovereign clouds get their own authority.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { teamsCloud } from "../../src/adapters/teams/cloud.js";
import { msalConfiguration } from "../../src/adapters/teams/token.js";
import { loadConfig } from "../../src/config.js";
import type { Card } from "../../src/core/cards/model.js";
import { APP_ID, APP_SECRET, type Harness, startHarness, TENANT } from "./teams.harness.js";

const NOW = new Date("2018-01-29T10:00:00Z");
const CHAT = "a:1login-chat";
const card: Card = { purpose: "answer", title: "Hello", fallback: "Hello", blocks: [{ type: "text", text: "Hello" }] };

let h: Harness;
beforeAll(async () => {
  h = await startHarness(NOW);
  await h.t.db.conversationRef.create({
    data: { conversationId: CHAT, kind: "personal", serviceUrl: h.connector.serviceUrl, tenantId: TENANT },
  });
});
afterAll(async () => h?.close());

describe("Teams login with a client secret at a configured authority", () => {
  it("gets the bot token from the configured HTTPS login endpoint and sends with exactly that token", async () => {
    expect(h.entra).not.toBeNull();
    await h.surface.messenger.send({ id: "ob-login", dedupeKey: "login:1", recipient: { teamsConversationId: CHAT }, card });
    const entra = h.entra!;
    // MSAL read the authority's own OpenID configuration, then asked its token endpoint; nothing else
    expect(entra.requested).toContain(`GET /${TENANT}/v2.0/.well-known/openid-configuration`);
    expect(entra.requested.every((p) => p.includes(`/${TENANT}/`))).toBe(true);
    const req = entra.tokenRequests.at(-1)!;
    expect(req).toMatchObject({
      tenant: TENANT,
      form: {
        grant_type: "client_credentials",
        client_id: APP_ID,
        client_secret: APP_SECRET,
        scope: "https://api.botframework.com/.default",
      },
    });
    const sent = h.connector.to(CHAT);
    expect(sent).toHaveLength(1);
    // the fake connector only accepts tokens the fake Entra ID handed out; check it is the same one
    expect(sent[0]?.authorization).toMatch(/^Bearer ey/);
    expect(h.entra!.issued).toContain(sent[0]?.authorization?.slice(7));
  });

  it("a wrong client secret is refused by the login endpoint and nothing reaches the connector", async () => {
    const bad = await startHarness(NOW, { TEAMS_APP_PASSWORD: "wrong-secret" });
    try {
      await bad.t.db.conversationRef.create({
        data: { conversationId: CHAT, kind: "personal", serviceUrl: bad.connector.serviceUrl, tenantId: TENANT },
      });
      await expect(
        bad.surface.messenger.send({ id: "ob-bad", dedupeKey: "login:bad", recipient: { teamsConversationId: CHAT }, card }),
      ).rejects.toThrow();
      expect(bad.entra?.tokenRequests.at(-1)?.form.client_secret).toBe("wrong-secret");
      expect(bad.connector.sent).toHaveLength(0);
    } finally {
      await bad.close();
    }
  });

  it("a sovereign cloud's authority is its own login host, with no instance discovery elsewhere", () => {
    const c = (env: Record<string, string>) =>
      teamsCloud(loadConfig({ NODE_ENV: "test", TEAMS_APP_ID: APP_ID, TEAMS_APP_PASSWORD: "s", TEAMS_TENANT_ID: TENANT, ...env }));
    const gov = msalConfiguration(
      { clientId: APP_ID, clientSecret: "s", loginEndpoint: c({ TEAMS_CLOUD: "USGov" }).loginEndpoint },
      TENANT,
    );
    expect(gov.auth).toMatchObject({
      authority: `https://login.microsoftonline.us/${TENANT}`,
      knownAuthorities: ["login.microsoftonline.us"],
    });
    const china = c({ TEAMS_CLOUD: "China" });
    expect(
      msalConfiguration({ clientId: APP_ID, clientSecret: "s", loginEndpoint: china.loginEndpoint }, TENANT).auth.knownAuthorities,
    ).toEqual(["login.partner.microsoftonline.cn"]);
    const custom = c({
      TEAMS_CLOUD: "USGovDoD",
      TEAMS_LOGIN_ENDPOINT: "https://login.example.test:8443/",
      TEAMS_BOT_SCOPE: "https://bot.example.test/.default",
    });
    expect(custom.botScope).toBe("https://bot.example.test/.default");
    expect(msalConfiguration({ clientId: APP_ID, clientSecret: "s", loginEndpoint: custom.loginEndpoint }, TENANT).auth).toMatchObject({
      authority: `https://login.example.test:8443/${TENANT}`,
      knownAuthorities: ["login.example.test:8443"],
    });
    expect(() => loadConfig({ NODE_ENV: "test", TEAMS_LOGIN_ENDPOINT: "http://login.example.test" })).toThrow(/TEAMS_LOGIN_ENDPOINT/);
  });
});

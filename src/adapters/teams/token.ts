// The bot's outbound token (bot -> Bot Connector) with a client secret, from the configured cloud's own login
// endpoint. The Teams SDK's TokenManager builds its MSAL client with only `authority`, so MSAL first asks
// login.microsoftonline.com for instance discovery: a sovereign cloud (GCC High, DoD, China) or an offline
// endpoint never works. Here ragtime owns the ConfidentialClientApplication (the SDK's `token` hook) and
// names the login host in `knownAuthorities`, which makes MSAL skip instance discovery and read the
// authority's own OpenID configuration (`<endpoint>/<tenant>/v2.0/.well-known/openid-configuration`).
import { ConfidentialClientApplication, LogLevel } from "@azure/msal-node";
import type { Logger } from "../../logger.js";

export interface ClientSecretLogin {
  clientId: string;
  clientSecret: string;
  /** the cloud's login endpoint, an https origin (TEAMS_LOGIN_ENDPOINT or the cloud's) */
  loginEndpoint: string;
  log?: Logger;
}

export class TeamsLoginError extends Error {
  readonly code = "TEAMS_LOGIN_FAILED";
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(`${message} — ${fix}`);
    this.name = "TeamsLoginError";
  }
}

/** The MSAL configuration for one tenant's authority (exported for tests and the README's claim). */
export function msalConfiguration(o: ClientSecretLogin, tenantId: string) {
  const origin = o.loginEndpoint.replace(/\/+$/, "");
  const host = new URL(origin).host;
  return {
    auth: {
      clientId: o.clientId,
      clientSecret: o.clientSecret,
      authority: `${origin}/${tenantId}`,
      knownAuthorities: [host],
    },
    system: {
      loggerOptions: {
        logLevel: LogLevel.Warning,
        piiLoggingEnabled: false,
        loggerCallback: (level: LogLevel, message: string) => {
          if (level <= LogLevel.Warning) o.log?.warn({ component: "msal" }, message);
        },
      },
    },
  };
}

/**
 * `(scope, tenantId) => access token`, the shape of the Teams SDK's `token` option. One MSAL client per tenant
 * (MSAL caches the token until shortly before it expires).
 */
export function clientSecretTokenFactory(o: ClientSecretLogin): (scope: string | string[], tenantId?: string) => Promise<string> {
  const clients = new Map<string, ConfidentialClientApplication>();
  return async (scope, tenantId) => {
    const tenant = tenantId || "botframework.com";
    let client = clients.get(tenant);
    if (!client) {
      client = new ConfidentialClientApplication(msalConfiguration(o, tenant));
      clients.set(tenant, client);
    }
    const scopes = Array.isArray(scope) ? scope : [scope];
    let result: Awaited<ReturnType<ConfidentialClientApplication["acquireTokenByClientCredential"]>>;
    try {
      result = await client.acquireTokenByClientCredential({ scopes });
    } catch (e) {
      throw new TeamsLoginError(
        `Could not get a bot token from ${o.loginEndpoint}/${tenant}: ${(e as Error).message}`,
        "check TEAMS_APP_ID, TEAMS_APP_PASSWORD, TEAMS_TENANT_ID and the cloud's endpoints (TEAMS_CLOUD, TEAMS_LOGIN_ENDPOINT)",
      );
    }
    if (!result?.accessToken)
      throw new TeamsLoginError(`${o.loginEndpoint}/${tenant} returned no access token`, "check the bot's app registration");
    return result.accessToken;
  };
}

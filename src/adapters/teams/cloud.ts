// Config -> the Teams SDK's CloudEnvironment (sovereign clouds, and local fakes in tests) and the App's
// authentication settings. Authentication is always on unless NODE_ENV=development and
// TEAMS_ALLOW_UNAUTHENTICATED=1 (config.ts refuses the latter anywhere else).
import { type CloudEnvironment, cloudFromName, withOverrides } from "@microsoft/teams.api";
import type { Config } from "../../config.js";

export type TeamsConfig = Pick<
  Config,
  | "NODE_ENV"
  | "TEAMS_APP_ID"
  | "TEAMS_APP_PASSWORD"
  | "TEAMS_TENANT_ID"
  | "TEAMS_CLOUD"
  | "TEAMS_OPENID_METADATA_URL"
  | "TEAMS_TOKEN_ISSUER"
  | "TEAMS_LOGIN_ENDPOINT"
  | "TEAMS_LOGIN_TENANT"
  | "TEAMS_BOT_SCOPE"
  | "TEAMS_SERVICE_URL"
  | "TEAMS_ALLOW_UNAUTHENTICATED"
>;

export function teamsCloud(c: TeamsConfig): CloudEnvironment {
  const overrides: Partial<CloudEnvironment> = {
    ...(c.TEAMS_OPENID_METADATA_URL ? { openIdMetadataUrl: c.TEAMS_OPENID_METADATA_URL } : {}),
    ...(c.TEAMS_TOKEN_ISSUER ? { tokenIssuer: c.TEAMS_TOKEN_ISSUER } : {}),
    ...(c.TEAMS_LOGIN_ENDPOINT ? { loginEndpoint: c.TEAMS_LOGIN_ENDPOINT.replace(/\/+$/, "") } : {}),
    ...(c.TEAMS_LOGIN_TENANT ? { loginTenant: c.TEAMS_LOGIN_TENANT } : {}),
    ...(c.TEAMS_BOT_SCOPE ? { botScope: c.TEAMS_BOT_SCOPE } : {}),
  };
  return withOverrides(cloudFromName(c.TEAMS_CLOUD ?? "Public"), overrides);
}

export class TeamsAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TeamsAuthError";
  }
}

/** true only for the explicit development opt-out; throws when the opt-out is asked for anywhere else */
export function allowUnauthenticated(c: TeamsConfig): boolean {
  if (c.TEAMS_ALLOW_UNAUTHENTICATED !== "1") return false;
  if (c.NODE_ENV !== "development")
    throw new TeamsAuthError("TEAMS_ALLOW_UNAUTHENTICATED=1 is only accepted with NODE_ENV=development; unset it.");
  return true;
}

export function requireAppId(c: TeamsConfig): string {
  if (!c.TEAMS_APP_ID)
    throw new TeamsAuthError("TEAMS_APP_ID is not set: copy the bot's Microsoft App ID (client id) from the Azure Bot resource.");
  return c.TEAMS_APP_ID;
}

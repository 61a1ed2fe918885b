// A local stand-in for Microsoft Entra ID (the login endpoint) at the network edge, over HTTPS with the
// certificate made by tests/setup/tls.ts: the authority's OpenID configuration and the v2.0 token endpoint,
// which grants client_credentials only for the right client id + secret and answers with a token the fake
// Bot Connector accepts. No instance-discovery endpoint is served: a client that asks for it fails.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

export interface TokenRequest {
  tenant: string;
  form: Record<string, string>;
}

export class FakeEntraId {
  readonly tokenRequests: TokenRequest[] = [];
  /** every path asked for, in order (instance discovery would show up here) */
  readonly requested: string[] = [];
  /** access tokens handed out */
  readonly issued: string[] = [];
  private server: Server;
  origin = "";

  constructor(
    private readonly client: { id: string; secret: string },
    /** mints the access token (a JWT) for a granted request */
    private readonly mint: (clientId: string, scope: string) => Promise<string>,
  ) {
    const dir = process.env.RAGTIME_TEST_TLS_DIR;
    if (!dir) throw new Error("RAGTIME_TEST_TLS_DIR is not set: run the tests through vitest (tests/setup/tls.ts)");
    this.server = createServer({ key: readFileSync(join(dir, "server.key")), cert: readFileSync(join(dir, "server.pem")) }, (req, res) => {
      this.route(req, res).catch((e) => {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: String(e) }));
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.origin = `https://localhost:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async route(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) {
    const url = new URL(req.url ?? "/", this.origin);
    this.requested.push(`${req.method} ${url.pathname}`);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const oidc = url.pathname.match(/^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/);
    if (req.method === "GET" && oidc) {
      const t = oidc[1];
      return json(200, {
        issuer: `${this.origin}/${t}/v2.0`,
        authorization_endpoint: `${this.origin}/${t}/oauth2/v2.0/authorize`,
        token_endpoint: `${this.origin}/${t}/oauth2/v2.0/token`,
        end_session_endpoint: `${this.origin}/${t}/oauth2/v2.0/logout`,
        jwks_uri: `${this.origin}/${t}/discovery/v2.0/keys`,
        response_types_supported: ["code", "id_token", "token"],
        token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt"],
      });
    }
    const token = url.pathname.match(/^\/([^/]+)\/oauth2\/v2\.0\/token$/);
    if (req.method === "POST" && token) {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
      this.tokenRequests.push({ tenant: token[1] ?? "", form });
      if (form.grant_type !== "client_credentials") return json(400, { error: "unsupported_grant_type" });
      if (form.client_id !== this.client.id || form.client_secret !== this.client.secret)
        return json(401, { error: "invalid_client", error_description: "AADSTS7000215: Invalid client secret provided." });
      const scope = form.scope ?? "";
      const accessToken = await this.mint(form.client_id, scope);
      this.issued.push(accessToken);
      return json(200, { token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: accessToken });
    }
    return json(404, { error: "not_found", path: url.pathname });
  }
}

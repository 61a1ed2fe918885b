// A local stand-in for the Bot Framework at the network edge: OpenID metadata + JWKS (the keys the Teams SDK
// validates inbound tokens with), the Bot Connector REST API (/v3/conversations/...) that records what the
// bot sends, and helpers that sign tokens exactly as the Bot Framework does (RS256, iss
// https://api.botframework.com, aud = app id, serviceurl claim).
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";

export const BOT_ISSUER = "https://api.botframework.com";

export interface SentActivity {
  conversationId: string;
  /** activity id in the conversation (";messageid=" thread suffix kept in conversationId) */
  id: string;
  activity: Record<string, unknown>;
  authorization: string | undefined;
}

export interface Member {
  id: string;
  aadObjectId?: string;
  name?: string;
  email?: string;
  userPrincipalName?: string;
}

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

export interface TokenOptions {
  appId: string;
  serviceUrl?: string;
  issuer?: string;
  audience?: string;
  /** seconds from now (negative = already expired) */
  expiresIn?: number;
  /** sign with a key the JWKS does not publish */
  foreignKey?: boolean;
}

export class FakeBotConnector {
  readonly sent: SentActivity[] = [];
  readonly members = new Map<string, Member>();
  /** answer the next N activity posts with this status (429 with Retry-After, 500...) */
  failNext: { status: number; count: number; retryAfter?: string /** let this many posts through first */; after?: number } | null = null;
  /** the outbound bot token the connector accepts (set by botToken()) */
  private accepted = new Set<string>();
  private server: Server;
  private key!: KeyPair;
  private foreign!: KeyPair;
  private jwk!: JWK;
  private kid = `fake-${randomUUID().slice(0, 8)}`;
  baseUrl = "";

  constructor() {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((e) => {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: String(e) }));
      });
    });
  }

  /** service URL the fake Teams puts in activities and the serviceurl claim */
  get serviceUrl(): string {
    return `${this.baseUrl}/teams`;
  }
  get openIdMetadataUrl(): string {
    return `${this.baseUrl}/v1/.well-known/openidconfiguration`;
  }

  async start(): Promise<this> {
    this.key = await generateKeyPair("RS256", { extractable: true });
    this.foreign = await generateKeyPair("RS256", { extractable: true });
    this.jwk = { ...(await exportJWK(this.key.publicKey)), kid: this.kid, use: "sig", alg: "RS256" };
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** An inbound (Bot Framework -> bot) token. */
  async inboundToken(o: TokenOptions): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const key = o.foreignKey ? this.foreign : this.key;
    return new SignJWT({ serviceurl: o.serviceUrl ?? this.serviceUrl, appid: "fake-bot-framework" })
      .setProtectedHeader({ alg: "RS256", kid: this.kid, typ: "JWT" })
      .setIssuer(o.issuer ?? BOT_ISSUER)
      .setAudience(o.audience ?? o.appId)
      .setIssuedAt(now - 60)
      .setNotBefore(now - 60)
      .setExpirationTime(now + (o.expiresIn ?? 3600))
      .sign(key.privateKey);
  }

  /** An outbound (bot -> connector) token; the fake connector only accepts tokens it issued. */
  async botToken(appId: string): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const t = await new SignJWT({ appid: appId })
      .setProtectedHeader({ alg: "RS256", kid: this.kid, typ: "JWT" })
      .setIssuer("https://sts.windows.net/fake-tenant/")
      .setAudience("https://api.botframework.com")
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(this.key.privateKey);
    this.accepted.add(t);
    return t;
  }

  /** activities posted to one conversation (thread replies included when prefix matches) */
  to(conversationId: string): SentActivity[] {
    return this.sent.filter((s) => s.conversationId === conversationId || s.conversationId.startsWith(`${conversationId};`));
  }

  private async route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", this.baseUrl);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.method === "GET" && url.pathname === "/v1/.well-known/openidconfiguration")
      return json(200, {
        issuer: BOT_ISSUER,
        authorization_endpoint: `${this.baseUrl}/v1/auth`,
        jwks_uri: `${this.baseUrl}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ["RS256"],
        token_endpoint_auth_methods_supported: ["private_key_jwt"],
      });
    if (req.method === "GET" && url.pathname === "/v1/.well-known/keys") return json(200, { keys: [this.jwk] });

    const m = url.pathname.match(/^\/teams\/v3\/conversations\/([^/]+)\/(activities|members)(?:\/([^/]+))?$/);
    if (!m) return json(404, { error: { code: "NotFound", message: url.pathname } });
    const auth = req.headers.authorization;
    const token = auth?.startsWith("Bearer ") ? auth.slice(7) : null;
    if (!token || !this.accepted.has(token)) return json(401, { error: { code: "Unauthorized", message: "bad bot token" } });
    const conversationId = decodeURIComponent(m[1] ?? "");
    if (m[2] === "members" && req.method === "GET") {
      const member = this.members.get(decodeURIComponent(m[3] ?? ""));
      return member ? json(200, member) : json(404, { error: { code: "MemberNotFound" } });
    }
    if (m[2] === "activities" && (req.method === "POST" || req.method === "PUT")) {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const activity = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
      if (this.failNext?.after) this.failNext.after--;
      else if (this.failNext && this.failNext.count > 0) {
        this.failNext.count--;
        const { status, retryAfter } = this.failNext;
        if (this.failNext.count === 0) this.failNext = null;
        return json(status, { error: { code: "Throttled", message: "slow down" } }, retryAfter ? { "retry-after": retryAfter } : {});
      }
      const id = m[3] ?? `act-${this.sent.length + 1}`;
      this.sent.push({ conversationId, id, activity, authorization: auth });
      return json(200, { id });
    }
    return json(405, { error: { code: "MethodNotAllowed" } });
  }
}

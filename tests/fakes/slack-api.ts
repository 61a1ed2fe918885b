// A local fake of Slack's Web API (the network edge only): a node http server that records every call and
// answers like Slack does (ok, ts, channel, the files.uploadV2 three-step flow, response_url posts) and can
// answer 429 with Retry-After. Point the app at it with SLACK_API_URL=<fake.url>/api/.
// Also exports signSlackRequest(), which signs a body exactly as Slack does.
import { createHash, createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  token: string | null;
  at: number;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: Record<string, unknown>[];
  thread_ts?: string;
  user: string;
}

export interface Upload {
  fileId: string;
  filename: string;
  bytes: Buffer;
}

export function signSlackRequest(secret: string, body: string, ts = Math.floor(Date.now() / 1000)): Record<string, string> {
  const sig = `v0=${createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex")}`;
  return { "x-slack-request-timestamp": String(ts), "x-slack-signature": sig };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function parseArgs(raw: Buffer, contentType: string): Record<string, unknown> {
  const text = raw.toString("utf8");
  const out: Record<string, unknown> = {};
  if (contentType.includes("application/json")) return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  for (const [k, v] of new URLSearchParams(text)) {
    // the WebClient JSON-encodes objects/arrays in form bodies
    if (/^[[{]/.test(v)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        /* plain string */
      }
    }
    out[k] = v;
  }
  return out;
}

export class FakeSlackApi {
  readonly calls: RecordedCall[] = [];
  readonly messages: StoredMessage[] = [];
  readonly uploads: Upload[] = [];
  readonly responses: { path: string; body: Record<string, unknown> }[] = [];
  /** user/channel ids that do not exist (-> channel_not_found / user_not_found) */
  readonly missing = new Set<string>();
  private rateLimits = new Map<string, { retryAfter: number; times: number; after: number }>();
  private server: Server | null = null;
  /** Socket Mode: the open WebSocket (a minimal RFC 6455 server: text, ping/pong, close) and what it received */
  private socket: Duplex | null = null;
  readonly socketReceived: Record<string, unknown>[] = [];
  private seq = 0;
  private tsBase = 1_795_000_000;
  url = "";

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch((e: Error) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(e.stack);
      });
    });
    this.server.on("upgrade", (req, socket) => this.upgrade(req, socket));
    await new Promise<void>((r) => this.server?.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.socket?.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private upgrade(req: IncomingMessage, socket: Duplex): void {
    const key = String(req.headers["sec-websocket-key"] ?? "");
    const accept = createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    this.socket = socket;
    let buf = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (buf.length < 2) return;
        const opcode = (buf[0] as number) & 0x0f;
        let len = (buf[1] as number) & 0x7f;
        let off = 2;
        if (len === 126) {
          if (buf.length < 4) return;
          len = buf.readUInt16BE(2);
          off = 4;
        } else if (len === 127) {
          if (buf.length < 10) return;
          len = Number(buf.readBigUInt64BE(2));
          off = 10;
        }
        const masked = ((buf[1] as number) & 0x80) !== 0;
        const mask = masked ? buf.subarray(off, off + 4) : null;
        if (masked) off += 4;
        if (buf.length < off + len) return;
        const data = Buffer.from(buf.subarray(off, off + len));
        if (mask) for (let i = 0; i < data.length; i++) data[i] = (data[i] as number) ^ (mask[i % 4] as number);
        buf = buf.subarray(off + len);
        if (opcode === 0x1) this.socketReceived.push(JSON.parse(data.toString("utf8")) as Record<string, unknown>);
        else if (opcode === 0x9) this.frame(0xa, data);
        else if (opcode === 0x8) socket.end();
      }
    });
    socket.on("error", () => {});
    this.socketSend({ type: "hello", num_connections: 1, connection_info: { app_id: "A0RAGTIME" } });
  }

  private frame(opcode: number, data: Buffer): void {
    const head =
      data.length < 126
        ? Buffer.from([0x80 | opcode, data.length])
        : Buffer.from([0x80 | opcode, 126, (data.length >> 8) & 0xff, data.length & 0xff]);
    this.socket?.write(Buffer.concat([head, data]));
  }

  /** Sends a Socket Mode message (hello, an envelope...) to the connected app. */
  socketSend(msg: unknown): void {
    this.frame(0x1, Buffer.from(JSON.stringify(msg), "utf8"));
  }

  get socketConnected(): boolean {
    return this.socket !== null && !this.socket.destroyed;
  }

  /** The next `times` calls of `method` (after letting `after` calls through) answer HTTP 429 with Retry-After: retryAfter seconds. */
  rateLimit(method: string, retryAfter: number, times = 1, after = 0): void {
    this.rateLimits.set(method, { retryAfter, times, after });
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
  }

  /** Waits until `pred` holds over the recorded calls (the app acks first and works afterwards). */
  async waitFor<T>(pred: () => T | undefined | null | false, what = "condition", timeoutMs = 10_000): Promise<T> {
    const start = Date.now();
    for (;;) {
      const v = pred();
      if (v) return v;
      if (Date.now() - start > timeoutMs)
        throw new Error(`fake Slack: timed out waiting for ${what}; calls: ${this.calls.map((c) => c.method).join(", ")}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  waitForCall(method: string, pred: (c: RecordedCall) => boolean = () => true): Promise<RecordedCall> {
    return this.waitFor(() => this.calls.find((c) => c.method === method && pred(c)), method);
  }

  private nextTs(): string {
    this.seq += 1;
    return `${this.tsBase + this.seq}.${String(this.seq).padStart(6, "0")}`;
  }

  private channelFor(id: string): string {
    // posting to a user id goes to the app's DM with that user
    return /^[UW]/.test(id) ? `D${id.slice(1)}` : id;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0] as string;
    const raw = await readBody(req);
    const ct = String(req.headers["content-type"] ?? "");
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };

    if (path.startsWith("/upload/")) {
      const fileId = path.slice("/upload/".length);
      const form = await new Response(new Uint8Array(raw), { headers: { "content-type": ct } }).formData();
      const entry = [...form.values()][0];
      const bytes = entry instanceof Blob ? Buffer.from(await entry.arrayBuffer()) : Buffer.from(String(entry ?? ""));
      const pending = this.uploads.find((u) => u.fileId === fileId);
      if (!pending) return json(404, { ok: false });
      pending.bytes = bytes;
      this.calls.push({ method: "upload", args: { fileId, length: bytes.length }, token: null, at: Date.now() });
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(`OK - ${bytes.length}`);
      return;
    }
    if (path.startsWith("/respond/")) {
      const body = JSON.parse(raw.toString("utf8") || "{}") as Record<string, unknown>;
      this.responses.push({ path, body });
      this.calls.push({ method: "response_url", args: body, token: null, at: Date.now() });
      return json(200, { ok: true });
    }
    if (!path.startsWith("/api/")) return json(404, { ok: false, error: "unknown_path" });

    const method = path.slice("/api/".length);
    const args = parseArgs(raw, ct);
    const auth = String(req.headers.authorization ?? "");
    const token = auth.startsWith("Bearer ") ? auth.slice(7) : ((args.token as string | undefined) ?? null);
    this.calls.push({ method, args, token, at: Date.now() });

    const rl = this.rateLimits.get(method);
    if (rl && rl.after > 0) rl.after -= 1;
    else if (rl && rl.times > 0) {
      rl.times -= 1;
      return json(429, { ok: false, error: "ratelimited" }, { "retry-after": String(rl.retryAfter) });
    }
    if (method === "apps.connections.open") {
      if (!token?.startsWith("xapp-")) return json(200, { ok: false, error: "not_allowed_token_type" });
      return json(200, { ok: true, url: `${this.url.replace("http:", "ws:")}/link/?ticket=t1` });
    }
    if (!token?.startsWith("xoxb-")) return json(200, { ok: false, error: "not_authed" });

    const target = String(args.channel ?? args.channel_id ?? args.user ?? "");
    if (target && this.missing.has(target))
      return json(200, { ok: false, error: /^[UW]/.test(target) ? "user_not_found" : "channel_not_found" });

    switch (method) {
      case "auth.test":
        return json(200, {
          ok: true,
          url: "https://ragtime-test.slack.com/",
          team: "Test",
          user: "ragtime",
          team_id: "T0TEST",
          user_id: "UBOT0001",
          bot_id: "BBOT0001",
        });
      case "chat.postMessage": {
        const channel = this.channelFor(String(args.channel));
        const ts = this.nextTs();
        const msg: StoredMessage = {
          channel,
          ts,
          text: String(args.text ?? ""),
          blocks: (args.blocks as Record<string, unknown>[]) ?? [],
          user: "UBOT0001",
          ...(args.thread_ts ? { thread_ts: String(args.thread_ts) } : {}),
        };
        this.messages.push(msg);
        return json(200, { ok: true, channel, ts, message: { type: "message", ...msg, bot_id: "BBOT0001" } });
      }
      case "chat.update": {
        const msg = this.messages.find((m) => m.ts === args.ts && m.channel === args.channel);
        if (!msg) return json(200, { ok: false, error: "message_not_found" });
        msg.text = String(args.text ?? msg.text);
        if (args.blocks) msg.blocks = args.blocks as Record<string, unknown>[];
        return json(200, { ok: true, channel: msg.channel, ts: msg.ts, text: msg.text });
      }
      case "chat.postEphemeral":
        return json(200, { ok: true, message_ts: this.nextTs() });
      case "views.open":
        this.seq += 1;
        return json(200, { ok: true, view: { ...(args.view as object), id: `V${this.seq}`, hash: `h${this.seq}` } });
      case "files.getUploadURLExternal": {
        this.seq += 1;
        const fileId = `F${String(this.seq).padStart(8, "0")}`;
        this.uploads.push({ fileId, filename: String(args.filename), bytes: Buffer.alloc(0) });
        return json(200, { ok: true, upload_url: `${this.url}/upload/${fileId}`, file_id: fileId });
      }
      case "files.completeUploadExternal": {
        const files = (args.files as { id: string; title?: string }[]) ?? [];
        for (const f of files) {
          const up = this.uploads.find((u) => u.fileId === f.id);
          if (!up || up.bytes.length === 0) return json(200, { ok: false, error: "file_not_found" });
        }
        if (args.channel_id) {
          this.messages.push({
            channel: String(args.channel_id),
            ts: this.nextTs(),
            text: String(args.initial_comment ?? ""),
            blocks: [],
            user: "UBOT0001",
            ...(args.thread_ts ? { thread_ts: String(args.thread_ts) } : {}),
          });
        }
        return json(200, { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? "" })) });
      }
      default:
        return json(200, { ok: false, error: "unknown_method" });
    }
  }
}

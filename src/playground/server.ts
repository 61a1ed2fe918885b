// HTTP for the playground: the page (plain HTML/JS/CSS from ./static), Microsoft's Adaptive Cards renderer
// from node_modules (no CDN), and a small JSON API the page calls. Only requests addressed to this machine's
// own names are answered (a web page elsewhere cannot drive it through DNS rebinding).
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Logger } from "../logger.js";
import { projectPath } from "../paths.js";
import { type Playground, PlaygroundError } from "./playground.js";

const STATIC = projectPath("src", "playground", "static");
const ADAPTIVECARDS = join(dirname(createRequire(import.meta.url).resolve("adaptivecards/package.json")), "dist");

const FILES: Record<string, [string, string]> = {
  "/": [join(STATIC, "index.html"), "text/html; charset=utf-8"],
  "/static/app.js": [join(STATIC, "app.js"), "text/javascript; charset=utf-8"],
  "/static/blockkit.js": [join(STATIC, "blockkit.js"), "text/javascript; charset=utf-8"],
  "/static/style.css": [join(STATIC, "style.css"), "text/css; charset=utf-8"],
  "/vendor/adaptivecards.min.js": [join(ADAPTIVECARDS, "adaptivecards.min.js"), "text/javascript; charset=utf-8"],
  "/vendor/adaptivecards.css": [join(ADAPTIVECARDS, "adaptivecards.css"), "text/css; charset=utf-8"],
};

const MAX_BODY = 256 * 1024;

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new PlaygroundError(413, "request too large");
    chunks.push(c as Buffer);
  }
  if (!chunks.length) return {};
  try {
    const v = JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
    return v && typeof v === "object" ? (v as Record<string, unknown>) : {};
  } catch {
    throw new PlaygroundError(400, "the body is not JSON");
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "";
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

/** Host names this server answers to: loopback names and the configured PLAYGROUND_HOST. */
export function allowedHost(hostHeader: string | undefined, configured: string): boolean {
  const host = (hostHeader ?? "")
    .replace(/:\d+$/, "")
    .replace(/^\[|\]$/g, "")
    .toLowerCase();
  return ["localhost", "127.0.0.1", "::1", configured.toLowerCase()].includes(host);
}

export function playgroundHandler(pg: Playground, log: Logger, host: string) {
  const routes: Record<string, (body: Record<string, unknown>) => Promise<unknown>> = {
    "/api/slack/action": (b) => pg.slackAction(b as never),
    "/api/slack/view": (b) => pg.slackView(b as never),
    "/api/teams/execute": (b) => pg.teamsExecute(b as never),
    "/api/ask": (b) => pg.ask(b as never),
    "/api/digest": (b) => pg.digest(b as never),
    "/api/clock": (b) => pg.advance(b as never),
  };
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? "/", "http://playground.local");
    const file = req.method === "GET" ? FILES[url.pathname] : undefined;
    const route = req.method === "POST" ? routes[url.pathname] : undefined;
    const isState = req.method === "GET" && url.pathname === "/api/state";
    if (req.method === "GET" && url.pathname === "/favicon.ico") {
      res.writeHead(204);
      res.end();
      return true;
    }
    if (!file && !route && !isState) return false;
    if (!allowedHost(req.headers.host, host)) {
      res.writeHead(421, { "content-type": "text/plain" });
      res.end("the playground answers only on this machine's own address\n");
      return true;
    }
    // another web site's page cannot post here: a cross-site JSON POST needs a CORS preflight, never granted
    const origin = req.headers.origin;
    const json = /^application\/json\b/.test(req.headers["content-type"] ?? "");
    if (route && (!json || (origin !== undefined && hostOf(origin) !== req.headers.host))) {
      send(res, 403, { error: "send JSON from the playground page itself" });
      return true;
    }
    try {
      if (file) {
        res.writeHead(200, { "content-type": file[1], "cache-control": "no-cache" });
        res.end(await readFile(file[0]));
      } else if (isState) send(res, 200, await pg.state(url.searchParams.get("as") ?? undefined));
      else if (route) send(res, 200, await route(await readJson(req)));
    } catch (e) {
      if (e instanceof PlaygroundError) send(res, e.status, { error: e.message });
      else {
        log.error({ err: e }, "playground request failed");
        send(res, 500, { error: "internal error (see the server log)" });
      }
    }
    return true;
  };
}

// Microsoft's own Adaptive Cards renderer (the `adaptivecards` npm package) in a real headless Chromium
// (Debian's /usr/bin/chromium driven by playwright-core), for tests: the browser bundle is served from
// node_modules on a local port, each card is parsed (parse warnings and validation errors collected), rendered
// into a Teams-wide container (540 px) and screenshotted to PNG.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

const root = join(import.meta.dirname, "..", "..");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const PAGE = `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/adaptivecards.css">
<style>body{margin:0;font-family:"DejaVu Sans",sans-serif;background:#fff} #card{width:540px;padding:8px}</style>
<script src="/adaptivecards.min.js"></script></head><body><div id="card"></div></body></html>`;

export interface AcRender {
  /** parse and validation problems reported by the renderer (empty = none) */
  problems: string[];
  /** visible text of the rendered card (buttons included) */
  text: string;
  png: Buffer;
  height: number;
}

export class AdaptiveCardsBrowser {
  private server!: Server;
  private context!: BrowserContext;
  private page!: Page;
  private dir = mkdtempSync(join(tmpdir(), "ragtime-chromium-"));
  readonly consoleErrors: string[] = [];
  version = "";

  async start(): Promise<this> {
    const files: Record<string, [string, string]> = {
      "/": ["text/html", PAGE],
      "/adaptivecards.min.js": [
        "text/javascript",
        readFileSync(join(root, "node_modules/adaptivecards/dist/adaptivecards.min.js"), "utf8"),
      ],
      "/adaptivecards.css": ["text/css", readFileSync(join(root, "node_modules/adaptivecards/dist/adaptivecards.css"), "utf8")],
    };
    this.server = createServer((req, res) => {
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      if (path === "/favicon.ico") return res.writeHead(204).end();
      const f = files[path];
      if (!f) return res.writeHead(404).end();
      res.writeHead(200, { "content-type": f[0] }).end(f[1]);
    });
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    this.context = await chromium.launchPersistentContext(this.dir, {
      executablePath: CHROMIUM,
      // Chromium hangs at start under libfaketime (npm run test:future): it runs on the real clock
      env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "LD_PRELOAD" && !k.startsWith("FAKETIME"))) as Record<
        string,
        string
      >,
      headless: true,
      args: ARGS,
    });
    this.page = this.context.pages()[0] ?? (await this.context.newPage());
    this.page.on("console", (m) => {
      if (m.type() === "error") this.consoleErrors.push(m.text());
    });
    this.page.on("pageerror", (e) => this.consoleErrors.push(e.message));
    await this.page.goto(base);
    this.version = await this.page.evaluate(() =>
      (
        globalThis as unknown as { AdaptiveCards: { Versions: { latest: { toString(): string } } } }
      ).AdaptiveCards.Versions.latest.toString(),
    );
    return this;
  }

  async render(card: unknown): Promise<AcRender> {
    const result = await this.page.evaluate(
      (json) => {
        // biome-ignore lint/suspicious/noExplicitAny: the browser bundle's global
        const AC = (globalThis as any).AdaptiveCards;
        // biome-ignore lint/suspicious/noExplicitAny: the page's DOM (this function runs in the browser)
        const host = (globalThis as any).document.getElementById("card");
        host.innerHTML = "";
        const ac = new AC.AdaptiveCard();
        ac.hostConfig = new AC.HostConfig({ supportsInteractivity: true, fontFamily: "DejaVu Sans, sans-serif" });
        const ctx = new AC.SerializationContext();
        ac.parse(json, ctx);
        const problems: string[] = [];
        for (let i = 0; i < ctx.eventCount; i++) {
          const e = ctx.getEventAt(i);
          problems.push(`parse: ${e.message}`);
        }
        const v = ac.validateProperties();
        for (const e of v.validationEvents) problems.push(`validate: ${e.message}`);
        const el = ac.render();
        if (!el) problems.push("render: nothing rendered");
        else host.appendChild(el);
        return { problems, text: host.textContent ?? "", height: host.getBoundingClientRect().height };
      },
      card as Record<string, unknown>,
    );
    const png = await this.page.locator("#card").screenshot({ type: "png", animations: "disabled", scale: "css" });
    return { ...result, png };
  }

  async stop(): Promise<void> {
    await this.context?.close();
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

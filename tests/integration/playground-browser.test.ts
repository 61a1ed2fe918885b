// The playground in a real browser: `npm start` (the real server, a fresh SQLite file, no chat credentials),
// headless Chromium (Debian's, driven by playwright-core), and clicks on the rendered Slack and Teams cards.
// Each click must change the card on the page AND be stored in the database, through the real services.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../helpers/net.js";
import { checkScreenshot } from "./playground-png.js";

/** One message on the page, found by what it has and then held by its id (its buttons change when clicked). */
async function messageWith(page: Page, has: string, text?: RegExp | string) {
  const m = page.locator(".msg", { has: page.locator(has, text ? { hasText: text } : {}) }).first();
  const id = await m.getAttribute("data-id");
  return page.locator(`.msg[data-id="${id}"]`);
}

const root = join(import.meta.dirname, "..", "..");
const CHROMIUM = "/usr/bin/chromium";
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const REASON = HAVE_CHROMIUM ? "" : ` [skipped: ${CHROMIUM} is missing — apt-get install -y chromium (.ci/run does)]`;

describe(`playground in headless Chromium${REASON}`, () => {
  const dir = mkdtempSync(join(tmpdir(), "ragtime-playground-"));
  const dbFile = join(dir, "playground.db");
  let port = 0;
  let child: ChildProcess | undefined;
  let output = "";
  let browser: BrowserContext | undefined;
  let page: Page;
  let secondsToCard = 0;
  const db = () => new Database(dbFile, { readonly: true, fileMustExist: true });

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) return;
    port = await freePort();
    const started = performance.now();
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), DATABASE_URL: `file:${dbFile}`, LOG_LEVEL: "info" };
    child = spawn("npm", ["start", "--silent"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    browser = await chromium.launchPersistentContext(join(dir, "profile"), {
      executablePath: CHROMIUM,
      // Chromium hangs at start under libfaketime (npm run test:future): it runs on the real clock, the server on the faked one
      env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "LD_PRELOAD" && !k.startsWith("FAKETIME"))) as Record<
        string,
        string
      >,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    page = await browser.newPage();
    page.on("dialog", (d) => void d.accept());
    for (let i = 0; ; i++) {
      try {
        await page.goto(`http://localhost:${port}/?view=slack`);
        break;
      } catch (e) {
        if (i > 240) throw new Error(`the playground never answered: ${String(e)}\n${output}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    await page.locator('.msg .sk-btn[data-action-id^="rt|status|"]').first().waitFor({ timeout: 60_000 });
    secondsToCard = (performance.now() - started) / 1000;
    // a figure, not an assertion (speed belongs in bench/): how long `npm start` takes to a clickable reminder
    console.log(`playground: first clickable reminder card ${secondsToCard.toFixed(1)} s after \`npm start\``);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (child?.pid) process.kill(-child.pid, "SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!HAVE_CHROMIUM)("says where the playground is in its first log line, and is bound to 127.0.0.1 only", async () => {
    const first = output.split("\n").find((l) => l.startsWith("{"));
    expect(JSON.parse(first ?? "{}").msg).toContain(`ragtime playground: http://localhost:${port}/`);
    const lan = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === "IPv4" && !a.internal);
    if (lan) await expect(fetch(`http://${lan.address}:${port}/healthz`)).rejects.toThrow();
    // another host name (DNS rebinding) is not served
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path: "/api/state", headers: { host: "evil.example" } }, (res) =>
        resolve(res.statusCode ?? 0),
      );
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(421);
    // nor a form posted by another web site (no JSON content type, or a foreign Origin)
    const base = `http://127.0.0.1:${port}/api/clock`;
    expect((await fetch(base, { method: "POST", body: '{"to":"day"}', headers: { "content-type": "text/plain" } })).status).toBe(403);
    const foreign = { "content-type": "application/json", origin: "http://evil.example" };
    expect((await fetch(base, { method: "POST", body: '{"to":"day"}', headers: foreign })).status).toBe(403);
  });

  it.skipIf(!HAVE_CHROMIUM)(
    "Slack: a status click replaces the item with the recorded line, and the status is in the database",
    async () => {
      const msg = await messageWith(page, '.sk-btn[data-action-id^="rt|status|"]', /^2( · .+)?$/);
      const button = msg.locator('.sk-btn[data-action-id^="rt|status|"]', { hasText: /^2( · .+)?$/ }).first();
      const milestoneId = ((await button.getAttribute("data-action-id")) ?? "").split("|")[2] as string;
      const text = (await msg.textContent()) ?? "";
      expect(text).toMatch(/(Hello .* in|ragtime now follows) DEMO — Thurrock/);
      await button.click();
      await expect.poll(async () => msg.textContent()).toMatch(/2 \(started with some delay\) recorded by .* at \d\d:\d\d/i);
      const d = db();
      const row = d
        .prepare(`SELECT "source", "statusLabel" FROM "StatusUpdate" WHERE "milestoneId" = ? ORDER BY "createdAt" DESC`)
        .get(milestoneId) as { source: string; statusLabel: string } | undefined;
      const ms = d.prepare(`SELECT "status", "statusLabel" FROM "Milestone" WHERE "id" = ?`).get(milestoneId) as {
        status: string;
        statusLabel: string;
      };
      d.close();
      expect(row).toEqual({ source: "playground", statusLabel: "2" });
      expect(ms).toEqual({ status: "at_risk", statusLabel: "2" });
      const png = await page.screenshot();
      checkScreenshot(png, 1400, 900);
      if (process.env.PLAYGROUND_SCREENSHOT) writeFileSync(process.env.PLAYGROUND_SCREENSHOT, png);
      await page.fill("#question", "what is overdue");
      await page.click("#ask button");
      await expect.poll(async () => page.locator("#dms").textContent()).toMatch(/You: what is overdue[\s\S]*overdue[^.]*as of/i);
      // every block ragtime sent has a renderer, and Slack's escaping (&amp;) is undone exactly once: "H&WB" stays "H&WB"
      expect(await page.locator(".sk-unsupported").count()).toBe(0);
      const all = (await page.locator("main").textContent()) ?? "";
      expect(all).toContain("H&WB");
      expect(all).not.toMatch(/&amp;|&lt;|&gt;/);
    },
  );

  it.skipIf(!HAVE_CHROMIUM)("Slack: “Add detail” opens the modal, and a past revised date is refused on the form", async () => {
    await page.locator('.msg .sk-btn[data-action-id^="rt|detail|"]').first().click();
    await page.locator("#modal[open]").waitFor();
    await page.fill('#modal-body [data-block-id="revised_due"] input', "2020-01-01");
    await page.click("#modal-submit");
    await expect
      .poll(async () => page.locator("#modal .sk-error").allTextContents())
      .toContain("A revised due date cannot be in the past.");
    await page.click("#modal-cancel");
  });

  it.skipIf(!HAVE_CHROMIUM)(
    "Teams: the Adaptive Card's status button, Snooze (Action.ShowCard) and the inline detail form go through the Teams parser",
    async () => {
      const before = count(`SELECT COUNT(*) AS n FROM "StatusUpdate" WHERE "source" = 'playground'`);
      await page.click('[data-view="teams"]');
      await page.locator(".msg.teams .ac-pushButton").first().waitFor();
      const card = await messageWith(page, ".ac-pushButton", /^4( · .+)?$/);
      await card
        .locator(".ac-pushButton", { hasText: /^4( · .+)?$/ })
        .first()
        .click();
      await expect.poll(async () => card.textContent()).toMatch(/recorded by .* at \d\d:\d\d/);
      expect(count(`SELECT COUNT(*) AS n FROM "StatusUpdate" WHERE "source" = 'playground'`)).toBe(before + 1);
      const next = await messageWith(page, ".ac-pushButton", "Snooze");
      await next.locator(".ac-pushButton", { hasText: "Snooze" }).first().click();
      await next.locator(".ac-pushButton", { hasText: "Tomorrow" }).first().click();
      await expect.poll(async () => next.textContent()).toMatch(/Snoozed until/);
      expect(count(`SELECT COUNT(*) AS n FROM "Milestone" WHERE "snoozedUntil" IS NOT NULL`)).toBe(1);
      // "Add detail" in Teams is the card itself: its inputs go back in Action.Execute's data
      const form = await messageWith(page, ".ac-pushButton", "Add detail");
      await form.locator(".ac-pushButton", { hasText: "Add detail" }).first().click();
      await form.locator("textarea").first().fill("Adoption panel met; two matches approved.");
      await form.locator(".ac-pushButton", { hasText: "Save update" }).click();
      await expect.poll(async () => form.textContent()).toMatch(/recorded by .* at \d\d:\d\d/);
      expect(count(`SELECT COUNT(*) AS n FROM "StatusUpdate" WHERE "narrative" = 'Adoption panel met; two matches approved.'`)).toBe(1);
      checkScreenshot(await page.screenshot(), 1400, 900);
    },
  );

  it.skipIf(!HAVE_CHROMIUM)("the digest now, a question, and the clock moved on bring new messages", async () => {
    await page.click('[data-view="slack"]');
    await page.click("#digest");
    await expect.poll(async () => page.locator("#board").textContent(), { timeout: 30_000 }).toMatch(/As presented to the board on/);
    await page.locator("#board").evaluate((e) => e.scrollTo(0, 0));
    const png = await page.screenshot();
    checkScreenshot(png, 1400, 900);
    // the README's picture: PLAYGROUND_SCREENSHOT=docs/playground.png npx vitest run tests/integration/playground-browser.test.ts
    if (process.env.PLAYGROUND_SCREENSHOT) writeFileSync(process.env.PLAYGROUND_SCREENSHOT, png);
    await page.fill("#question", "what is overdue");
    await page.click("#ask button");
    await expect.poll(async () => page.locator("#dms").textContent()).toMatch(/You: what is overdue[\s\S]*overdue[^.]*as of/i);
    // every block ragtime sent has a renderer, and Slack's escaping (&amp;) is undone exactly once: "H&WB" stays "H&WB"
    expect(await page.locator(".sk-unsupported").count()).toBe(0);
    const all = (await page.locator("main").textContent()) ?? "";
    expect(all).toContain("H&WB");
    expect(all).not.toMatch(/&amp;|&lt;|&gt;/);
    const dms = await page.locator("#dms .msg").count();
    await page.click('[data-clock="week"]');
    await expect.poll(async () => page.locator("#toast").textContent(), { timeout: 30_000 }).toMatch(/It is now .*: [1-9]\d* new message/);
    await expect.poll(async () => page.locator("#dms .msg").count()).toBeGreaterThan(dms);
    checkScreenshot(await page.screenshot(), 1400, 900);
  });

  function count(sql: string): number {
    const d = db();
    const n = (d.prepare(sql).get() as { n: number }).n;
    d.close();
    return n;
  }
});

// `npm run teams:package`: validates manifests/teams and zips it with the bot id from TEAMS_APP_ID.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { MANIFEST_DIR, pngInfo, validateManifest, withAppId } from "../../src/adapters/teams/manifest.js";

const root = join(import.meta.dirname, "..", "..");
const tmp = mkdtempSync(join(tmpdir(), "ragtime-teams-pkg-"));
const APP_ID = "3f2b8c1e-9d4a-4e6b-8f00-1234567890ab";
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Minimal zip reader (central directory + stored/deflated entries) so the test checks the real bytes. */
function readZip(buf: Buffer): Map<string, Buffer> {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString("utf8", p + 46, p + 46 + nameLen);
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataStart, dataStart + size);
    out.set(name, method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

describe("teams:package", () => {
  it("zips manifest.json + icons with the bot id taken from TEAMS_APP_ID", () => {
    const out = join(tmp, "app.zip");
    execFileSync("npx", ["tsx", "scripts/teams-package.ts", "--out", out], {
      cwd: root,
      env: { ...process.env, TEAMS_APP_ID: APP_ID, NODE_ENV: "test" },
      stdio: "pipe",
    });
    const files = readZip(readFileSync(out));
    expect([...files.keys()].sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    const manifest = JSON.parse(files.get("manifest.json")?.toString("utf8") ?? "{}");
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(manifest.bots[0].scopes).toEqual(["personal", "team", "groupChat"]);
    expect(manifest.bots[0].commandLists[0].commands.map((c: { title: string }) => c.title)).toEqual([
      "help",
      "overdue",
      "status",
      "digest",
    ]);
    expect(manifest.manifestVersion).toBe("1.22");
    expect(JSON.stringify(manifest)).not.toContain("${{");
    expect(pngInfo(files.get("color.png") as Buffer)).toMatchObject({ width: 192, height: 192 });
    expect(pngInfo(files.get("outline.png") as Buffer)).toMatchObject({ width: 32, height: 32, alpha: true });
  });

  it("refuses to build without a valid TEAMS_APP_ID and says which variable to fix", () => {
    const r = spawnSync("npx", ["tsx", "scripts/teams-package.ts", "--out", join(tmp, "bad.zip")], {
      cwd: root,
      env: { ...process.env, TEAMS_APP_ID: "not-a-guid", NODE_ENV: "test" },
      encoding: "utf8",
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("TEAMS_APP_ID");
    expect(r.stderr).toContain("not a GUID");
  });

  it("validation names each broken field", () => {
    const m = withAppId(readFileSync(join(MANIFEST_DIR, "manifest.json"), "utf8"), APP_ID);
    const bot = m.bots?.[0] as { botId: string; scopes: string[]; commandLists: { commands: { title: string }[] }[] };
    bot.botId = "someone-else";
    bot.scopes = ["personal"];
    bot.commandLists[0]!.commands = bot.commandLists[0]!.commands.filter((c) => c.title !== "digest");
    const problems = validateManifest(m, { color: readFileSync(join(MANIFEST_DIR, "outline.png")), outline: null }, APP_ID);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining("bots[0].botId"),
        'bots[0].scopes: missing "team"',
        'bots[0].scopes: missing "groupChat"',
        'bots[0].commandLists: missing the "digest" command',
        "icons.color: color.png is 32x32, must be 192x192",
        expect.stringContaining("icons.outline: outline.png is missing"),
      ]),
    );
  });
});

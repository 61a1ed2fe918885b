// The Teams app package: manifests/teams/manifest.json with the bot id from TEAMS_APP_ID, validated, plus the
// two icons (color 192x192, outline 32x32 white on transparent) rendered from the SVGs next to it, zipped
// (yazl) for sideloading or upload to the Teams admin center.

import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import yazl from "yazl";
import { UserError } from "../../core/errors.js";
import { projectPath } from "../../paths.js";

export const MANIFEST_DIR = projectPath("manifests", "teams");
/** the Teams Toolkit style placeholder used in manifests/teams/manifest.json */
export const APP_ID_PLACEHOLDER = ["$", "{{TEAMS_APP_ID}}"].join("");
export const REQUIRED_COMMANDS = ["help", "overdue", "status", "digest"] as const;
export const REQUIRED_SCOPES = ["personal", "team", "groupChat"] as const;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const ICONS = { color: { file: "color.png", size: 192 }, outline: { file: "outline.png", size: 32 } } as const;

interface Manifest {
  $schema?: string;
  manifestVersion?: string;
  version?: string;
  id?: string;
  icons?: { color?: string; outline?: string };
  name?: { short?: string; full?: string };
  description?: { short?: string; full?: string };
  developer?: Record<string, string>;
  bots?: {
    botId?: string;
    scopes?: string[];
    commandLists?: { scopes?: string[]; commands?: { title: string; description: string }[] }[];
  }[];
}

/** Width, height and whether the PNG has an alpha channel (from the IHDR chunk). */
export function pngInfo(buf: Buffer): { width: number; height: number; alpha: boolean } | null {
  if (buf.length < 33 || buf.readUInt32BE(0) !== 0x89504e47 || buf.toString("ascii", 12, 16) !== "IHDR") return null;
  const colorType = buf[25] ?? 0;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20), alpha: colorType === 4 || colorType === 6 };
}

/** Replaces the app id placeholder everywhere in the manifest. */
export function withAppId(template: string, appId: string): Manifest {
  return JSON.parse(template.split(APP_ID_PLACEHOLDER).join(appId)) as Manifest;
}

/** Every problem with the manifest and icons, each naming the field and the fix. Empty = valid. */
export function validateManifest(m: Manifest, icons: { color: Buffer | null; outline: Buffer | null }, appId: string): string[] {
  const p: string[] = [];
  if (!GUID.test(appId)) p.push(`TEAMS_APP_ID: "${appId}" is not a GUID — copy the Microsoft App ID from the Azure Bot resource`);
  const mv = /\/v(\d+\.\d+)\/MicrosoftTeams\.schema\.json$/.exec(m.$schema ?? "")?.[1];
  if (!mv) p.push("$schema: must be a https://developer.microsoft.com/json-schemas/teams/v1.x/MicrosoftTeams.schema.json URL");
  else if (mv !== m.manifestVersion) p.push(`manifestVersion: "${m.manifestVersion}" does not match the schema URL (v${mv})`);
  if (!/^\d+\.\d+\.\d+$/.test(m.version ?? "")) p.push("version: must be semantic (x.y.z)");
  if (m.id !== appId) p.push("id: must be the app id (TEAMS_APP_ID)");
  if (!m.name?.short || m.name.short.length > 30) p.push("name.short: required, at most 30 characters");
  if (!m.name?.full || m.name.full.length > 100) p.push("name.full: required, at most 100 characters");
  if (!m.description?.short || m.description.short.length > 80) p.push("description.short: required, at most 80 characters");
  if (!m.description?.full || m.description.full.length > 4000) p.push("description.full: required, at most 4000 characters");
  for (const k of ["name", "websiteUrl", "privacyUrl", "termsOfUseUrl"])
    if (!m.developer?.[k] || (k !== "name" && !m.developer[k]?.startsWith("https://")))
      p.push(`developer.${k}: required${k === "name" ? "" : " (https URL)"}`);
  const bot = m.bots?.[0];
  if (!bot || m.bots?.length !== 1) p.push("bots: exactly one bot is expected");
  else {
    if (bot.botId !== appId) p.push(`bots[0].botId: "${bot.botId}" is not TEAMS_APP_ID (${appId})`);
    for (const s of REQUIRED_SCOPES) if (!bot.scopes?.includes(s)) p.push(`bots[0].scopes: missing "${s}"`);
    const titles = (bot.commandLists ?? []).flatMap((l) => l.commands ?? []).map((c) => c.title);
    for (const c of REQUIRED_COMMANDS) if (!titles.includes(c)) p.push(`bots[0].commandLists: missing the "${c}" command`);
    for (const l of bot.commandLists ?? [])
      if ((l.commands ?? []).length > 10) p.push("bots[0].commandLists: at most 10 commands per list");
  }
  for (const [key, spec] of Object.entries(ICONS) as [keyof typeof ICONS, (typeof ICONS)[keyof typeof ICONS]][]) {
    if (m.icons?.[key] !== spec.file) p.push(`icons.${key}: must be "${spec.file}"`);
    const buf = icons[key];
    const info = buf ? pngInfo(buf) : null;
    if (!info) p.push(`icons.${key}: ${spec.file} is missing or not a PNG (run npm run teams:package -- --icons)`);
    else if (info.width !== spec.size || info.height !== spec.size)
      p.push(`icons.${key}: ${spec.file} is ${info.width}x${info.height}, must be ${spec.size}x${spec.size}`);
    else if (key === "outline" && !info.alpha) p.push("icons.outline: must be white on a transparent background (PNG with alpha)");
  }
  return p;
}

/** Renders color.png and outline.png from the SVG sources in the manifest directory. */
export function renderIcons(dir = MANIFEST_DIR): void {
  for (const [key, spec] of Object.entries(ICONS)) {
    const svg = readFileSync(join(dir, `${key}.svg`), "utf8");
    const png = new Resvg(svg, { fitTo: { mode: "width", value: spec.size }, background: "rgba(0,0,0,0)" }).render().asPng();
    writeFileSync(join(dir, spec.file), png);
  }
}

export class ManifestError extends UserError {
  constructor(public readonly problems: string[]) {
    super("teams.bad_manifest", `the Teams app package is not valid:\n${problems.map((x) => `  - ${x}`).join("\n")}`);
  }
}

export interface PackageResult {
  out: string;
  manifest: Manifest;
  entries: string[];
}

/** Validates and writes the zip (manifest.json, color.png, outline.png at its root). */
export async function packageTeamsApp(opts: { appId: string | undefined; out: string; dir?: string }): Promise<PackageResult> {
  const dir = opts.dir ?? MANIFEST_DIR;
  if (!opts.appId) throw new ManifestError(["TEAMS_APP_ID: not set — the bot id in the manifest comes from it"]);
  const manifest = withAppId(readFileSync(join(dir, "manifest.json"), "utf8"), opts.appId);
  const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f)) : null);
  const icons = { color: read(ICONS.color.file), outline: read(ICONS.outline.file) };
  const problems = validateManifest(manifest, icons, opts.appId);
  if (problems.length) throw new ManifestError(problems);
  mkdirSync(dirname(opts.out), { recursive: true });
  const zip = new yazl.ZipFile();
  const mtime = new Date("2026-01-01T00:00:00Z"); // stable bytes for the same inputs
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), "manifest.json", { mtime });
  zip.addBuffer(icons.color as Buffer, ICONS.color.file, { mtime });
  zip.addBuffer(icons.outline as Buffer, ICONS.outline.file, { mtime });
  zip.end();
  await new Promise<void>((resolve, reject) => {
    const ws = createWriteStream(opts.out);
    ws.on("close", () => resolve());
    ws.on("error", reject);
    zip.outputStream.on("error", reject).pipe(ws);
  });
  return { out: opts.out, manifest, entries: ["manifest.json", ICONS.color.file, ICONS.outline.file] };
}

// npm run teams:package [-- --out dist/teams/ragtime-teams.zip] [-- --icons]
// Builds the Teams app package from manifests/teams with the bot id from TEAMS_APP_ID (config), after
// validating the manifest and icons. --icons re-renders the PNG icons from their SVG sources first.
import { join } from "node:path";
import { ManifestError, packageTeamsApp, renderIcons } from "../src/adapters/teams/manifest.js";
import { ConfigError, loadConfig } from "../src/config.js";

const args = process.argv.slice(2);
const outIdx = args.indexOf("--out");
const out = outIdx >= 0 && args[outIdx + 1] ? (args[outIdx + 1] as string) : join("dist", "teams", "ragtime-teams.zip");

try {
  const config = loadConfig();
  if (args.includes("--icons")) renderIcons();
  const r = await packageTeamsApp({ appId: config.TEAMS_APP_ID, out });
  console.log(`wrote ${r.out} (${r.entries.join(", ")}) for bot ${config.TEAMS_APP_ID}`);
  console.log("Sideload it: Teams > Apps > Manage your apps > Upload an app > Upload a custom app.");
} catch (e) {
  if (e instanceof ConfigError || e instanceof ManifestError) {
    console.error(e.message);
    process.exit(2);
  }
  throw e;
}

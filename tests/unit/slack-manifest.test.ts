// The Slack manifests declare exactly the scopes the code needs: every Web API method the adapter calls
// (found by grepping the source for client.<ns>.<method>( and filesUploadV2) maps to a declared scope, and
// every declared scope is needed by a call, an event or the slash command.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FEATURE_SCOPES, METHOD_SCOPES } from "../../src/adapters/slack/scopes.js";

const root = join(import.meta.dirname, "..", "..");
const srcDir = join(root, "src", "adapters", "slack");

function calledMethods(): string[] {
  const found = new Set<string>();
  for (const f of readdirSync(srcDir).filter((x) => x.endsWith(".ts"))) {
    const text = readFileSync(join(srcDir, f), "utf8");
    for (const m of text.matchAll(/\bclient\.([a-z]+)\.([A-Za-z]+)\(/g)) found.add(`${m[1]}.${m[2]}`);
    if (/\.filesUploadV2\(/.test(text)) found.add("files.uploadV2");
  }
  return [...found].sort();
}

interface Manifest {
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[]; request_url?: string };
    interactivity: { is_enabled: boolean };
    socket_mode_enabled: boolean;
  };
  features: { slash_commands: { command: string }[]; bot_user: { display_name: string } };
}

for (const file of ["manifest.json", "manifest.socket-mode.json"]) {
  describe(`manifests/slack/${file}`, () => {
    const manifest = JSON.parse(readFileSync(join(root, "manifests", "slack", file), "utf8")) as Manifest;
    const declared = new Set(manifest.oauth_config.scopes.bot);

    it("the adapter calls the methods we expect (the grep works)", () => {
      expect(calledMethods()).toEqual(
        expect.arrayContaining(["chat.postMessage", "chat.update", "chat.postEphemeral", "views.open", "files.uploadV2"]),
      );
    });

    it("every Web API method the code calls has a known scope, declared in the manifest", () => {
      for (const method of calledMethods()) {
        expect(METHOD_SCOPES, `add ${method} to METHOD_SCOPES in src/adapters/slack/scopes.ts`).toHaveProperty([method]);
        const scope = METHOD_SCOPES[method];
        if (scope) expect(declared.has(scope), `${method} needs ${scope}`).toBe(true);
      }
    });

    it("subscribes to app_mention and message.im, has interactivity and /ragtime", () => {
      expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(["app_mention", "message.im"]);
      expect(manifest.settings.interactivity.is_enabled).toBe(true);
      expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(["/ragtime"]);
      for (const e of manifest.settings.event_subscriptions.bot_events)
        expect(declared.has(FEATURE_SCOPES[`event:${e}`] as string)).toBe(true);
      expect(declared.has(FEATURE_SCOPES["command:/ragtime"] as string)).toBe(true);
      expect(manifest.settings.socket_mode_enabled).toBe(file.includes("socket"));
      if (!manifest.settings.socket_mode_enabled) expect(manifest.settings.event_subscriptions.request_url).toMatch(/\/slack\/events$/);
    });

    it("declares no scope the code does not need", () => {
      const needed = new Set<string>();
      for (const m of calledMethods()) if (METHOD_SCOPES[m]) needed.add(METHOD_SCOPES[m] as string);
      for (const e of manifest.settings.event_subscriptions.bot_events) needed.add(FEATURE_SCOPES[`event:${e}`] as string);
      for (const c of manifest.features.slash_commands) needed.add(FEATURE_SCOPES[`command:${c.command}`] as string);
      expect([...declared].sort()).toEqual([...needed].sort());
    });
  });
}

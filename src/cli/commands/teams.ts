// `ragtime teams install-link` (how to pre-install the app for a whole tenant so reminders can reach people
// who never opened it) and `ragtime teams conversations` (which people/boards have a stored Teams conversation).
import type { Command } from "commander";
import { linkWaitingConversations, listConversations } from "../../services/conversations.js";
import { UsageError, withDb } from "../context.js";
import type { CliIo } from "../io.js";

export function installInstructions(appId: string, tenantId: string | undefined): string[] {
  return [
    `Teams app (bot) id: ${appId}${tenantId ? `  tenant: ${tenantId}` : ""}`,
    "",
    "1. Build the package:   TEAMS_APP_ID=<id> npm run teams:package   (writes dist/teams/ragtime-teams.zip)",
    "2. Upload it for the organisation: Teams admin center > Teams apps > Manage apps > Upload new app.",
    "3. Pre-install it for everyone on the plan: Teams admin center > Teams apps > Setup policies >",
    "   Global (or a policy assigned to plan owners) > Installed apps > Add apps > ragtime.",
    "   Or per user with Microsoft Graph (application permission TeamsAppInstallation.ReadWriteForUser.All):",
    "   POST https://graph.microsoft.com/v1.0/users/{user-id}/teamwork/installedApps",
    '   { "teamsApp@odata.bind": "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/{catalog-app-id}" }',
    "4. Add it to each board's team (Apps > ragtime > Add to a team) and give the board its channel's",
    "   conversation id (19:...@thread.tacv2) as its Teams conversation when adding the board.",
    "",
    `People can also open it directly: https://teams.microsoft.com/l/app/${appId}`,
    "Every install reaches ragtime as an installationUpdate; the conversation is stored and linked to the",
    "person (by Teams AAD object id, else e-mail) or board. `ragtime teams conversations` lists them.",
  ];
}

export function registerTeams(program: Command, io: CliIo): void {
  const teams = program.command("teams").description("Microsoft Teams: installation and stored conversations");
  teams
    .command("install-link")
    .description("print how to pre-install the Teams app for a whole tenant")
    .action(async () => {
      await withDb(io, async (_h, config) => {
        if (!config.TEAMS_APP_ID)
          throw new UsageError("TEAMS_APP_ID is not set — copy the bot's Microsoft App ID from the Azure Bot resource");
        for (const line of installInstructions(config.TEAMS_APP_ID, config.TEAMS_TENANT_ID)) io.out(line);
      });
    });
  teams
    .command("install-check")
    .description("link 1:1 chats the app was installed in before their person was mapped; list the ones still nobody's")
    .option("--json", "print JSON")
    .action(async (o: { json?: boolean }) => {
      await withDb(io, async (h) => {
        const r = await linkWaitingConversations(h.db);
        if (o.json) return io.out(JSON.stringify(r, null, 2));
        for (const l of r.linked)
          io.out(`linked   ${l.person} (by ${l.by === "aad" ? "Teams user id" : "e-mail / UPN"})  ${l.conversationId}`);
        for (const w of r.waiting)
          io.out(
            `waiting  ${w.upn ?? "(no e-mail)"}  aad ${w.aadObjectId ?? "-"}  ${w.conversationId}\n` +
              `         fix: ragtime people set "<name as the plan writes it>" ${w.aadObjectId ? `--teams ${w.aadObjectId}` : `--email ${w.upn}`}`,
          );
        if (!r.linked.length && !r.waiting.length) io.out("every 1:1 Teams chat is linked to a person");
      });
    });
  teams
    .command("conversations")
    .description("list stored Teams conversations and who/which board they belong to")
    .option("--json", "print JSON")
    .action(async (o: { json?: boolean }) => {
      await withDb(io, async (h) => {
        const out = await listConversations(h.db);
        if (o.json) io.out(JSON.stringify(out, null, 2));
        else if (!out.length) io.out("no Teams conversations stored yet (nobody has installed the app)");
        else for (const r of out) io.out(`${r.kind.padEnd(9)} ${r.person ?? r.board ?? "(not linked)"}  ${r.conversationId}`);
      });
    });
}

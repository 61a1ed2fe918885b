// `ragtime board add "<name>" --plan <key> [...]`, `ragtime board list`
import type { Command } from "commander";
import { addBoard, boardsList } from "../../services/boards.js";
import { withDb } from "../context.js";
import type { CliIo } from "../io.js";
import { requirePlan } from "../plan-arg.js";
import { formatTable } from "../table.js";

const list = (v: string | undefined) =>
  v
    ? v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

export function registerBoard(program: Command, io: CliIo): void {
  const board = program.command("board").description("boards that receive the weekly digest");
  board
    .command("add <name>")
    .description("add a board (or update the board with that name)")
    .requiredOption("--plan <key>", "plan key")
    .option("--sections <list>", "section numbers in scope, e.g. 2,3 (default: whole plan)")
    .option("--chair <name>", "chair's name")
    .option("--members <list>", 'members, comma-separated: "a,b"')
    .option("--slack-channel <id>", "Slack channel id (C...)")
    .option("--teams-conversation <id>", "Teams channel conversation id")
    .option("--schedule <when>", '"MON 09:00" or a 5-field cron expression', "MON 09:00")
    .option("--tz <zone>", "IANA time zone for the schedule", "Europe/London")
    .option("--meetings <dates>", "meeting dates YYYY-MM-DD, comma-separated")
    .option("--create-people", "create a chair or member nobody knows yet (otherwise an unknown name is an error)")
    .action(
      async (
        name: string,
        o: {
          plan: string;
          sections?: string;
          chair?: string;
          members?: string;
          slackChannel?: string;
          teamsConversation?: string;
          schedule: string;
          tz: string;
          meetings?: string;
          createPeople?: boolean;
        },
      ) => {
        await withDb(io, async (h, _config, clock) => {
          await requirePlan(h.db, o.plan, "--plan");
          const b = await addBoard(
            h.db,
            {
              name,
              planKey: o.plan,
              sections: list(o.sections),
              chair: o.chair,
              members: list(o.members),
              slackChannel: o.slackChannel,
              teamsConversation: o.teamsConversation,
              schedule: o.schedule,
              timeZone: o.tz,
              meetings: list(o.meetings),
              createPeople: o.createPeople,
            },
            clock.now(),
          );
          io.out(
            `Board "${b.name}" saved: digest ${b.schedule} (${b.timeZone})${b.slackChannelId ? `, Slack ${b.slackChannelId}` : ""}${b.teamsConversationId ? `, Teams ${b.teamsConversationId}` : ""}${!b.slackChannelId && !b.teamsConversationId ? ", no channel yet (digests go to the log)" : ""}.`,
          );
        });
      },
    );
  board
    .command("list")
    .description("list boards")
    .option("--json", "print as JSON")
    .action(async (o: { json?: boolean }) => {
      await withDb(io, async (h) => {
        const boards = await boardsList(h.db);
        if (o.json) {
          io.out(JSON.stringify(boards, null, 2));
          return;
        }
        if (!boards.length) {
          io.out('No boards yet: `ragtime board add "<name>" --plan <key>`');
          return;
        }
        io.out(
          formatTable(
            ["Board", "Plan", "Sections", "Chair", "Members", "Channel", "Schedule", "Meetings"],
            boards.map((b) => [
              b.name,
              b.plan,
              b.sections?.join(",") ?? "all",
              b.chair ?? "-",
              String(b.members.length),
              [b.slackChannelId && `slack ${b.slackChannelId}`, b.teamsConversationId && "teams"].filter(Boolean).join(", ") || "log",
              `${b.schedule} ${b.timeZone}`,
              b.meetings.join(", ") || "-",
            ]),
          ),
        );
      });
    });
}

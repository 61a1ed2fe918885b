// `ragtime people import <people.csv>`, `ragtime people set "<name>" ...`, `ragtime people list [--unmapped]`
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { isUnmapped, PeopleInputError, type PersonChanges, peopleList, setPerson } from "../../services/people.js";
import { importPeople } from "../../services/peopleImport.js";
import { UsageError, withDb } from "../context.js";
import type { CliIo } from "../io.js";
import { formatTable } from "../table.js";

export { formatTable };

function onOff(v: string): boolean {
  if (/^(on|yes|true|1)$/i.test(v)) return true;
  if (/^(off|no|false|0)$/i.test(v)) return false;
  throw new UsageError(`--mentions: "${v}" is not on or off`);
}

function clearable(v: string | undefined): string | null | undefined {
  if (v === undefined) return undefined;
  return /^(none|-|)$/i.test(v.trim()) ? null : v.trim();
}

export function registerPeople(program: Command, io: CliIo): void {
  const people = program.command("people").description("map the people named in plans to Slack / Teams accounts");

  people
    .command("import")
    .description("import people from a CSV: name, email, slack_user_id, teams_user_id, time_zone, nation, deputy")
    .argument("<file>", "people CSV file")
    .option("--dry-run", "check the file and report, write nothing")
    .option("--strict", "write nothing if any row has an error")
    .option("--json", "print the report as JSON")
    .action(async (file: string, opts: { dryRun?: boolean; strict?: boolean; json?: boolean }) => {
      await withDb(io, async (h) => {
        let text: string;
        try {
          text = readFileSync(file, "utf8");
        } catch (e) {
          throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
        }
        let report: Awaited<ReturnType<typeof importPeople>>;
        try {
          report = await importPeople(h.db, text, { dryRun: opts.dryRun, strict: opts.strict });
        } catch (e) {
          if (e instanceof PeopleInputError) throw new UsageError(`${file}: ${e.message}`);
          throw e;
        }
        if (opts.json) io.out(JSON.stringify(report, null, 2));
        else {
          const verb = report.written ? "" : opts.dryRun ? " (dry run: nothing written)" : " (nothing written)";
          io.out(`${file}: ${report.rows} rows — ${report.created} new, ${report.updated} updated, ${report.unchanged} unchanged${verb}`);
          if (report.ignoredColumns.length) io.out(`ignored columns: ${report.ignoredColumns.join(", ")}`);
          for (const e of report.errors) io.err(`row ${e.row}, column ${e.column}: ${e.message}`);
        }
        if (report.errors.length) io.exitCode = 1;
      });
    });

  people
    .command("set")
    .description("set a person's chat accounts, time zone, nation, deputy, out-of-office or @mention consent")
    .argument("<name>", "the name as the plan writes it")
    .option("--slack <id>", "Slack member id (U...), or none")
    .option("--teams <id>", "Teams user id (AAD object id), or none")
    .option("--email <address>", "e-mail address, or none")
    .option("--tz <zone>", "IANA time zone, e.g. Europe/London")
    .option("--nation <nation>", "ENG | WLS | SCT | NIR (bank holidays)")
    .option("--deputy <name>", "who stands in when they are away, or none")
    .option("--away-until <date>", "out of office until YYYY-MM-DD, or none")
    .option("--mentions <on|off>", "may the bot @mention them in board channels")
    .option("--create", "add the person if nobody has this name yet")
    .option("--json", "print the person as JSON")
    .action(
      async (
        name: string,
        o: {
          slack?: string;
          teams?: string;
          email?: string;
          tz?: string;
          nation?: string;
          deputy?: string;
          awayUntil?: string;
          mentions?: string;
          create?: boolean;
          json?: boolean;
        },
      ) => {
        await withDb(io, async (h) => {
          const changes: PersonChanges = {
            slackUserId: clearable(o.slack),
            teamsUserId: clearable(o.teams),
            email: clearable(o.email),
            timeZone: o.tz,
            nation: o.nation,
            deputy: clearable(o.deputy),
            awayUntil: clearable(o.awayUntil),
            mentionOptIn: o.mentions === undefined ? undefined : onOff(o.mentions),
          };
          const p = await setPerson(h.db, name, changes, { create: o.create });
          if (o.json) io.out(JSON.stringify(p, null, 2));
          else
            io.out(
              `${p.name}: slack ${p.slackUserId ?? "-"}, teams ${p.teamsUserId ?? "-"}, email ${p.email ?? "-"}, ${p.timeZone}, ${p.nation}` +
                `${p.awayUntil ? `, away until ${p.awayUntil.toISOString().slice(0, 10)}` : ""}${p.mentionOptIn ? ", @mentions on" : ""}`,
            );
        });
      },
    );

  people
    .command("list")
    .description("list people, the chat accounts they have and the plans they own items in")
    .option("--unmapped", "only people with no Slack or Teams account yet")
    .option("--json", "print as JSON")
    .action(async (o: { unmapped?: boolean; json?: boolean }) => {
      await withDb(io, async (h) => {
        const rows = await peopleList(h.db, { unmapped: o.unmapped });
        if (o.json) {
          io.out(
            JSON.stringify(
              rows.map((p) => ({
                name: p.name,
                email: p.email,
                slackUserId: p.slackUserId,
                teamsUserId: p.teamsUserId,
                teamsConversation: p.hasTeamsConversation,
                timeZone: p.timeZone,
                nation: p.nation,
                deputy: p.deputyName,
                awayUntil: p.awayUntil?.toISOString().slice(0, 10) ?? null,
                mentions: p.mentionOptIn,
                isPost: p.isPost,
                unmapped: isUnmapped(p),
                plans: p.planKeys,
              })),
              null,
              2,
            ),
          );
          return;
        }
        if (rows.length === 0) {
          io.out(o.unmapped ? "Everyone has a chat account." : "No people yet: import a plan or a people file.");
          return;
        }
        io.out(
          formatTable(
            ["Name", "Slack", "Teams", "E-mail", "Time zone", "Nation", "Deputy", "Plans"],
            rows.map((p) => [
              p.name,
              p.slackUserId ?? "-",
              p.teamsUserId ?? (p.hasTeamsConversation ? "(installed)" : "-"),
              p.email ?? "-",
              p.timeZone,
              p.nation,
              p.deputyName ?? "-",
              p.planKeys.join(", ") || "-",
            ]),
          ),
        );
        io.out(`\n${rows.length} ${o.unmapped ? "without a chat account" : "people"}`);
      });
    });
}

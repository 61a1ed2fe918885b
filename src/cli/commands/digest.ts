// `ragtime digest --board "<name>" --as-of YYYY-MM-DD [--dry-run] [--json] [--png out.png]`
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { cardToText } from "../../core/cards/model.js";
import { boardNamed } from "../../services/boards.js";
import { asOfDate, buildDigest, DigestError, notLiveReason, postDigest, renderDigest } from "../../services/digest.js";
import { UsageError, withDb } from "../context.js";
import type { CliIo } from "../io.js";
import { todayIn } from "./plans.js";

export function registerDigest(program: Command, io: CliIo): void {
  program
    .command("digest")
    .description("build a board's digest as of a date; posts it (snapshot + board channel) unless --dry-run")
    .requiredOption("--board <name>", "board name (see `ragtime board list`)")
    .option("--as-of <date>", "YYYY-MM-DD (default: today in the board's time zone)")
    .option("--dry-run", "build and print only; store and send nothing")
    .option("--json", "print the digest model as JSON")
    .option("--png <file>", "also write the status-by-section chart to this PNG file")
    .action(async (o: { board: string; asOf?: string; dryRun?: boolean; json?: boolean; png?: string }) => {
      await withDb(io, async (h, config, clock) => {
        const board = await boardNamed(h.db, o.board);
        if (!board) throw new UsageError(`--board: no board named "${o.board}" (see \`ragtime board list\`)`);
        let asOf: Date;
        try {
          asOf = asOfDate(o.asOf ?? todayIn(board.timeZone, clock.now()));
        } catch (e) {
          if (e instanceof DigestError) throw new UsageError(`--as-of: ${e.message}`);
          throw e;
        }
        const enabled = { slack: config.slack.enabled, teams: config.teams.enabled };
        let model = o.dryRun ? await buildDigest(h.db, board.id, asOf) : null;
        let posted: Awaited<ReturnType<typeof postDigest>> | null = null;
        if (!o.dryRun) {
          posted = await postDigest(h.db, board.id, asOf, clock.now(), enabled);
          model = posted.model;
        }
        // a posted digest prints exactly as stored; a dry run renders fresh
        const needRender = !posted || o.png;
        const rendered = needRender ? await renderDigest(model!, (e) => io.err(`ragtime: chart not drawn: ${(e as Error).message}`)) : null;
        const card = posted ? posted.card : rendered!.card;
        const png = posted?.card.attachments?.find((a) => a.key === "chart")
          ? Buffer.from(posted.card.attachments.find((a) => a.key === "chart")!.base64, "base64")
          : (rendered?.png ?? null);
        if (o.png) {
          if (!png) throw new UsageError("--png: the chart could not be drawn (see the message above)");
          writeFileSync(o.png, png);
        }
        if (o.json) {
          io.out(
            JSON.stringify(
              posted
                ? { digestId: posted.digestId, created: posted.created, outboxIds: posted.outboxIds, digest: model }
                : { digest: model },
              null,
              2,
            ),
          );
          return;
        }
        io.out(cardToText(card));
        for (const t of card.thread ?? []) io.out(`\n${cardToText(t)}`);
        if (o.png) io.out(`\nChart written to ${o.png}`);
        if (posted)
          io.out(
            posted.created
              ? `\nPosted: snapshot ${posted.digestId} stored; ${posted.outboxIds.length} message(s) queued for the board's channel (the running service delivers them).`
              : `\nThis board already had its digest for ${asOf.toISOString().slice(0, 10)} (snapshot ${posted.digestId}); nothing new stored or sent.`,
          );
        else {
          io.out("\n(dry run: nothing stored or sent)");
          // a dry run of a plan that is not live builds the digest, but says it would not be posted
          const notLive = notLiveReason(board.plan, clock.now());
          if (notLive) io.out(`Not posted as it stands: ${notLive}. Fix: \`ragtime plan go-live ${board.plan.key}\`.`);
        }
      });
    });
}

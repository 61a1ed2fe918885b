// `ragtime db migrate` applies the committed migrations (once, on deploy); `ragtime db status` says what is pending.
import type { Command } from "commander";
import { applyMigrations, migrationState } from "../../services/database.js";
import { withDb } from "../context.js";
import type { CliIo } from "../io.js";

export function registerDb(program: Command, io: CliIo): void {
  const db = program.command("db").description("the database: apply migrations, show their state");
  db.command("migrate")
    .description("apply the committed migrations that this database does not have yet (npm start does this too)")
    .action(async () => {
      await withDb(
        io,
        async (h) => {
          const applied = await applyMigrations(h, (m) => io.err(m));
          io.out(applied.length ? `applied ${applied.length} migration(s): ${applied.join(", ")}` : "the database is up to date");
        },
        { migrate: false },
      );
    });
  db.command("status")
    .description("list migrations not yet applied (exit 1 when the database is behind)")
    .action(async () => {
      await withDb(
        io,
        async (h) => {
          const s = await migrationState(h);
          if (s.pending.length === 0) io.out("the database is up to date");
          else {
            io.out(`${s.fresh ? "a new database" : "behind"}: ${s.pending.length} migration(s) pending: ${s.pending.join(", ")}`);
            io.out("run `ragtime db migrate`");
            io.exitCode = 1;
          }
        },
        { migrate: false },
      );
    });
}

// Prisma CLI configuration (only the CLI loads this file; the app builds its client in src/storage/db.ts).
// Recipe verified offline (see README "Prisma on these machines"): Prisma 6.19 with the JS schema engine and
// driver adapters, so no engine binary is ever downloaded. scripts/prisma.mjs sets RAGTIME_PRISMA_PROVIDER
// and the dummy engine paths before calling the CLI.
import { defineConfig } from "prisma/config";
import { pgAdapterForCli, providerFromEnv, sqliteAdapterForCli } from "./scripts/prisma-adapters.ts";

const provider = providerFromEnv();

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: `prisma/${provider}/schema.prisma`,
  migrations: { path: `prisma/${provider}/migrations` },
  adapter: async () => (provider === "postgres" ? pgAdapterForCli() : sqliteAdapterForCli()),
});

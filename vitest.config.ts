import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // a local CA for the fake Entra ID's HTTPS endpoint, trusted by every test process (NODE_EXTRA_CA_CERTS)
    globalSetup: ["tests/setup/tls.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // integration suites each use their own SQLite file / PostgreSQL schema, so files may run in parallel
    pool: "forks",
    reporters: ["default"],
  },
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // integration suites each use their own SQLite file / PostgreSQL schema, so files may run in parallel
    pool: "forks",
    reporters: ["default"],
  },
});

// The database's own state for `ragtime db`: which committed migrations it has, and applying the rest. CLI
// commands reach storage through services (tests/unit/layering.test.ts).
export { applyMigrations, migrationState } from "../storage/migrations.js";

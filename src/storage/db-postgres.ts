// Opens a PostgreSQL database (pg pool through Prisma's pg adapter, ?schema= honoured). Only this module loads
// pg and the PostgreSQL client, so a SQLite process (the CLI on the default database) never pays for them.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient as PostgresClient } from "../generated/postgres/client.js";
import { registerClient } from "./db-registry.js";
import type { Db, DbHandle } from "./db-types.js";

export function openPostgresDb(url: string): DbHandle {
  const u = new URL(url);
  const schema = u.searchParams.get("schema") ?? undefined;
  u.searchParams.delete("schema");
  // our pool, so the inbound journal can share it (driverOf); Prisma ends it on $disconnect
  const pool = new pg.Pool({ connectionString: u.toString(), max: 10 });
  const adapter = new PrismaPg(pool, { ...(schema ? { schema } : {}), disposeExternalPool: true });
  const db = new PostgresClient({ adapter }) as unknown as Db;
  registerClient(db, { provider: "postgres", schema: schema ?? null }, { kind: "postgres", pool });
  return { db, provider: "postgres", url, close: () => db.$disconnect() };
}

// The SQLite adapter's fixes (src/storage/sqlite-adapter.ts) on a real database file: a write made outside a
// transaction while one is open waits for it, so a rollback cannot undo it, and the connection under Prisma
// is reachable.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { driverOf } from "../../src/storage/db.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";

let t: TestDb;
beforeAll(async () => {
  t = await createSqliteTestDb();
});
afterAll(async () => t?.cleanup());

const row = (key: string) => ({ key, source: "test", kind: "x", payloadJson: "{}" });

describe("SQLite through Prisma (one connection)", () => {
  it("a write outside an open transaction waits for it and survives its rollback", async () => {
    let inside: () => void = () => {};
    const txStarted = new Promise<void>((r) => {
      inside = r;
    });
    let outsideDone = false;
    let outsideDoneWhileOpen = false;
    const tx = t.db
      .$transaction(async (tx) => {
        await tx.inboundEvent.create({ data: row("inside-tx") });
        inside();
        await new Promise((r) => setTimeout(r, 50));
        outsideDoneWhileOpen = outsideDone;
        // the rolled-back row is not visible outside
        throw new Error("roll back");
      })
      .catch((e: Error) => e.message);
    await txStarted;
    const outside = t.db.inboundEvent.create({ data: row("outside-tx") }).then((r) => {
      outsideDone = true;
      return r;
    });
    expect(await tx).toBe("roll back");
    await outside;
    expect(outsideDoneWhileOpen).toBe(false);
    expect(await t.db.inboundEvent.count({ where: { key: "inside-tx" } })).toBe(0);
    expect(await t.db.inboundEvent.count({ where: { key: "outside-tx" } })).toBe(1);
  });

  it("a read outside an open transaction does not see its uncommitted rows", async () => {
    let inside: () => void = () => {};
    const txStarted = new Promise<void>((r) => {
      inside = r;
    });
    const tx = t.db
      .$transaction(async (tx) => {
        await tx.inboundEvent.create({ data: row("uncommitted") });
        inside();
        await new Promise((r) => setTimeout(r, 30));
        throw new Error("roll back");
      })
      .catch(() => undefined);
    await txStarted;
    expect(await t.db.inboundEvent.count({ where: { key: "uncommitted" } })).toBe(0);
    await tx;
  });

  it("many transactions and plain writes at once all finish, each exactly once", async () => {
    const work = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0
        ? t.db.$transaction(async (tx) => {
            await tx.inboundEvent.create({ data: row(`mix-tx-${i}`) });
            await new Promise((r) => setTimeout(r, 1));
            await tx.inboundEvent.create({ data: row(`mix-tx-${i}-b`) });
          })
        : t.db.inboundEvent.create({ data: row(`mix-plain-${i}`) }),
    );
    await Promise.all(work);
    expect(await t.db.inboundEvent.count({ where: { key: { startsWith: "mix-" } } })).toBe(60);
  });

  it("the connection under Prisma is reachable (guards an adapter upgrade renaming its field)", async () => {
    await t.db.inboundEvent.count();
    const d = driverOf(t.db);
    expect(d.kind).toBe("sqlite");
    expect(d.kind === "sqlite" && d.connection.current()?.open).toBe(true);
  });
});

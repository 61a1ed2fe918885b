// The collection tick: 7 working days before a board meeting (like the update cycle) each indicator's owner
// is asked for the period the meeting reports on, once; nothing before that window, outside working hours,
// or for a period that already has a value.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indicatorRequestsDue } from "../../src/core/indicators/collection.js";
import { addBoard } from "../../src/services/boards.js";
import { importIndicators } from "../../src/services/importIndicators.js";
import { runIndicatorCollectionTick } from "../../src/services/indicator-collection.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";

const MINE = join(import.meta.dirname, "../fixtures/indicators");
const at = (iso: string) => new Date(iso);
const off = { slack: false, teams: false };

describe("indicatorRequestsDue (pure)", () => {
  const base = {
    indicators: [
      { id: "m", ownerId: "p", cadence: "monthly" as const, sectionNumber: "1" },
      { id: "q", ownerId: "p", cadence: "quarterly" as const, sectionNumber: "2" },
    ],
    boards: [{ meetings: ["2023-11-16"], sections: null }],
    owners: new Map([["p", { timeZone: "Europe/London", nation: "ENG" }]]),
    cycleWorkingDays: 7,
    hasValue: () => false,
  };
  it("asks from 7 working days before the meeting, for the month (or quarter) before it", () => {
    // 16 Nov 2023 (Thu) minus 7 working days = 7 Nov (Tue)
    expect(indicatorRequestsDue({ ...base, now: at("2023-11-06T10:00:00Z") })).toEqual([]);
    expect(indicatorRequestsDue({ ...base, now: at("2023-11-07T10:00:00Z") })).toEqual([
      { indicatorId: "m", periodId: "2023-10", meeting: "2023-11-16" },
      { indicatorId: "q", periodId: "2023/24-Q2", meeting: "2023-11-16" },
    ]);
    expect(indicatorRequestsDue({ ...base, now: at("2023-11-07T18:30:00Z") })).toEqual([]); // after 17:00 in London
    expect(indicatorRequestsDue({ ...base, now: at("2023-11-16T10:00:00Z") })).toEqual([]); // the meeting day itself
    expect(
      indicatorRequestsDue({ ...base, now: at("2023-11-08T10:00:00Z"), hasValue: (id) => id === "m" }).map((r) => r.indicatorId),
    ).toEqual(["q"]);
  });
  it("follows the board's scope", () => {
    const r = indicatorRequestsDue({ ...base, boards: [{ meetings: ["2023-11-16"], sections: ["2"] }], now: at("2023-11-08T10:00:00Z") });
    expect(r.map((x) => x.indicatorId)).toEqual(["q"]);
  });
});

describe("runIndicatorCollectionTick", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createSqliteTestDb();
    await importIndicators(t.db, {
      file: join(MINE, "blackpool-outcome-indicators.csv"),
      planKey: "blackpool",
      scale: "blackpool",
      now: at("2023-11-01T09:00:00Z"),
    });
    await addBoard(t.db, { name: "Blackpool Board", planKey: "blackpool", meetings: ["2023-11-16"] }, at("2023-11-01T09:00:00Z"));
  });
  afterAll(async () => t.cleanup());

  it("queues one request per owned indicator for October, once, however many ticks", async () => {
    expect((await runIndicatorCollectionTick(t.db, at("2023-11-06T10:00:00Z"), off)).queued).toEqual([]);
    const first = await runIndicatorCollectionTick(t.db, at("2023-11-07T10:00:00Z"), off);
    expect(first.queued).toHaveLength(5);
    expect(new Set(first.queued.map((q) => q.periodId))).toEqual(new Set(["2023-10"]));
    const again = await runIndicatorCollectionTick(t.db, at("2023-11-08T10:00:00Z"), off);
    expect(again.queued).toEqual([]);
    const rows = await t.db.outboxMessage.findMany({ where: { dedupeKey: { startsWith: "indicator:" } } });
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.platform === "log")).toBe(true);
    expect(JSON.parse(rows[0]?.payloadJson ?? "{}").purpose).toBe("indicator_request");
  });
});

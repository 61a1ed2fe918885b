// `ragtime indicators list|set` in-process on Blackpool-shaped indicator tables: settings change what the board
// sees (tolerance moves the RAG band), unknown names get the closest ones and a non-zero exit, bad values a
// message and the fix, and a re-import of the table keeps what was set by hand.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addBoard } from "../../src/services/boards.js";
import { buildDigest } from "../../src/services/digest.js";
import { importIndicators } from "../../src/services/importIndicators.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { runCli } from "./cli.helper.js";

const MINE = join(import.meta.dirname, "../fixtures/indicators");
const OUTCOMES = join(MINE, "blackpool-outcome-indicators.csv");
const AUDITS = join(MINE, "blackpool-practice-obsessions.csv");
const NOW = new Date("2023-11-01T09:00:00Z");
const VOICES = "Children's voices are heard in assessments";

let t: TestDb;
let boardId: string;

beforeAll(async () => {
  t = await createSqliteTestDb();
  await importIndicators(t.db, { file: OUTCOMES, planKey: "blackpool", scale: "blackpool", now: NOW });
  await importIndicators(t.db, { file: AUDITS, planKey: "blackpool", now: NOW });
  boardId = (await addBoard(t.db, { name: "Blackpool Board", planKey: "blackpool" }, NOW)).id;
});
afterAll(async () => t?.cleanup());

const indicator = (where: { ref?: string; name?: string }) =>
  t.db.indicator.findFirstOrThrow({ where, include: { owner: true, targets: { orderBy: { date: "asc" } } } });

describe("ragtime indicators list", () => {
  it("lists every indicator with owner, polarity, unit, tolerance, cadence, targets and latest value", async () => {
    const r = await runCli(["indicators", "list", "--plan", "blackpool"], t.url);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^Ref\s+Indicator\s+Section\s+Owner\s+Polarity\s+Unit\s+Tolerance\s+Cadence\s+Targets\s+Latest/);
    const oi2 = lines.find((l) => l.startsWith("OI2 "))!;
    expect(oi2).toMatch(/Sara Whitfield\s+lower\s+percent\s+default\s+monthly\s+24% by 2023-10-31; 22% by 2024-04-30/);
    expect(lines.find((l) => l.includes(VOICES))).toMatch(/Dan Okafor.*54% \(2023-10\)/);
    const json = JSON.parse((await runCli(["indicators", "list", "--plan", "blackpool", "--json"], t.url)).stdout);
    expect(json).toHaveLength(8);
  });

  it("an unknown plan: the closest keys and exit 2", async () => {
    const r = await runCli(["indicators", "list", "--plan", "blackpol"], t.url);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no plan with key "blackpol". Did you mean blackpool?');
  });
});

describe("ragtime indicators set", () => {
  it("sets owner, polarity, unit, tolerance, cadence and targets by ref", async () => {
    const r = await runCli(
      [
        "indicators",
        "set",
        "oi3",
        "--owner",
        "priya nair",
        "--polarity",
        "lower",
        "--tolerance",
        "3",
        "--cadence",
        "quarterly",
        "--target",
        "2024-04-30=88%",
        "--target",
        "2025-03-31=TBC",
      ],
      t.url,
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("set owner, polarity, tolerance, cadence, targets:");
    expect(r.stdout).toContain("OI3 % assessments completed within 45 working days [plan blackpool]");
    const row = await indicator({ ref: "OI3" });
    expect(row).toMatchObject({ polarity: "lower", tolerance: 3, cadence: "quarterly", unit: "percent" });
    expect(row.owner?.name).toBe("Priya Nair");
    expect(row.targets.map((x) => [x.date.toISOString().slice(0, 10), x.value])).toEqual([
      ["2023-10-31", 80],
      ["2024-04-30", 88],
      ["2024-10-31", 90],
      ["2025-03-31", null],
    ]);
    expect(JSON.parse(row.setByHand ?? "[]")).toEqual(["cadence", "owner", "polarity", "targets", "tolerance"]);
  });

  it("a tolerance set by name moves the indicator's RAG band on the next digest (Blackpool's labels)", async () => {
    const before = await buildDigest(t.db, boardId, new Date("2023-11-20T00:00:00Z"));
    expect(before.indicators?.rows.find((x) => x.name === VOICES)?.rag).toBe("At Risk");
    const r = await runCli(["indicators", "set", VOICES, "--tolerance", "8"], t.url);
    expect(r.code).toBe(0);
    const after = await buildDigest(t.db, boardId, new Date("2023-11-20T00:00:00Z"));
    expect(after.indicators?.rows.find((x) => x.name === VOICES)?.rag).toBe("Orange");
  });

  it("an unknown indicator: the closest names, the fix and exit 2; nothing changes", async () => {
    const r = await runCli(
      ["indicators", "set", "Childrens voices heard in assesments", "--plan", "blackpool", "--polarity", "lower"],
      t.url,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`no indicator called "Childrens voices heard in assesments" in plan "blackpool". Did you mean "${VOICES}"`);
    expect(r.stderr).toContain("fix: See `ragtime indicators list --plan blackpool`");
    const near = await runCli(["indicators", "set", "OI9", "--polarity", "lower"], t.url);
    expect(near.code).toBe(2);
    expect(near.stderr).toMatch(/Did you mean "OI\d"/);
    expect((await indicator({ name: VOICES })).polarity).toBe("higher");
  });

  it("bad values: a message naming the option and the fix, exit 2", async () => {
    const cases: [string[], RegExp][] = [
      [["--polarity", "up-ish"], /--polarity: "up-ish" is not higher or lower/],
      [["--cadence", "fortnightly"], /--cadence: "fortnightly" is not one of monthly, quarterly, termly, annual/],
      [["--tolerance", "-1"], /--tolerance: "-1" is not a number of zero or more/],
      [["--target", "2024-02-31=50"], /--target: "2024-02-31=50" is not DATE=VALUE/],
      [["--target", "2024-04-30=20000"], /--target: "2024-04-30=20000" is not a value from 0 to 10000 for this unit/],
      [["--unit", "furlongs"], /--unit: "furlongs" is not one of percent, rate10k, count, days, number/],
      [["--owner", "Dan Okafur"], /--owner: nobody called "Dan Okafur" is known. Did you mean "Dan Okafor"\?/],
      [[], /nothing to set/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(["indicators", "set", "OI1", ...args], t.url);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/\nfix: /);
    }
    expect((await indicator({ ref: "OI1" })).setByHand).toBeNull();
  });

  it("a re-import of the table keeps what was set by hand and updates the rest", async () => {
    await runCli(["indicators", "set", "OI1", "--polarity", "none", "--owner", "Dan Okafor"], t.url);
    await importIndicators(t.db, { file: OUTCOMES, planKey: "blackpool", scale: "blackpool", now: new Date("2023-11-02T09:00:00Z") });
    const oi1 = await indicator({ ref: "OI1" });
    expect(oi1.polarity).toBeNull();
    expect(oi1.owner?.name).toBe("Dan Okafor");
    const oi3 = await indicator({ ref: "OI3" });
    expect(oi3).toMatchObject({ polarity: "lower", cadence: "quarterly" });
    expect(oi3.owner?.name).toBe("Priya Nair");
    // the hand-set target stays; the table's own targets are the table's
    expect(oi3.targets.find((x) => x.date.toISOString().startsWith("2024-04-30"))?.value).toBe(88);
    // an indicator nobody touched still follows the table
    expect((await indicator({ ref: "OI2" })).polarity).toBe("lower");
  });
});

// Handles: every action has a short name a person can type. Thurrock writes no refs, so each action gets its
// section number and place ("3.2"), kept on re-import even when rows are added or removed above it; plans with
// refs (Devon North) use the ref. The handle is used by the CLI (pause/snooze), questions, cards and the export.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerQuestion } from "../../src/services/answer.js";
import { importPlan } from "../../src/services/importPlan.js";
import { runReminderTick } from "../../src/services/reminders.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { FIXTURES, runCli } from "./cli.helper.js";

let t: TestDb;
let dir: string;
const handlesOf = async (key: string) =>
  new Map(
    (await t.db.action.findMany({ where: { plan: { key } }, orderBy: { position: "asc" } })).map(
      (a) => [a.key, a.handle] as [string, string | null],
    ),
  );

beforeAll(async () => {
  t = await createSqliteTestDb();
  dir = mkdtempSync(join(tmpdir(), "ragtime-handles-"));
  copyFileSync(join(FIXTURES, "thurrock-development-plan.csv"), join(dir, "thurrock.csv"));
  await importPlan(t.db, { file: join(dir, "thurrock.csv"), planKey: "thurrock", now: new Date("2018-01-01T09:00:00Z") });
  await importPlan(t.db, {
    file: join(FIXTURES, "devon-north-detailed-plan.csv"),
    planKey: "devon-north",
    now: new Date("2017-09-01T09:00:00Z"),
  });
}, 60_000);
afterAll(async () => {
  await t.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe("action handles", () => {
  it("refless actions get section.position handles, unique in the plan; actions with refs use the ref", async () => {
    const th = await t.db.action.findMany({
      where: { plan: { key: "thurrock" } },
      include: { section: true },
      orderBy: { position: "asc" },
    });
    expect(th.every((a) => a.ref === null && a.handle)).toBe(true);
    expect(new Set(th.map((a) => a.handle)).size).toBe(th.length);
    for (const a of th) expect(a.handle?.startsWith(`${a.section?.number}.`)).toBe(true);
    const firstOf3 = th.find((a) => a.section?.number === "3");
    expect(firstOf3?.handle).toBe("3.1");
    const dn = await t.db.action.findMany({ where: { plan: { key: "devon-north" } } });
    expect(dn.every((a) => a.handle === a.ref)).toBe(true);
  });

  it("are kept across re-imports, also when a row above is removed", async () => {
    const before = await handlesOf("thurrock");
    await importPlan(t.db, { file: join(dir, "thurrock.csv"), planKey: "thurrock", now: new Date("2018-01-08T09:00:00Z") });
    expect(await handlesOf("thurrock")).toEqual(before);
    // drop the first action of section 1 (its rows) from the council's next export
    const lines = readFileSync(join(dir, "thurrock.csv"), "utf8").split(/\r?\n/);
    const kept = lines.filter((l) => !l.includes("Create clear management structure"));
    expect(kept.length).toBeLessThan(lines.length);
    writeFileSync(join(dir, "thurrock-next.csv"), kept.join("\n"));
    await importPlan(t.db, { file: join(dir, "thurrock-next.csv"), planKey: "thurrock", now: new Date("2018-01-15T09:00:00Z") });
    const after = await handlesOf("thurrock");
    for (const [key, h] of after) expect(h, key).toBe(before.get(key));
    // a new action at the top of section 3 takes the next free number there; the others keep theirs
    const rows = parse(readFileSync(join(dir, "thurrock.csv"), "utf8"), { relax_column_count: true }) as string[][];
    const col = rows[0]!.indexOf("Action");
    const i3 = rows.findIndex((r) => /^3\./.test(r[0] ?? ""));
    expect(i3).toBeGreaterThan(0);
    const added = [...rows[i3]!];
    added[col] = "A new action the council added";
    const csv = [...rows.slice(0, i3), added, ...rows.slice(i3)]
      .map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(","))
      .join("\n");
    writeFileSync(join(dir, "thurrock-added.csv"), csv);
    await importPlan(t.db, { file: join(dir, "thurrock-added.csv"), planKey: "thurrock", now: new Date("2018-01-16T09:00:00Z") });
    const withNew = await handlesOf("thurrock");
    for (const [key, h] of before) expect(withNew.get(key), key).toBe(h);
    const fresh = [...withNew].filter(([k]) => !before.has(k));
    expect(fresh.length).toBe(1);
    const in3 = [...before.values()].filter((h) => h?.startsWith("3.")).length;
    expect(fresh[0]![1]).toBe(`3.${in3 + 1}`);
  }, 60_000);

  it("questions, cards and the CLI take the handle", async () => {
    const a = await answerQuestion(t.db, "status of 3.2", { personId: null, isAdmin: true }, new Date("2018-01-15T00:00:00Z"), {
      planKey: "thurrock",
    });
    expect(a.total).toBeGreaterThan(0);
    expect(a.text.startsWith("3.2 — ")).toBe(true);
    const who = await answerQuestion(t.db, "who owns 3.2", { personId: null, isAdmin: true }, new Date("2018-01-15T00:00:00Z"), {
      planKey: "thurrock",
    });
    expect(who.text).toContain("Who owns 3.2");
    const p = await runCli(["pause", "thurrock", "3.2"], t.url);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toContain("paused 3.2");
    expect((await t.db.action.findFirstOrThrow({ where: { plan: { key: "thurrock" }, handle: "3.2" } })).paused).toBe(true);
    expect((await runCli(["resume", "thurrock", "3.2"], t.url)).code).toBe(0);
    // reminder cards list each item by its handle
    await t.db.plan.update({ where: { key: "thurrock" }, data: { status: "live", liveFrom: new Date("2018-01-15T00:00:00Z") } });
    const tick = await runReminderTick(t.db, new Date("2018-01-15T10:00:00Z"), { enabled: { slack: false, teams: false }, dryRun: true });
    const refs = tick.planned.flatMap((r) => r.view.items.map((i) => i.ref));
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.every((r) => r && /^\d+\.\d+$/.test(r))).toBe(true);
  }, 60_000);
});

// `ragtime plans list`, `plan show`, `admin add` and `export --xlsx` end to end on the imported Thurrock plan.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateDetail } from "../../src/core/cards/detail.js";
import { scaleOf } from "../../src/core/status.js";
import { importPlan } from "../../src/services/importPlan.js";
import { recordUpdate } from "../../src/services/recordUpdate.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { FIXTURES, runCli } from "./cli.helper.js";

let t: TestDb;
let dir: string;
const LONG = { timeout: 240_000 };

beforeAll(async () => {
  t = await createSqliteTestDb();
  dir = mkdtempSync(join(tmpdir(), "ragtime-plans-"));
  const r = await importPlan(t.db, {
    file: join(FIXTURES, "thurrock-development-plan.csv"),
    planKey: "thurrock",
    name: "Thurrock Development Plan 2017-19",
    now: new Date("2018-06-01T09:00:00Z"),
  });
  expect(r.written).toBe(true);
});
afterAll(async () => {
  await t?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("plans list / plan show / admin add", LONG, () => {
  it("admin add makes a plan admin; plans list shows it", async () => {
    const add = await runCli(["admin", "add", "thurrock", "sheila  murphy"], t.url);
    expect(add.stderr).toBe("");
    expect(add.stdout).toContain("Sheila Murphy is now an administrator of Thurrock Development Plan 2017-19");
    const again = await runCli(["admin", "add", "thurrock", "Sheila Murphy"], t.url);
    expect(again.stdout).toContain("was already");
    expect(await t.db.planAdmin.count()).toBe(1);
    const bad = await runCli(["admin", "add", "nope", "Sheila Murphy"], t.url);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('No plan with key "nope"');

    const list = await runCli(["plans", "list", "--json"], t.url);
    const plans = JSON.parse(list.stdout);
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ key: "thurrock", scale: "numeric5", sections: 8, admins: ["Sheila Murphy"] });
    expect(plans[0].milestones).toBe(await t.db.milestone.count());
  });

  it("plan show counts milestones per section in the plan's labels and overdue as of a date", async () => {
    const r = await runCli(["plan", "show", "thurrock", "--as-of", "2018-03-01", "--json"], t.url);
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(v.asOf).toBe("2018-03-01");
    expect(v.sections).toHaveLength(8);
    expect(v.sections[0].label).toBe("1. Recruiting, retaining and developing a skilled and confident social care workforce");
    const total = await t.db.milestone.count();
    expect(v.total.milestones).toBe(total);
    const sum = Object.values(v.total.counts as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(sum).toBe(total);
    // Thurrock's own 1-5 labels, in the scale's order
    expect(v.labels.filter((l: string) => /^\d \(/.test(l))).toEqual([...v.labels.filter((l: string) => /^\d \(/.test(l))].sort());
    expect(v.labels).toContain("3 (on track)");
    expect(v.total.counts["3 (on track)"]).toBe(await t.db.milestone.count({ where: { statusLabel: "3" } }));
    const overdue = await t.db.milestone.count({ where: { due: { lt: new Date("2018-03-01T00:00:00Z") }, status: { not: "complete" } } });
    expect(overdue).toBeGreaterThan(0);
    expect(v.total.overdue).toBe(overdue);
    // a later date can only add overdue items
    const later = JSON.parse((await runCli(["plan", "show", "thurrock", "--as-of", "2019-01-01", "--json"], t.url)).stdout);
    expect(later.total.overdue).toBeGreaterThanOrEqual(overdue);

    const text = await runCli(["plan", "show", "thurrock", "--as-of", "2018-03-01"], t.url);
    expect(text.stdout).toContain(`${overdue} overdue as of 2018-03-01`);
    expect(text.stdout).toMatch(/Total\s+\d+\s+\d+/);
    const bad = await runCli(["plan", "show", "thurrock", "--as-of", "01/03/2018"], t.url);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--as-of");
  });
});

describe("export --xlsx", LONG, () => {
  it("writes the plan back with the plan's labels, real dates, a bold frozen header and the latest update", async () => {
    const m = await t.db.milestone.findFirstOrThrow({
      where: { title: { startsWith: "Senior Management structure established" } },
      include: { owners: { include: { person: true } }, action: { include: { section: true } } },
    });
    const kara = await t.db.person.create({ data: { name: "Kara Haskayne", normName: "kara haskayne", timeZone: "Europe/London" } });
    await t.db.planAdmin.create({ data: { planId: m.action.planId, personId: kara.id } });
    const d = validateDetail(
      {
        status: "2",
        narrative: "Restructure consultation extended",
        impact: "Stable leadership team",
        revised_due: "2018-09-30",
        revised_reason: "Consultation extended",
      },
      scaleOf("numeric5"),
      "2018-06-01",
    );
    if (!d.ok) throw new Error("detail invalid");
    const rec = await recordUpdate(
      t.db,
      {
        milestoneId: m.id,
        actorPersonId: kara.id,
        source: "cli",
        idempotencyKey: "export-1",
        now: new Date("2018-06-04T13:45:00Z"),
        detail: d.value,
      },
      { admins: "" },
    );
    expect(rec.ok).toBe(true);

    const out = join(dir, "thurrock.xlsx");
    const r = await runCli(["export", "thurrock", "--xlsx", out], t.url);
    expect(r.stderr).toBe("");
    const total = await t.db.milestone.count();
    expect(r.stdout).toContain(`wrote ${total} milestones`);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(total + 1);
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([
      "Section",
      "Ref",
      "Action",
      "Milestone",
      "Owners",
      "Baseline due",
      "Revised due",
      "Reason for revised date",
      "Status",
      "% complete",
      "Latest update",
      "Impact",
      "Last updated by",
      "Last updated at",
      "Handle",
    ]);
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(ws.getColumn(3).width).toBeGreaterThanOrEqual(40);

    const col = (name: string) => header.indexOf(name) + 1;
    let row: ExcelJS.Row | undefined;
    ws.eachRow((r, n) => {
      if (n > 1 && String(r.getCell(col("Milestone")).value).startsWith("Senior Management structure established")) row = r;
    });
    expect(row).toBeDefined();
    const cell = (name: string) => row!.getCell(col(name)).value;
    expect(cell("Section")).toBe(m.action.section?.label);
    expect(cell("Owners")).toBe(m.owners.map((o) => o.person.name).join(", "));
    expect(cell("Baseline due")).toBeInstanceOf(Date);
    expect((cell("Baseline due") as Date).toISOString()).toBe(m.baselineDue?.toISOString());
    expect(row!.getCell(col("Baseline due")).numFmt).toBe("dd/mm/yyyy");
    expect((cell("Revised due") as Date).toISOString()).toBe("2018-09-30T00:00:00.000Z");
    expect(cell("Reason for revised date")).toBe("Consultation extended");
    expect(cell("Status")).toBe("2");
    expect(cell("Latest update")).toBe("Restructure consultation extended");
    expect(cell("Impact")).toBe("Stable leadership team");
    expect(cell("Last updated by")).toBe("Kara Haskayne");
    // 13:45 UTC on 4 June 2018 is 14:45 in London (BST)
    expect((cell("Last updated at") as Date).toISOString()).toBe("2018-06-04T14:45:00.000Z");

    // untouched rows keep the imported status label and say they came from the import
    const other = await t.db.milestone.findFirstOrThrow({ where: { statusLabel: "3", id: { not: m.id } } });
    let otherRow: ExcelJS.Row | undefined;
    ws.eachRow((r, n) => {
      if (n > 1 && r.getCell(col("Milestone")).value === other.title && otherRow === undefined) otherRow = r;
    });
    expect(otherRow?.getCell(col("Status")).value).toBe("3");
    expect(otherRow?.getCell(col("Last updated by")).value).toBe("Imported");
  });

  it("refuses an unknown plan with exit 2", async () => {
    const r = await runCli(["export", "nope", "--xlsx", join(dir, "x.xlsx")], t.url);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no plan with key "nope"/i);
  });
});

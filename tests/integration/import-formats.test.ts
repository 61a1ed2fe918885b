// Every shared council export imports with no --map from CSV, XLSX and Word to the same records: as a plain
// sheet/table, and the way councils keep them (cover sheet, title rows and merged parent cells in Excel; one
// table per section under its heading, merged cells, contents/glossary/sign-off tables in Word). And with the
// action and milestone columns headed in the council's own words, which no keyword list holds.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FIELDS } from "../../src/importer/headers.js";
import type { ImportRecord } from "../../src/importer/records.js";
import { type ImportReport, importPlan } from "../../src/services/importPlan.js";
import { FIXTURE_NAMES, fixtureRows, renamed, toCsv, toDocx, toXlsx } from "../helpers/plan-files.js";

const tmp = mkdtempSync(join(tmpdir(), "ragtime-formats-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const dry = (file: string): Promise<ImportReport> => importPlan(null, { file, planKey: "t", dryRun: true });
const withoutRow = (records: ImportRecord[]) => records.map(({ row: _row, ...r }) => r);

// the headers each variant renames: words that are in no keyword list (checked below), so only content finds them
const RENAMES: Record<string, Record<string, string>> = {
  "devon-improvement-plan": {
    Action: "What will we do?",
    Milestones: "Steps along the way",
    Who: "Named person",
    Date: "Timing agreed",
    "Progress & RAG": "How are we doing?",
  },
  "devon-north-detailed-plan": {
    Action: "How we will get there",
    "Targets/Milestones: August 2017": "August 2017",
    "Targets/Milestones: September 2017": "September 2017",
    "Targets/Milestones: October 2018": "October 2018",
    "Targets/Milestones: Sept 2017": "Sept 2017",
    "Targets/Milestones: December 2017": "December 2017",
    "Targets/Milestones: March 2018": "March 2018",
    "Update/RAG": "How are we doing?",
    Ref: "#",
  },
  "durham-ofsted-action-plan": { "Action(s) linked to the tasks of the PID": "What we are doing about it", "End date": "Finish by" },
  "durham-recommendations": { "Ofsted Recommendation:": "What Ofsted asked of us", "No.": "#", "RAG Rating": "Where we are" },
  "thurrock-development-plan": { Action: "How we will get there", "Responsible Officer": "Who is doing it", Time: "By the end of" },
};

describe("the renamed headers are in no keyword list", () => {
  it("so the header alone suggests nothing for them", async () => {
    const { classify } = await import("../../src/importer/headers.js");
    for (const names of Object.values(RENAMES)) {
      for (const h of Object.values(names)) expect(classify(h).score, h).toBe(0);
    }
    expect(FIELDS).toContain("action");
  });
});

for (const name of FIXTURE_NAMES) {
  describe(name, async () => {
    const rows = fixtureRows(name);
    const csv = await dry(
      join(tmp, "..", "..", "..", "work", "shared", "fixtures", "plans", `${name}.csv`).replace(/^.*\/work\/shared/, "/work/shared"),
    );
    const section = rows[0]?.indexOf("Section") ?? -1;

    it("imports from the CSV with no --map", () => {
      expect(csv.records.length).toBeGreaterThan(10);
      expect(csv.plan.mapping.find((m) => m.field === "action")?.confidence).toBeGreaterThanOrEqual(0.3);
    });

    it("a plain XLSX sheet and a plain Word table give identical records and errors", async () => {
      const xlsx = await dry(await toXlsx(rows, join(tmp, `${name}.xlsx`)));
      const docx = await dry(await toDocx(rows, join(tmp, `${name}.docx`)));
      expect(xlsx.records).toEqual(csv.records);
      expect(docx.records).toEqual(csv.records);
      expect(xlsx.errors).toEqual(csv.errors);
      expect(docx.errors).toEqual(csv.errors);
      expect([xlsx.plan.format, docx.plan.format]).toEqual(["xlsx", "docx"]);
    });

    it("a council's workbook (cover sheet, title rows, merged parent cells) gives the same records, Excel's row numbers", async () => {
      const file = await toXlsx(rows, join(tmp, `${name}-council.xlsx`), {
        cover: true,
        titles: ["Children's Services Improvement Plan 2017-19", "Updated for the Improvement Board"],
        mergeColumns: [0, 1, 2],
      });
      const xlsx = await dry(file);
      expect(xlsx.plan.sheet).toBe("Improvement plan");
      expect(xlsx.plan.headerRow).toBe(3);
      expect(xlsx.plan.tables.skipped.map((s) => s.source)).toEqual(['sheet "Cover"']);
      expect(xlsx.records).toEqual(csv.records.map((r) => ({ ...r, row: r.row + 2 })));
      expect(xlsx.errors.map((e) => e.row)).toEqual(csv.errors.map((e) => e.row + 2));
    });

    it("a council's Word document (a table per section under its heading, merged cells, other tables) gives the same records", async () => {
      const file = await toDocx(rows, join(tmp, `${name}-council.docx`), {
        sectionColumn: section >= 0 ? section : undefined,
        mergeColumns: [0, 1, 2],
        otherTables: true,
      });
      const docx = await dry(file);
      expect(withoutRow(docx.records)).toEqual(withoutRow(csv.records));
      expect(docx.errors.map((e) => e.message)).toEqual(csv.errors.map((e) => e.message));
      const skipped = docx.plan.tables.skipped.map((s) => s.heading);
      expect(skipped).toEqual(["Contents", "Glossary", "Sign-off"]);
      expect(docx.plan.tables.used.length).toBe(section >= 0 ? new Set(rows.slice(1).map((r) => r[section])).size : 1);
    });

    const names = RENAMES[name];
    if (names) {
      it(`with headers in the council's own words (${Object.values(names).join("; ")}) the records are the same`, async () => {
        const variant = renamed(rows, names);
        const fromCsv = await dry(toCsv(variant, join(tmp, `${name}-renamed.csv`)));
        const fromDocx = await dry(
          await toDocx(variant, join(tmp, `${name}-renamed.docx`), {
            sectionColumn: section >= 0 ? section : undefined,
            mergeColumns: [1, 2],
          }),
        );
        expect(fromCsv.records).toEqual(csv.records);
        expect(withoutRow(fromDocx.records)).toEqual(withoutRow(csv.records));
        const byHeader = Object.fromEntries(fromCsv.plan.mapping.map((m) => [m.column, m]));
        for (const [old, now] of Object.entries(names)) {
          expect(byHeader[now]?.field, now).toBe(csv.plan.columns[old]);
          expect(byHeader[now]?.by, now).toMatch(/content/);
        }
      });
    }
  });
}

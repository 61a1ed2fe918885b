// All six council exports import with --dry-run semantics (nothing written); concrete rows are checked against
// what each document says. An XLSX made from a CSV imports to the same records.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import type { ImportRecord } from "../../src/importer/records.js";
import { type ImportReport, importPlan } from "../../src/services/importPlan.js";

const fixtures = join(import.meta.dirname, "../../../shared/fixtures/plans");
const tmp = mkdtempSync(join(tmpdir(), "ragtime-import-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function dry(file: string, extra: Partial<Parameters<typeof importPlan>[1]> = {}): Promise<ImportReport> {
  return importPlan(null, { file: file.startsWith("/") ? file : join(fixtures, file), planKey: "t", dryRun: true, ...extra });
}
const rowsOf = (r: ImportReport, row: number): ImportRecord[] => r.records.filter((x) => x.row === row);
const one = (r: ImportReport, row: number): ImportRecord => {
  const found = rowsOf(r, row);
  expect(found, `row ${row}`).toHaveLength(1);
  return found[0] as ImportRecord;
};

describe("devon-improvement-plan.csv", async () => {
  const r = await dry("devon-improvement-plan.csv");
  it("reads every row as a milestone under its outcome's action, RAG scale", () => {
    expect(r.records).toHaveLength(42);
    expect(r.errors).toEqual([]);
    expect(r.plan).toMatchObject({ scale: "rag", sections: 3, actions: 17, milestones: 42 });
    expect(Object.keys(r.records[0] as object)).toEqual([
      "row",
      "section",
      "ref",
      "action",
      "milestone",
      "owners",
      "ownerRoles",
      "due",
      "dueRaw",
      "status",
      "statusRaw",
      "latestUpdate",
    ]);
  });
  it("row 9: a cell of several dates is due the latest, status 'On track'", () => {
    expect(one(r, 9)).toMatchObject({
      section: "Leadership and Management",
      action: "CSW workforce plan developed and implemented.",
      milestone: "Workforce plan progress reporting to SMT bi monthly",
      owners: ["MM"],
      due: "2018-03-31",
      dueRaw: "Sept, Nov 17, Jan, March 18",
      status: "on_track",
      statusRaw: "On track",
      latestUpdate: null,
    });
  });
  it("row 21: initials AA/RG are two owners; 'Completed' is complete", () => {
    expect(one(r, 21)).toMatchObject({
      owners: ["AA", "RG"],
      ownerRoles: [null, null],
      due: "2017-07-31",
      dueRaw: "July 17",
      status: "complete",
    });
  });
  it("row 3: 'All SMT' is a group owner; row 4 'Achieved' is complete", () => {
    expect(one(r, 3)).toMatchObject({ owners: ["All SMT"], due: "2017-08-31", status: "complete", statusRaw: "Completed" });
    expect(one(r, 5)).toMatchObject({ owners: ["ML"], due: "2017-06-30", status: "complete", statusRaw: "Achieved" });
  });
  it("row 4: 'July completed' is progress text, not a status; a list of months without a year is no date", () => {
    expect(one(r, 4)).toMatchObject({ due: null, dueRaw: "July/Oct/Jan/May", status: "unknown", latestUpdate: "July completed" });
  });
  it("row 17 and 36: dates with notes and two dates", () => {
    expect(one(r, 17)).toMatchObject({ due: "2018-01-31", dueRaw: "Jan 18 (Eclipse go live)", status: "unknown", statusRaw: null });
    expect(one(r, 36)).toMatchObject({ due: "2018-04-30", dueRaw: "Dec 17 , April 18", owners: ["AM"] });
  });
  it("row 37: a cell starting with a status word gives the status and the update", () => {
    const rec = one(r, 37);
    expect(rec.status).toBe("on_track");
    expect(rec.latestUpdate).toMatch(/^On track with revised timeline/);
  });
  it("row 12: a merged three-milestone cell keeps both owners once and the latest date", () => {
    expect(one(r, 12)).toMatchObject({ owners: ["VC", "JK"], due: "2018-04-30", dueRaw: "Oct 17 Nov 17 April 18", status: "on_track" });
  });
  it("row 20: no owner written means no owner (never invented)", () => {
    expect(one(r, 20)).toMatchObject({ owners: [], due: "2018-05-31" });
  });
});

describe("devon-north-detailed-plan.csv", async () => {
  const r = await dry("devon-north-detailed-plan.csv");
  it("each filled month column is a milestone due at the end of that month", () => {
    expect(r.errors).toEqual([]);
    const n1 = r.records.filter((x) => x.ref === "N1");
    expect(n1.map((x) => [x.milestone, x.due, x.dueRaw])).toEqual([
      ["Arrangements confirmed and operational", "2017-08-31", "August 2017"],
      ["Future arrangements clarified", "2017-09-30", "September 2017"],
    ]);
    expect(n1.every((x) => x.status === "on_track" && x.statusRaw === "green" && x.owners.join() === "ML")).toBe(true);
  });
  it("N2's 'October 2018' column is read as written; N15 uses the second table's months", () => {
    expect(r.records.find((x) => x.ref === "N2" && x.milestone?.startsWith("Action to secure"))?.due).toBe("2018-10-31");
    expect(r.records.filter((x) => x.ref === "N15").map((x) => x.due)).toEqual(["2017-09-30", "2017-12-31", "2018-03-31"]);
  });
  it("a row with no milestone cells is one milestone for the action; 'CH?' is CH; there is no N23", () => {
    expect(r.records.filter((x) => x.ref === "N10")).toEqual([expect.objectContaining({ milestone: null, due: null, owners: ["CH"] })]);
    expect(r.records.filter((x) => x.ref === "N20").every((x) => x.owners.join() === "CH")).toBe(true);
    expect(r.records.some((x) => x.ref === "N23")).toBe(false);
    expect(r.records.filter((x) => x.ref === "N7")[0]?.owners).toEqual(["JK", "KM"]);
    expect(r.plan.actions).toBe(24);
  });
});

describe("thurrock-development-plan.csv", async () => {
  const r = await dry("thurrock-development-plan.csv");
  it("uses Thurrock's 1-5 scale; the latest non-zero RAG wins", () => {
    expect(r.plan.scale).toBe("numeric5");
    expect(one(r, 2)).toMatchObject({
      section: "1. Recruiting, retaining and developing a skilled and confident social care workforce",
      milestone: "Senior Management structure established",
      owners: ["S Murphy"],
      due: "2018-01-31",
      dueRaw: "Jan-18",
      status: "complete",
      statusRaw: "4",
      latestUpdate: "Costed structure in place.",
    });
    // RAG Initial 1, RAG 01/18 4, then 0, 0 (row numbers are Excel's: the header is row 1)
    expect(one(r, 16)).toMatchObject({ status: "complete", statusRaw: "4" });
    expect(one(r, 17)).toMatchObject({ status: "off_track", statusRaw: "1" });
  });
  it("the responsible officer owns; two names in one cell are two owners", () => {
    expect(one(r, 4).owners).toEqual(["Joe Tynan"]);
    expect(one(r, 5)).toMatchObject({ owners: ["Joe Tynan", "Janet Simon"], due: "2018-04-01", dueRaw: "01 April 2018" });
    expect(one(r, 42)).toMatchObject({ owners: ["Keelley Pullen"], ownerRoles: ["Headteacher Virtual School"] });
  });
  it("reads 01/16/2018 in US order and 01/02/18 day-first, keeping the raw text", () => {
    expect(one(r, 57)).toMatchObject({ due: "2018-01-16", dueRaw: "01/16/2018" });
    expect(one(r, 60)).toMatchObject({ due: "2018-02-01", dueRaw: "01/02/18" });
  });
  it("fills the lead down on continuation rows of the same action", () => {
    const r52 = one(r, 53);
    const r53 = one(r, 54);
    expect(r53.action).toBe(r52.action);
    expect(r53).toMatchObject({ owners: ["Janet Simon"], milestone: null, due: null, status: "at_risk" });
    expect(r53.latestUpdate).toMatch(/^Viability assessments/);
  });
  it("reports the bad cells with row and column, and still imports those rows", () => {
    expect(one(r, 52)).toMatchObject({ due: null, dueRaw: "Jun", status: "on_track" });
    expect(r.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 52, column: "Time", message: expect.stringMatching(/cannot read the date "Jun"/) }),
        expect.objectContaining({ row: 82, column: "RAG 05/18", message: expect.stringMatching(/"Jan-00"/) }),
        expect.objectContaining({ row: 39, column: "RAG 05/18", message: expect.stringMatching(/"re"/) }),
        expect.objectContaining({ row: 39, column: "Action" }),
      ]),
    );
    expect(one(r, 39)).toMatchObject({ owners: ["Sue Green"], due: "2018-04-30", status: "on_track" });
    expect(r.records).toHaveLength(100);
  });
});

describe("thurrock-indicators.csv", async () => {
  const r = await dry("thurrock-indicators.csv");
  it("indicators are the actions; blank template rows at the end are skipped", () => {
    expect(r.records).toHaveLength(21);
    expect(r.plan.skippedRows).toBe(3);
    expect(r.errors).toEqual([]);
    expect(one(r, 2)).toMatchObject({
      action: "Social Work teams vacancies/ agency staff",
      latestUpdate: "Asked John Cooke",
      due: null,
      status: "unknown",
    });
    expect(one(r, 4).section).toBe("2. Providing coherent and coordinated early help services to children and their families");
    expect(r.records.some((x) => x.row >= 23)).toBe(false);
  });
});

describe("durham-ofsted-action-plan.csv", async () => {
  const r = await dry("durham-ofsted-action-plan.csv");
  it("lead officers are posts; end dates are due; the PID milestone list is not a row's milestone", () => {
    expect(r.records).toHaveLength(50);
    expect(r.errors).toEqual([]);
    expect(one(r, 2)).toMatchObject({
      section: "Theme 1: Strengthening management and staffing capacity",
      owners: ["Head of Children's Services"],
      due: "2016-06-30",
      dueRaw: "June 16",
      milestone: null,
      status: "unknown",
    });
    expect(one(r, 2).action).toMatch(/^Resourcing\nAssess requirement/);
    expect(one(r, 3).action).toBe(one(r, 2).action);
  });
  it("multi-date cells are due the latest date; TBC is no date", () => {
    expect(one(r, 6)).toMatchObject({ due: "2017-10-31", dueRaw: "July 16 Oct 16 Oct 17" });
    expect(one(r, 48)).toMatchObject({ due: "2017-03-31", dueRaw: "Mar 17\nMar 17\nMar 17" });
    expect(one(r, 20)).toMatchObject({ due: null, dueRaw: "TBC" });
  });
  it("splits posts written together", () => {
    expect(one(r, 18).owners).toEqual(["Head of Planning and Service Strategy", "Head of ICT"]);
    expect(one(r, 7).owners).toEqual([
      "Strategic Manager, Children's Services Reform",
      "Strategic Manager, Service Quality and Development",
    ]);
  });
});

describe("durham-recommendations.csv", async () => {
  const r = await dry("durham-recommendations.csv");
  it("the 14 recommendations with their A/G ratings", () => {
    expect(r.records.map((x) => x.ref)).toEqual(Array.from({ length: 14 }, (_, i) => String(i + 1)));
    expect(one(r, 2)).toMatchObject({
      section: "Appendix 2: Ofsted Recommendations 2016",
      status: "at_risk",
      statusRaw: "A",
      milestone: null,
      due: null,
    });
    expect(one(r, 3)).toMatchObject({ status: "on_track", statusRaw: "G" });
    expect(r.records.filter((x) => x.status === "on_track").map((x) => x.ref)).toEqual(["2", "8", "11", "12"]);
  });
});

describe("XLSX", () => {
  async function toXlsx(csvName: string): Promise<string> {
    const rows = parse(readFileSync(join(fixtures, csvName), "utf8"), { bom: true, relax_column_count: true }) as string[][];
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Cover").addRow(["not the plan"]);
    const ws = wb.addWorksheet("Plan");
    for (const row of rows) ws.addRow(row);
    const out = join(tmp, csvName.replace(/\.csv$/, ".xlsx"));
    await wb.xlsx.writeFile(out);
    return out;
  }

  for (const name of ["devon-improvement-plan.csv", "thurrock-development-plan.csv"]) {
    it(`${name} as an XLSX sheet imports to the same records`, async () => {
      const xlsx = await toXlsx(name);
      const fromCsv = await dry(name);
      const fromXlsx = await dry(xlsx, { sheet: "Plan" });
      expect(fromXlsx.records).toEqual(fromCsv.records);
      expect(fromXlsx.errors).toEqual(fromCsv.errors);
      expect(fromXlsx.plan.sheet).toBe("Plan");
    });
  }

  it("real date cells are read as dates, and --sheet must exist", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("S");
    ws.addRow(["Action", "Due", "Owner"]);
    ws.addRow(["Do it", new Date(Date.UTC(2018, 0, 31)), "AA"]);
    const out = join(tmp, "dates.xlsx");
    await wb.xlsx.writeFile(out);
    expect((await dry(out)).records[0]).toMatchObject({ due: "2018-01-31", owners: ["AA"] });
    await expect(dry(out, { sheet: "Nope" })).rejects.toThrow(/no sheet "Nope".*"S"/);
  });
});

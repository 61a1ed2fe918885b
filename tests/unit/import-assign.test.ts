// The scored assignment on small grids: content finds roles that no header word names; headers break ties;
// --map pins a column; Word's merged cells lay out as the person sees them.
import { describe, expect, it } from "vitest";
import { assignColumns, detectHeader } from "../../src/importer/assign.js";
import { profileColumn } from "../../src/importer/profile.js";
import { layOut } from "../../src/importer/read-docx.js";

const grid: string[][] = [
  ["", "Where we want to be", "What will we do?", "Steps along the way", "By the end of", "Who is doing it", "Progress so far"],
  [
    "1.1",
    "Children and families get the right help at the right time when they first need it",
    "Review the MASH threshold document with partners",
    "Draft agreed by partners",
    "Sept 17",
    "Joe Tynan",
    "Green",
  ],
  [
    "1.2",
    "Children and families get the right help at the right time when they first need it",
    "Review the MASH threshold document with partners",
    "Threshold launched",
    "Jan 18",
    "Janet Simon",
    "Amber",
  ],
  [
    "1.3",
    "Children and families get the right help at the right time when they first need it",
    "Develop a quality assurance framework for referrals",
    "Audit programme in place",
    "March 2018",
    "S Murphy",
    "Red",
  ],
  [
    "1.4",
    "Children and families get the right help at the right time when they first need it",
    "Develop a quality assurance framework for referrals",
    "First audit reported to the board",
    "01/06/18",
    "Joe Tynan",
    "Completed",
  ],
];

const roles = (rows: string[][], o = {}) =>
  Object.fromEntries(detectHeader(rows, o).columns.map((c) => [c.header || `#${c.index}`, [c.field, c.by]]));

describe("roles from content", () => {
  it("finds every role of a plan whose headers are the council's own words", () => {
    expect(roles(grid)).toEqual({
      "#0": ["ref", "content"],
      // an outcome has no content of its own to tell it by: its header would name it; here it is kept as text
      "Where we want to be": ["extra", "none"],
      "What will we do?": ["action", "content"],
      "Steps along the way": ["milestone", "content"],
      "By the end of": ["due", "content"],
      "Who is doing it": ["owner", "content"],
      "Progress so far": ["status", "content"],
    });
  });
});

describe("headers as tie-breakers, --map as the override", () => {
  it("two columns that read alike, neither named by its header: a coded error naming both and the --map, not a guess", () => {
    const rows = [
      ["Part A", "Part B", "By when"],
      ["Review the threshold document with partners", "Develop the audit framework for referrals", "Jan 18"],
      ["Launch the early help front door for families", "Train staff in the new assessment model", "Mar 18"],
      ["Recruit permanent social workers to every team", "Reduce agency staff to below fifteen per cent", "Jun 18"],
    ];
    expect(() => detectHeader(rows)).toThrow(/"Part [AB]" and "Part [AB]" fit the action equally well.*--map "Part [AB]=action"/);
    expect(roles(rows, { "Part B": "action" })).toMatchObject({ "Part B": ["action", "map"], "Part A": ["milestone", "content"] });
  });

  it("two date columns: the header says which is the start", () => {
    const rows = [
      ["Action", "Start date", "Finish"],
      ["Review the threshold document", "Jan 17", "Sept 17"],
      ["Launch the front door", "Mar 17", "Jan 18"],
    ];
    expect(roles(rows)).toMatchObject({ "Start date": ["start", "header+content"], Finish: ["due", "content"] });
  });

  it("--map pins a column whatever its content, with confidence 1", () => {
    const a = assignColumns(grid[0] as string[], grid.slice(1), { "Steps along the way": "progress" });
    expect(a.columns[3]).toMatchObject({ field: "progress", confidence: 1, by: "map" });
    expect(a.columns[2]).toMatchObject({ field: "action" });
  });

  it("each column reports a runner-up, and the action's candidates are ranked", () => {
    const a = assignColumns(grid[0] as string[], grid.slice(1));
    expect(a.columns[2]?.runnerUp?.field).toBe("milestone");
    expect(a.actionCandidates[0]?.header).toBe("What will we do?");
  });
});

describe("column profiles", () => {
  it("reads dates, people, refs, statuses and the fill-down pattern", () => {
    expect(profileColumn(["Sept 17", "Jan-18", "01/02/18", "TBC"]).date).toBe(0.75);
    expect(profileColumn(["S Murphy", "AA/RG", "Head of Children's Services", "Joe Tynan"]).person).toBe(1);
    expect(profileColumn(["1.1", "N7", "P3", "6.5"]).ref).toBe(1);
    expect(profileColumn(["Green", "amber", "On track", "4"]).status).toBe(1);
    const parent = profileColumn(["Review the threshold", "", "", "Launch the front door", ""]);
    expect(parent.parent).toBe(0.75);
    expect(profileColumn(["Review the threshold", "Develop a framework"]).verb).toBe(1);
  });
});

describe("Word's merged cells", () => {
  const c = (text: string, colspan = 1, rowspan = 1) => ({ text, colspan, rowspan });
  it("a cell merged down fills down, a cell merged across is kept once, a full-width row is a heading", () => {
    const { rows, bands } = layOut([
      [c("Ref"), c("Action"), c("Due")],
      [c("Priority 1: Early help", 3)],
      [c("1.1"), c("Launch the front door", 1, 2), c("Jan 18")],
      [c("1.2"), c("Mar 18")],
      [c("1.3"), c("Audit", 2)],
    ]);
    expect(rows).toEqual([
      ["Ref", "Action", "Due"],
      ["Priority 1: Early help", "", ""],
      ["1.1", "Launch the front door", "Jan 18"],
      ["1.2", "Launch the front door", "Mar 18"],
      ["1.3", "Audit", ""],
    ]);
    expect([...bands]).toEqual([[1, "Priority 1: Early help"]]);
  });
});

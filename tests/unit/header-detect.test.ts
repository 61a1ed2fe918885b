import { describe, expect, it } from "vitest";
import { detectHeader } from "../../src/importer/assign.js";
import { ImportError } from "../../src/importer/errors.js";
import { mapHeaders, parseMapOptions } from "../../src/importer/headers.js";
import { sectionParts } from "../../src/importer/sections.js";

const fields = (headers: string[], o = {}) => Object.fromEntries(mapHeaders(headers, o).map((c) => [c.header, c.field]));

describe("header detection by meaning", () => {
  it("Devon: Who / Date / Progress & RAG", () => {
    expect(fields(["Section", "Outcome", "Action", "Milestones", "Date", "Who", "Progress & RAG"])).toEqual({
      Section: "section",
      Outcome: "outcome",
      Action: "action",
      Milestones: "milestone",
      Date: "due",
      Who: "owner",
      "Progress & RAG": "status",
    });
  });

  it("Thurrock: Responsible Officer, Time, RAG <period> ratings; a second section-like column is kept as extra", () => {
    const cols = mapHeaders([
      "Section",
      "Priority",
      "Outcome",
      "Action",
      "Success measure(s)",
      "Lead",
      "Responsible Officer",
      "Time",
      "RAG Initial",
      "RAG 01/18",
      "Progress update",
    ]);
    expect(cols.map((c) => c.field)).toEqual([
      "section",
      "extra",
      "outcome",
      "action",
      "successMeasure",
      "lead",
      "owner",
      "due",
      "rating",
      "rating",
      "progress",
    ]);
    expect(cols[9]?.period).toBe("01/18");
  });

  it("Devon North: month columns are milestones due at the end of the month", () => {
    const cols = mapHeaders(["Ref", "Action", "Lead", "Targets/Milestones: August 2017", "Targets/Milestones: Sept 2017", "Update/RAG"]);
    expect(cols[3]).toMatchObject({ field: "monthMilestone", due: "2017-08-31", dueRaw: "August 2017" });
    expect(cols[4]).toMatchObject({ field: "monthMilestone", due: "2017-09-30" });
    expect(cols[5]?.field).toBe("status");
  });

  it("Durham: Lead Officer owns, End date is due, the recommendation column stands in for a missing action", () => {
    expect(
      fields([
        "Section",
        "PID Milestones",
        "Lead",
        "Ofsted Recommendation",
        "Action(s) linked to the tasks of the PID",
        "Lead Officer",
        "Start date",
        "End date",
      ]),
    ).toMatchObject({
      Lead: "lead",
      "Ofsted Recommendation": "recommendation",
      "Action(s) linked to the tasks of the PID": "action",
      "Lead Officer": "owner",
      "Start date": "start",
      "End date": "due",
    });
    expect(fields(["Section", "No.", "Ofsted Recommendation:", "RAG Rating"])).toEqual({
      Section: "section",
      "No.": "ref",
      "Ofsted Recommendation:": "action",
      "RAG Rating": "status",
    });
    expect(fields(["Section", "Indicator", "Notes"]).Indicator).toBe("action");
  });

  it("recognises other councils' words", () => {
    expect(
      fields(["Theme", "Action", "Responsible officer", "Completion date", "Current position", "Is it making a difference?", "% complete"]),
    ).toEqual({
      Theme: "section",
      Action: "action",
      "Responsible officer": "owner",
      "Completion date": "due",
      "Current position": "progress",
      "Is it making a difference?": "impact",
      "% complete": "percent",
    });
  });

  it("--map overrides detection", () => {
    const o = parseMapOptions(["Who=lead", "Mystery=action"]);
    expect(fields(["Mystery", "Who", "Date"], o)).toEqual({ Mystery: "action", Who: "lead", Date: "due" });
    expect(() => parseMapOptions(["Who"])).toThrow(ImportError);
    expect(() => parseMapOptions(["Who=boss"])).toThrow(/unknown field/);
  });

  it("finds a header row below title rows, and refuses a file with no action column", () => {
    const h = detectHeader([
      ["Children's Services Improvement Plan"],
      [],
      ["Ref", "Action", "Lead", "Due"],
      ["1.1", "Do it", "AA", "Jan 18"],
    ]);
    expect(h.headerRow).toBe(2);
    expect(() =>
      detectHeader([
        ["Foo", "Bar"],
        ["1", "2"],
      ]),
    ).toThrow(/no column looks like the action.*"Foo", "Bar"/);
  });
});

describe("section numbers", () => {
  it("keeps the label and extracts the number", () => {
    expect(sectionParts("1. Recruiting, retaining and developing")).toEqual({
      label: "1. Recruiting, retaining and developing",
      number: "1",
      title: "Recruiting, retaining and developing",
    });
    expect(sectionParts("Theme 1: Strengthening management")).toMatchObject({ number: "1", title: "Strengthening management" });
    expect(sectionParts("Priority 3")).toMatchObject({ number: "3", label: "Priority 3" });
    expect(sectionParts("6. Permanence and stability").number).toBe("6");
    expect(sectionParts("Leadership and Management").number).toBeNull();
    expect(sectionParts("Appendix 2: Ofsted Recommendations 2016").number).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { detectScale, readRating, readStatusCell } from "../../src/core/plan-labels.js";
import { scaleOf } from "../../src/core/status.js";

const rag = scaleOf("rag");
const status = (cell: string, scale = rag) => readStatusCell(cell, scale).status;

describe("plan labels -> canonical statuses", () => {
  it("maps the common words and letters", () => {
    for (const c of ["Completed", "Achieved", "Complete"]) expect(status(c), c).toBe("complete");
    for (const c of ["On Track", "On track", "green", "G"]) expect(status(c), c).toBe("on_track");
    for (const c of ["A", "Amber", "Orange", "At Risk"]) expect(status(c), c).toBe("at_risk");
    for (const c of ["Red", "R", "Overdue"]) expect(status(c), c).toBe("off_track");
    for (const c of ["Not Started", "Grey"]) expect(status(c), c).toBe("not_started");
    expect(readStatusCell("", rag)).toMatchObject({ kind: "empty", status: "unknown", label: null });
  });

  it("keeps the label as written", () => {
    expect(readStatusCell("Achieved", rag)).toMatchObject({ status: "complete", label: "Achieved", update: null });
    expect(readStatusCell("green", rag).label).toBe("green");
  });

  it("free text is the latest update, not a status", () => {
    expect(readStatusCell("July completed", rag)).toMatchObject({ kind: "text", status: "unknown", update: "July completed" });
    const t = "Audit rescheduled to September due to staff availability";
    expect(readStatusCell(t, rag)).toMatchObject({ status: "unknown", update: t });
  });

  it("a cell starting with a clear status word gives both", () => {
    const t = "On track with revised timeline to ensure communication";
    expect(readStatusCell(t, rag)).toMatchObject({ status: "on_track", label: "On track", update: t });
    expect(readStatusCell("Achieved Caseloads were holding in Exeter", rag)).toMatchObject({ status: "complete", label: "Achieved" });
    // "Redesign" is not "Red"
    expect(status("Redesign of the front door under way")).toBe("unknown");
  });

  it("a run of labels for merged milestones takes the last", () => {
    expect(readStatusCell("Completed Completed On Track", rag)).toMatchObject({ status: "on_track", label: "On Track" });
  });

  it("reads Thurrock's 1-5 key; 0 is not rated; odd values are invalid", () => {
    const n = scaleOf("numeric5");
    expect(readRating("1", n).status).toBe("off_track");
    expect(readRating("2", n).status).toBe("at_risk");
    expect(readRating("3", n).status).toBe("on_track");
    expect(readRating("4", n)).toMatchObject({ status: "complete", label: "4" });
    expect(readRating("5", n).status).toBe("complete");
    expect(readRating("0", n).kind).toBe("empty");
    expect(readRating("re", n).kind).toBe("invalid");
    expect(readRating("Jan-00", n).kind).toBe("invalid");
  });

  it("uses the plan's own scale first (Blackpool's At Risk is off track)", () => {
    expect(status("At Risk", scaleOf("blackpool"))).toBe("off_track");
    expect(status("Grey", scaleOf("blackpool"))).toBe("unknown");
    expect(status("In progress behind schedule", scaleOf("telford"))).toBe("at_risk");
  });

  it("detects the scale from the values", () => {
    expect(detectScale(["4", "2", "3", "0", "", "re"])).toBe("numeric5");
    expect(detectScale(["Completed", "On Track", "July completed"])).toBe("rag");
    expect(detectScale(["Green", "Orange", "At Risk"])).toBe("blackpool");
    expect(detectScale(["In progress on schedule", "Overdue"])).toBe("telford");
    expect(detectScale(["Blue", "Green"])).toBe("brag");
  });
});

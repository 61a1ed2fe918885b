import { describe, expect, it } from "vitest";
import { scaleOf } from "../../src/core/status.js";
import { exportStatusLabel } from "../../src/services/exportPlan.js";
import { isOverdue, planStatusLabel } from "../../src/services/views.js";

describe("status labels in the plan's own words", () => {
  it("export keeps the scale's label, a plan-specific label as written, and blanks an unrated item", () => {
    expect(exportStatusLabel(scaleOf("rag"), "at_risk", "amber")).toBe("Amber");
    expect(exportStatusLabel(scaleOf("numeric5"), "complete", "5")).toBe("5");
    expect(exportStatusLabel(scaleOf("rag"), "complete", "Achieved")).toBe("Achieved");
    expect(exportStatusLabel(scaleOf("brag"), "complete", null)).toBe("Blue");
    expect(exportStatusLabel(scaleOf("rag"), "unknown", null)).toBe("");
  });
  it("plan show explains Thurrock's numbers and names unrated items", () => {
    expect(planStatusLabel(scaleOf("numeric5"), "on_track", "3")).toBe("3 (on track)");
    expect(planStatusLabel(scaleOf("telford"), "at_risk", null)).toBe("In progress behind schedule");
    expect(planStatusLabel(scaleOf("rag"), "unknown", null)).toBe("No status");
    expect(planStatusLabel(scaleOf("blackpool"), "unknown", null)).toBe("Grey");
  });
  it("overdue means a date before the as-of day and not complete", () => {
    const due = new Date("2018-01-31T00:00:00Z");
    expect(isOverdue({ due, status: "on_track" }, "2018-02-01")).toBe(true);
    expect(isOverdue({ due, status: "on_track" }, "2018-01-31")).toBe(false);
    expect(isOverdue({ due, status: "complete" }, "2019-01-01")).toBe(false);
    expect(isOverdue({ due: null, status: "off_track" }, "2019-01-01")).toBe(false);
  });
});

// One label source: every view words a stored status the same way (core/status.ts statusLabel / statusText).
import { describe, expect, it } from "vitest";
import { statusWords } from "../../src/core/digest/facts.js";
import { SCALES, type Status, statusLabel, statusText } from "../../src/core/status.js";
import { exportStatusLabel } from "../../src/services/exportPlan.js";
import { planStatusLabel } from "../../src/services/views.js";

const STATUSES: Status[] = ["not_started", "on_track", "at_risk", "off_track", "complete", "unknown"];

describe("status labels", () => {
  it("the CLI table, digest/answers and cards agree for every scale, status and label as written", () => {
    for (const scale of Object.values(SCALES)) {
      const labels = [
        null,
        "",
        "Achieved",
        " amber ",
        "3",
        "GREEN",
        "Work progressing but high risk of delay",
        ...scale.options.map((o) => o.label),
      ];
      for (const st of STATUSES)
        for (const label of labels) {
          const card = statusText(scale, st, label);
          expect(statusWords(scale, st, label), `${scale.id} ${st} ${label}`).toBe(card);
          expect(planStatusLabel(scale, st, label)).toBe(card);
          expect(card.startsWith(statusLabel(scale, st, label))).toBe(true);
          const exported = exportStatusLabel(scale, st, label);
          if (exported) expect(exported).toBe(statusLabel(scale, st, label));
        }
    }
  });

  it("a label the plan wrote is kept; a label in another case maps to the plan's option; Thurrock gets its description", () => {
    expect(statusLabel(SCALES.rag, "complete", "Achieved")).toBe("Achieved");
    expect(statusWords(SCALES.rag, "complete", "Achieved")).toBe("Achieved");
    expect(statusLabel(SCALES.rag, "at_risk", " amber ")).toBe("Amber");
    // a sentence in the status cell is a note: the status reads as its option, in every view
    const note = "Work progressing but high risk of delay due to finance";
    expect(statusLabel(SCALES.rag, "at_risk", note)).toBe("Amber");
    expect(statusWords(SCALES.rag, "at_risk", note)).toBe("Amber");
    expect(exportStatusLabel(SCALES.rag, "at_risk", note)).toBe("Amber");
    expect(statusText(SCALES.numeric5, "on_track", "3")).toBe("3 (on track)");
    expect(statusText(SCALES.rag, "unknown", null)).toBe("No status");
    expect(exportStatusLabel(SCALES.rag, "unknown", null)).toBe("");
  });
});

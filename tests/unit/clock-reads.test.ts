// "No clock but the injected one": src/ reads the real clock only in src/clock.ts (the composition roots hand that
// clock down). Any other read must say why on the line above, with a comment starting "real clock on purpose".
// Elapsed-time measurements use performance.now(), which is not a date and is allowed.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const READS = /new Date\(\s*\)|\bDate\.now\(|(?<![\w.])Date\(\s*\)/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : tsFiles(p);
    return e.name.endsWith(".ts") ? [p] : [];
  });
}

/** "file:line" of each undocumented real-clock read in the text. */
function undocumentedReads(file: string, text: string): string[] {
  const lines = text.split("\n");
  return lines.flatMap((line, i) => {
    if (!READS.test(line.replace(/\/\/.*$/, ""))) return [];
    const above = lines[i - 1] ?? "";
    return /\/\/ real clock on purpose/.test(above) ? [] : [`${file}:${i + 1}`];
  });
}

describe("the real clock is read only by the composition roots", () => {
  it("the detector finds new Date(), Date.now() and Date(), and accepts a documented read", () => {
    const sample = [
      "const a = new Date();",
      "const b = Date.now() - t;",
      "const c = String(Date());",
      "const d = new Date(at.getTime());",
      "const e = performance.now();",
      "// real clock on purpose: ids only",
      "const f = Date.now();",
      "// new Date() in a comment is fine",
    ].join("\n");
    expect(undocumentedReads("x.ts", sample)).toEqual(["x.ts:1", "x.ts:2", "x.ts:3"]);
  });

  it("src/ has no other read of the real clock than src/clock.ts", () => {
    const found = tsFiles(join(ROOT, "src"))
      .filter((f) => relative(ROOT, f) !== join("src", "clock.ts"))
      .flatMap((f) => undocumentedReads(relative(ROOT, f), readFileSync(f, "utf8")));
    expect(found).toEqual([]);
  });
});

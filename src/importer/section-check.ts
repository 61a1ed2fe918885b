// Section numbers against the refs under them. Plans copied from committee reports sometimes number a heading
// wrongly (a second "4." whose actions are 7.1, 7.2, ...): the refs are what people quote, so the section takes
// the number its refs share and "priority 7" finds it; the import reports the inconsistency. Pure.
import type { PlanModel } from "./records.js";

export interface ImportNotice {
  code: "section_number_from_refs" | "duplicate_section_number";
  message: string;
}

/** Fix section numbers that their refs contradict (in place) and report what was found. */
export function checkSectionNumbers(model: PlanModel): ImportNotice[] {
  const notices: ImportNotice[] = [];
  for (const s of model.sections) {
    const refs = model.actions.filter((a) => a.sectionLabel === s.label && a.ref).map((a) => a.ref as string);
    const prefixes = refs.map((r) => /^(\d+)\.\d/.exec(r.trim())?.[1]).filter((p): p is string => p !== undefined);
    if (prefixes.length < 2) continue;
    const counts = new Map<string, number>();
    for (const p of prefixes) counts.set(p, (counts.get(p) ?? 0) + 1);
    const [top, n] = [...counts.entries()].reduce((a, b) => (b[1] > a[1] ? b : a));
    if (n / prefixes.length < 0.75 || top === s.number) continue;
    const shown = refs.slice(0, 3).join(", ");
    const refsSay = `its refs are ${top}.x (${shown}${refs.length > 3 ? ", ..." : ""})`;
    notices.push({
      code: "section_number_from_refs",
      message: `section "${s.label}" ${s.number === null ? "has no number" : `is numbered ${s.number}`} but ${refsSay}: read as section ${top}, so "priority ${top}" finds it`,
    });
    s.number = top;
  }
  const byNumber = new Map<string, string[]>();
  for (const s of model.sections) if (s.number) byNumber.set(s.number, [...(byNumber.get(s.number) ?? []), s.label]);
  for (const [num, labels] of byNumber) {
    if (labels.length < 2) continue;
    notices.push({
      code: "duplicate_section_number",
      message: `${labels.length} sections are numbered ${num} (${labels.map((l) => `"${l}"`).join(", ")}): "priority ${num}" will ask which one`,
    });
  }
  return notices;
}

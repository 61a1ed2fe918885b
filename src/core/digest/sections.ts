// How a plan names its sections: "Priority 3", "Theme 2: Strengthening ...", "6. Permanence and stability".
import { excerpt, type SectionFact } from "./facts.js";

const WORDS = ["priority", "theme", "workstream", "work strand", "strand", "area", "section", "objective", "outcome", "appendix"];
const WORD_RE = new RegExp(`^(${WORDS.join("|")})\\s*(\\d+[a-z]?)\\s*[:.\\-–—]?\\s*(.*)$`, "i");

function cap(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();
}

/** The word the plan uses for its sections ("Theme" for Durham); "Priority" for plans that only number them
 * (Thurrock's "1. Recruiting ..."); "Section" when nothing is numbered (Devon). */
export function sectionWordOf(sections: (Pick<SectionFact, "label"> & { number?: string | null })[]): string {
  for (const s of sections) {
    const m = WORD_RE.exec(s.label.trim());
    if (m) return cap(m[1] as string);
  }
  return sections.some((s) => s.number) ? "Priority" : "Section";
}

/** "Priority 3 — Building consistent quality and timeliness of …" (title shortened to max characters). */
export function sectionHeading(s: Pick<SectionFact, "label" | "number" | "title">, word: string, max = 70): string {
  const m = WORD_RE.exec(s.label.trim());
  if (m) {
    const rest = excerpt(m[3], max);
    return rest ? `${cap(m[1] as string)} ${m[2]} — ${rest}` : `${cap(m[1] as string)} ${m[2]}`;
  }
  if (s.number) {
    const t = excerpt(s.title, max);
    return t ? `${word} ${s.number} — ${t}` : `${word} ${s.number}`;
  }
  return excerpt(s.label, max) ?? s.label;
}

/** Short name for charts and tables: "Priority 3", else the label cut short. */
export function sectionShort(s: Pick<SectionFact, "label" | "number" | "title">, word: string): string {
  const m = WORD_RE.exec(s.label.trim());
  if (m) return `${cap(m[1] as string)} ${m[2]}`;
  if (s.number) return `${word} ${s.number}`;
  return excerpt(s.label, 24) ?? s.label;
}

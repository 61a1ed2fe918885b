// Section labels as plans write them, and the number a question uses: "1. Recruiting, retaining ..." -> "1",
// "Theme 1: Strengthening ..." -> "1", "Priority 3" -> "3". Labels without a number ("Leadership and
// Management", "Appendix 2: Ofsted Recommendations 2016") have number null; the label is always kept as written.
export interface SectionParts {
  label: string;
  number: string | null;
  title: string;
}

const NAMED =
  /^(?:priority|theme|section|strand|work\s*strand|workstream|work\s*stream|objective|outcome|area|p)\s*(\d+[a-z]?)\b\s*[:.)\-–—]?\s*([\s\S]*)$/i;
const NUMBERED = /^(\d+(?:\.\d+)*)\s*[.):\-–—]\s*([\s\S]*)$|^(\d+(?:\.\d+)*)\s+([\s\S]+)$/;

export function sectionParts(label: string): SectionParts {
  const text = label.trim();
  const named = NAMED.exec(text);
  if (named) return { label: text, number: named[1] as string, title: (named[2] as string).trim() || text };
  const numbered = NUMBERED.exec(text);
  if (numbered) {
    const number = (numbered[1] ?? numbered[3]) as string;
    const title = ((numbered[2] ?? numbered[4]) as string).trim();
    return { label: text, number, title: title || text };
  }
  return { label: text, number: null, title: text };
}

// Forgiving the way people type questions, before parsing: keyword typos ("ovedue", "overdeu", "prority"),
// number words and ordinals next to a section word ("priority three", "third priority" -> "priority 3").
// Only the parser's own keywords are corrected; names and section titles are left for the resolver.
import { editDistance } from "../closest.js";

const KEYWORDS = [
  "overdue",
  "priority",
  "priorities",
  "theme",
  "section",
  "workstream",
  "strand",
  "objective",
  "outcome",
  "status",
  "progress",
  "slipped",
  "changed",
  "updated",
  "update",
  "summary",
  "overview",
  "milestones",
  "actions",
  "complete",
  "completed",
  "amber",
  "green",
  "upcoming",
  "tomorrow",
  "yesterday",
  "responsible",
  "missing",
  "deadline",
  "hasn't",
  "haven't",
];
const KEYSET = new Set(KEYWORDS);
/** common words that are near a keyword but are not typos of it */
const KEEP = new Set([
  "other",
  "others",
  "these",
  "there",
  "where",
  "those",
  "outcomes",
  "overall",
  "themes",
  "sections",
  "updates",
  "action",
  "milestone",
  "statuses",
  "change",
  "changes",
  "strands",
]);

const NUMBERS: Record<string, string> = {
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
  ten: "10",
  eleven: "11",
  twelve: "12",
};
const ORDINALS: Record<string, string> = {
  first: "1",
  second: "2",
  third: "3",
  fourth: "4",
  fifth: "5",
  sixth: "6",
  seventh: "7",
  eighth: "8",
  ninth: "9",
  tenth: "10",
  eleventh: "11",
  twelfth: "12",
};
const SECTION = "(priority|theme|section|workstream|strand|area|objective|outcome)";

/** A keyword this word is a typo of (one edit for short words, two for long ones), or null. */
export function keywordFor(word: string): string | null {
  if (word.length < 5 || KEYSET.has(word) || KEEP.has(word) || /\d/.test(word)) return null;
  const max = word.length >= 7 ? 2 : 1;
  let best: string | null = null;
  let bestD = max + 1;
  for (const k of KEYWORDS) {
    const d = editDistance(word, k, max);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

export interface Normalised {
  text: string;
  /** what was corrected, e.g. ["ovedue -> overdue"] */
  corrections: string[];
}

/** Expects tidied (lower-case) text. */
export function normaliseQuestion(t: string): Normalised {
  const corrections: string[] = [];
  let text = t
    .split(" ")
    .map((w) => {
      const bare = w.replace(/[.,;:]+$/, "");
      const k = keywordFor(bare);
      if (!k) return w;
      corrections.push(`${bare} -> ${k}`);
      return w.replace(bare, k);
    })
    .join(" ");
  const num = (w: string) => NUMBERS[w] ?? ORDINALS[w] ?? w.replace(/(st|nd|rd|th)$/, "");
  // "priority three", "theme number two"
  text = text.replace(
    new RegExp(`\\b${SECTION}(?: (?:no\\.?|number))? (${Object.keys(NUMBERS).join("|")})\\b`, "g"),
    (_m, s, n) => `${s} ${num(n)}`,
  );
  // "the third priority", "3rd theme"
  text = text.replace(
    new RegExp(`\\b(?:the )?(${Object.keys(ORDINALS).join("|")}|\\d+(?:st|nd|rd|th)) ${SECTION}\\b`, "g"),
    (_m, n, s) => `${s} ${num(n)}`,
  );
  return { text, corrections };
}

// Owner cells as plans write them: initials ("AA/RG", "VC/JK"), names ("S Murphy", "Joe Tynan Janet Simon"),
// names with posts ("Rachel Barnes – Head of Supporting Our Children Sara McCartan – Head of Adolescent Service"),
// posts with no name ("Head of Children's Services", "Strategic Manager, Think Family Services") and groups
// ("All SMT", "Strategic Leads and Service Managers"). Pure: no I/O.

export interface OwnerRef {
  /** the name as the plan writes it (a post title when no person is named) */
  name: string;
  /** the role title written next to a name ("Head of Adolescent Service"), null when none */
  roleTitle: string | null;
  /** true when the owner is a post / group with no person named */
  isPost: boolean;
}

// An import asks for the same few hundred names on every row (a 50,000-row plan: ~130 ms of CPU, mostly the
// Unicode regexps), so each name is normalised once; the map is emptied when it holds NAMES_KEPT names.
const normalised = new Map<string, string>();
const NAMES_KEPT = 10_000;

/** Lowercase, strip accents, apostrophes, punctuation and dashes, collapse spaces: "S  Murphy" == "s murphy". */
export function normaliseName(name: string): string {
  let n = normalised.get(name);
  if (n === undefined) {
    n = normalise(name);
    if (normalised.size >= NAMES_KEPT) normalised.clear();
    normalised.set(name, n);
  }
  return n;
}

function normalise(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’‘`]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .replace(/\s+/g, " ");
}

// Words that make a phrase a post or a group rather than a person's name.
const POST_WORDS = new Set(
  [
    "head",
    "heads",
    "manager",
    "managers",
    "director",
    "directors",
    "lead",
    "leads",
    "leader",
    "leaders",
    "officer",
    "officers",
    "chair",
    "team",
    "teams",
    "service",
    "services",
    "smt",
    "cslt",
    "dcs",
    "all",
    "board",
    "coordinator",
    "co-ordinator",
    "principal",
    "assistant",
    "consultant",
    "nurse",
    "headteacher",
    "contract",
    "partnership",
    "panel",
    "group",
    "of",
    "and",
    "the",
    "for",
    "csu",
    "ams",
    "lds",
    "practitioner",
    "commissioning",
    "housing",
    "school",
    "virtual",
    "strategic",
    "senior",
  ].map((w) => w.toLowerCase()),
);

// Phrases that start a post title; a cell holding two posts without a separator is split before them
// ("Head of Planning and Service Strategy Head of ICT").
const POST_STARTS = /\s+(?=(?:Head of|Strategic Manager|Director of|Service Manager|Team Manager|Assistant Director|Deputy Director)\b)/g;

// acronyms that name a post or a group, not a person's initials
const POST_ACRONYMS = new Set(["DCS", "SMT", "CSLT", "CSU", "IRO", "IRU", "LSCB", "MASH", "SLT", "DMT"]);
const INITIALS = /^[A-Z]{1,4}\??$/;
const GROUP_INITIALS = /^[A-Z]{2,4}s$/; // "AMs", "LDs": a group of managers

function isPostPhrase(text: string): boolean {
  const words = text.split(/[\s,]+/).filter(Boolean);
  if (words.length === 0) return false;
  if (words.length === 1 && GROUP_INITIALS.test(words[0] as string)) return true;
  if (words.length === 1 && POST_ACRONYMS.has(words[0] as string)) return true;
  if (words.length === 1 && INITIALS.test(words[0] as string)) return false;
  return words.some((w) => POST_WORDS.has(w.toLowerCase().replace(/[^a-z-]/g, "")));
}

function isCapitalisedWord(w: string): boolean {
  return /^[A-Z][\p{L}'’-]*$/u.test(w);
}

/** "Joe Tynan" / "S Murphy" / "Caroline O'Neill" / "Iqbal": looks like one person's name. */
function looksLikeName(text: string): boolean {
  const words = text.split(/\s+/).filter(Boolean);
  return words.length >= 1 && words.length <= 3 && words.every(isCapitalisedWord) && !isPostPhrase(text);
}

function cleanName(raw: string): string {
  return raw
    .replace(/\s+/g, " ")
    .replace(/^[\s•○\-–—,;:]+|[\s•○\-–—,;:?]+$/g, "")
    .trim();
}

/** Split "Name – Title Name – Title" (en/em dash or spaced hyphen) into named owners with role titles. */
function splitNamedWithTitles(cell: string): OwnerRef[] | null {
  const parts = cell.split(/\s+[–—-]\s+/);
  if (parts.length < 2) return null;
  const out: OwnerRef[] = [];
  let name = cleanName(parts[0] as string);
  if (!looksLikeName(name)) return null;
  for (let i = 1; i < parts.length; i++) {
    const seg = cleanName(parts[i] as string);
    if (i === parts.length - 1) {
      out.push({ name, roleTitle: seg || null, isPost: false });
      break;
    }
    // the segment is "<title of previous> <next name>": the next name is its last two capitalised words
    const words = seg.split(" ");
    let take = 0;
    for (let k = words.length - 1; k >= 0 && take < 2; k--) {
      if (isCapitalisedWord(words[k] as string) && !POST_WORDS.has((words[k] as string).toLowerCase())) take++;
      else break;
    }
    if (take === 0 || take === words.length) return null;
    const title = words.slice(0, words.length - take).join(" ");
    out.push({ name, roleTitle: title, isPost: false });
    name = words.slice(words.length - take).join(" ");
  }
  return out;
}

/** "Joe Tynan Janet Simon" -> two names; "Keelley Pullen Headteacher Virtual School" -> name + title. */
function splitRun(segment: string): OwnerRef[] {
  const text = cleanName(segment);
  if (!text) return [];
  const words = text.split(" ");
  // a run of initials: "JM MM AMs", "CH"
  if (words.every((w) => INITIALS.test(w) || GROUP_INITIALS.test(w))) {
    return words.map((w) => {
      const n = cleanName(w);
      return { name: n, roleTitle: null, isPost: GROUP_INITIALS.test(n) || POST_ACRONYMS.has(n) };
    });
  }
  if (isPostPhrase(text)) {
    // a name followed by a post: "Keelley Pullen Headteacher Virtual School", "Nicole Laurie CSU"
    const firstPost = words.findIndex((w) => POST_WORDS.has(w.toLowerCase().replace(/[^a-z-]/g, "")));
    if (firstPost >= 2 && looksLikeName(words.slice(0, 2).join(" ")) && firstPost <= 3) {
      const name = words.slice(0, firstPost).join(" ");
      if (looksLikeName(name)) return [{ name, roleTitle: words.slice(firstPost).join(" "), isPost: false }];
    }
    return [{ name: text, roleTitle: null, isPost: true }];
  }
  // four capitalised words with no post word: two two-word names
  if (words.length === 4 && words.every(isCapitalisedWord)) {
    return [
      { name: words.slice(0, 2).join(" "), roleTitle: null, isPost: false },
      { name: words.slice(2).join(" "), roleTitle: null, isPost: false },
    ];
  }
  return [{ name: text, roleTitle: null, isPost: false }];
}

/** Split an owner / lead cell into people and posts; duplicates (by normalised name) are dropped. */
export function splitOwners(raw: string): OwnerRef[] {
  const cell = (raw ?? "").replace(/\r/g, "").trim();
  if (!cell) return [];
  const out: OwnerRef[] = [];
  const seen = new Set<string>();
  const push = (o: OwnerRef) => {
    const key = normaliseName(o.name);
    if (!key || seen.has(key)) return;
    seen.add(key);
    out.push(o);
  };
  // lines, slashes, semicolons and double spaces separate owners
  const chunks = cell
    .split(/\n|\/|;|\s{2,}/)
    .map((c) => c.trim())
    .filter(Boolean);
  for (const chunk of chunks) {
    const titled = splitNamedWithTitles(chunk);
    if (titled) {
      for (const o of titled) push(o);
      continue;
    }
    for (const part of chunk.split(POST_STARTS)) {
      // "A and B" / "A & B": split only when both sides are names ("Wendy Brown and improvement consultant"
      // is a name plus a post; "Strategic Leads and Service Managers" is one group)
      const pieces = part.split(/\s+(?:and|&)\s+/i);
      if (pieces.length > 1 && pieces.every((p) => looksLikeName(cleanName(p)) || /^[A-Z]{1,4}$/.test(p.trim()))) {
        for (const p of pieces) for (const o of splitRun(p)) push(o);
      } else if (pieces.length > 1 && looksLikeName(cleanName(pieces[0] as string)) && !isPostPhrase(pieces[0] as string)) {
        push({ name: cleanName(pieces[0] as string), roleTitle: null, isPost: false });
        push({ name: cleanName(pieces.slice(1).join(" and ")), roleTitle: null, isPost: true });
      } else {
        for (const o of splitRun(part)) push(o);
      }
    }
  }
  return out;
}

/** Initials of a person's name ("Rachel Barnes" -> "RB", "S Murphy" -> "SM", "AA" -> "AA"); null for posts. */
export function initialsOf(name: string): string | null {
  const text = cleanName(name);
  if (!text) return null;
  if (isPostPhrase(text)) return null;
  if (/^[A-Z]{1,4}$/.test(text)) return text;
  const words = text.split(/\s+/).filter((w) => /^\p{L}/u.test(w));
  if (words.length < 2 || words.length > 4) return null;
  return words.map((w) => (w[0] as string).toUpperCase()).join("");
}

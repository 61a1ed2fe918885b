// UK dates as councils write them in plan exports. Pure: no I/O.
//
// Rules (see DESIGN.md "Dates as councils write them"):
// - A month alone means its last day: "Sept 17" -> 2017-09-30, "Jan-18" -> 2018-01-31, "Nov 2017" -> 2017-11-30.
// - Numeric dates are day-first: "01/02/18" -> 2018-02-01. When the second number is over 12 and the first is not
//   ("01/16/2018", as in Thurrock's export) only US order makes sense, so it is read month-first and flagged.
// - Several dates in one cell ("Dec 17 , April 18", "Oct 17 Nov 17 April 18", "Started April 2016 Project end
//   March 2018"): due is the LATEST, every date found is kept in `dates` (ascending).
// - Month names without a year take the year written after them ("Sept, Nov 17, Jan, March 18" -> Sept 2017,
//   Nov 2017, Jan 2018, Mar 2018); months after the last year carry forward in order ("Sept 17 Dec/March / June"
//   -> Dec 2017, Mar 2018, Jun 2018). With no year anywhere: a list of months is a recurring schedule
//   ("July/Oct/Jan/May" -> no date) and a single month ("Jun") is unreadable: we never invent a year.
// - A bare year means 31 December ("2024"); a financial year "2017/18" means 31 March 2018.
// - "Termly", "As required", "Ongoing", "TBC", "Started", blank -> no date (kind "none").
// - Text with digits or month names that no rule reads ("31/02/18", "Quarter 2, 2017") -> kind "unreadable".
// The raw text is always returned unchanged.

export interface ParsedDate {
  kind: "date" | "none" | "unreadable";
  /** YYYY-MM-DD (the latest date found), null unless kind is "date" */
  due: string | null;
  /** every date found, ascending, unique */
  dates: string[];
  raw: string;
  /** why the reading is special ("read as US month/day order", "recurring schedule", ...) */
  note?: string;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

const MONTH_RE =
  "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept(?:ember)?|sep|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";

const MONTH_NC = MONTH_RE.replace("(jan", "(?:jan");

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function fullYear(y: string): number {
  const n = Number(y);
  if (y.length === 4) return n;
  return n < 70 ? 2000 + n : 1900 + n;
}

function valid(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && year >= 1900 && year <= 2199;
}

const RE = {
  quarter: /\b(?:quarter|q)\s*[1-4]\s*,?\s*(?:\d{4}|\d{2}\/\d{2})\b/g,
  iso: /\b(\d{4})-(\d{1,2})-(\d{1,2})(?:t[\d:.]+z?)?\b/g,
  numeric: /\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b/g,
  financial: /\b(20\d{2})\s*[/-]\s*(\d{2})\b/g,
  dayMonthYear: new RegExp(
    `(?<!${MONTH_NC}\\s*[-']?\\s*)\\b(\\d{1,2})(?:st|nd|rd|th)?\\s*[- ]?\\s*${MONTH_RE}\\s*[-,]?\\s*(\\d{4}|\\d{2})\\b`,
    "g",
  ),
  monthDayYear: new RegExp(`\\b${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?,\\s*(\\d{4})\\b`, "g"),
  monthYear: new RegExp(`\\b${MONTH_RE}\\s*[-' ]?\\s*(\\d{4}|\\d{2})(?![\\d/:])\\b`, "g"),
  month: new RegExp(`\\b${MONTH_RE}(?![a-z])`, "g"),
  year: /\b(19\d{2}|20\d{2})\b/g,
};

interface Token {
  start: number;
  end: number;
  /** a full date */
  date?: { y: number; m: number; d: number };
  /** a month with no year (resolved later) */
  month?: number;
  invalid?: boolean;
  us?: boolean;
}

const NO_DATE =
  /^(?:termly(?: monitoring)?|as required|as needed|ongoing|on-going|tbc|tbd|tba|n\/?a|none|started|start|monthly|quarterly|weekly|annually|annual|bi-?monthly|continuous|throughout|immediate(?:ly)?|complete[d]?|-+)$/i;

/** Parse one date cell. */
export function parseUkDate(raw: string): ParsedDate {
  const text = (raw ?? "").replace(/\r/g, "");
  const s = text.toLowerCase().replace(/(\d)\s+(st|nd|rd|th)\b/g, "$1$2");
  const taken: boolean[] = new Array(s.length).fill(false);
  const tokens: Token[] = [];
  const scan = (re: RegExp, make: (m: RegExpExecArray) => Omit<Token, "start" | "end"> | null) => {
    for (const m of s.matchAll(re)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      let free = true;
      for (let i = start; i < end; i++) if (taken[i]) free = false;
      if (!free) continue;
      const t = make(m as RegExpExecArray);
      if (!t) continue;
      for (let i = start; i < end; i++) taken[i] = true;
      tokens.push({ start, end, ...t });
    }
  };
  const full = (y: number, m: number, d: number) => (valid(y, m, d) ? { date: { y, m, d } } : { invalid: true });

  // "Quarter 2, 2017" / "Q2 2017": financial or calendar quarter is not stated, so we do not guess.
  scan(RE.quarter, () => ({ invalid: true }));
  // ISO 2018-01-31 (XLSX date cells are written this way by the reader)
  scan(RE.iso, (m) => full(Number(m[1]), Number(m[2]), Number(m[3])));
  // numeric 01/02/18, 1.2.2018 (day first; US order only when the day cannot be first)
  scan(RE.numeric, (m) => {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = fullYear(m[3] as string);
    if (a <= 12 && b > 12) return { ...full(y, a, b), us: true };
    return full(y, b, a);
  });
  // financial year 2017/18 -> 31 March 2018
  scan(RE.financial, (m) => {
    const y1 = Number(m[1]);
    const y2 = fullYear(m[2] as string);
    return y2 === y1 + 1 ? full(y2, 3, 31) : null;
  });
  // 16 Mar 2023, 31 August 2023, 1st April 18, 01 April 2018
  // (the day must not follow a month name: "Oct 17 Nov 17" is two months, not 17 November)
  scan(RE.dayMonthYear, (m) => full(fullYear(m[3] as string), MONTHS[(m[2] as string).replace(".", "")] as number, Number(m[1])));
  // January 16, 2018
  scan(RE.monthDayYear, (m) => full(Number(m[3]), MONTHS[(m[1] as string).replace(".", "")] as number, Number(m[2])));
  // Sept 17, Jan-18, Nov 2017, March'18 -> last day of the month
  scan(RE.monthYear, (m) => {
    const y = fullYear(m[2] as string);
    const mo = MONTHS[(m[1] as string).replace(".", "")] as number;
    return full(y, mo, daysInMonth(y, mo));
  });
  // a bare month (year resolved below)
  scan(RE.month, (m) => ({ month: MONTHS[(m[1] as string).replace(".", "")] as number }));
  // a bare year -> 31 December
  scan(RE.year, (m) => full(Number(m[1]), 12, 31));

  tokens.sort((a, b) => a.start - b.start);
  const base = { raw: text };

  if (tokens.some((t) => t.invalid)) return { ...base, kind: "unreadable", due: null, dates: [] };

  // resolve bare months: back-fill from the next dated token, else carry forward from the previous one
  const resolved: { y: number; m: number; d: number }[] = [];
  const bare = tokens.filter((t) => t.month !== undefined);
  const dated = tokens.filter((t) => t.date);
  if (bare.length > 0 && dated.length === 0) {
    if (bare.length >= 2) return { ...base, kind: "none", due: null, dates: [], note: "recurring schedule without a year" };
    return { ...base, kind: "unreadable", due: null, dates: [], note: "a month without a year" };
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.date) {
      resolved.push(t.date);
      continue;
    }
    if (t.month === undefined) continue;
    const next = tokens.slice(i + 1).find((n) => n.date);
    const prev = resolved[resolved.length - 1];
    let y: number;
    if (next?.date) {
      y = next.date.y;
      // "Nov, Jan 18": a month later in the year than the next date belongs to the year before
      const nextMonth = tokens.slice(i + 1).find((n) => n.date)?.date?.m ?? 12;
      if (t.month > nextMonth) y -= 1;
    } else if (prev) {
      y = t.month > prev.m ? prev.y : prev.y + 1;
    } else {
      return { ...base, kind: "unreadable", due: null, dates: [] };
    }
    resolved.push({ y, m: t.month, d: daysInMonth(y, t.month) });
  }

  if (resolved.length === 0) {
    const trimmed = text.trim();
    if (!trimmed || NO_DATE.test(trimmed.replace(/[.\s]+$/, ""))) return { ...base, kind: "none", due: null, dates: [] };
    if (/\d/.test(trimmed)) return { ...base, kind: "unreadable", due: null, dates: [] };
    return { ...base, kind: "none", due: null, dates: [] };
  }
  const dates = [...new Set(resolved.map((r) => isoDate(r.y, r.m, r.d)))].sort();
  const out: ParsedDate = { ...base, kind: "date", due: dates[dates.length - 1] as string, dates };
  if (tokens.some((t) => t.us)) out.note = "read as US month/day order";
  return out;
}

/** The earliest date of a cell (start dates), null when none. */
export function earliestDate(p: ParsedDate): string | null {
  return p.kind === "date" ? (p.dates[0] ?? null) : null;
}

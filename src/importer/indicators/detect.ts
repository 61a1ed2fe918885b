// Is this table an indicator table, and what does each column hold? Content first, header words as hints:
// a column is a period, target or baseline column only when its header names a date or period AND its
// cells are numbers, "TBC" or blank (a plan's "Targets/Milestones: August 2017" column holds text, so it is
// not one). Never tuned to one council's words: period, date and unit readers come from core.
import { financialYearStart, type Period, parsePeriod, readValueCell } from "../../core/indicators/index.js";

export type IndicatorRole =
  | "section"
  | "sectionNumber"
  | "ref"
  | "name"
  | "owner"
  | "polarity"
  | "unit"
  | "baseline"
  | "target"
  | "value"
  | "comparator"
  | "notes"
  | "extra";

export interface IndicatorColumn {
  index: number;
  header: string;
  role: IndicatorRole;
  /** target/baseline: the date it is for (YYYY-MM-DD) */
  date?: string | null;
  /** value: the period it holds */
  period?: Period;
  /** comparator: what it is ("Statistical neighbours") */
  label?: string;
}

export interface IndicatorHeader {
  headerRow: number;
  columns: IndicatorColumn[];
  /** the reporting year's April used for bare months ("Jul"), when there are any */
  fyStart: number | null;
  /** bare month headers with no year anywhere (the caller must give --year) */
  needsYear: boolean;
}

interface Profile {
  nonBlank: number;
  numeric: number;
  avgLen: number;
}

function profile(rows: string[][], index: number): Profile {
  let nonBlank = 0;
  let numeric = 0;
  let len = 0;
  for (const r of rows) {
    const c = (r[index] ?? "").trim();
    if (!c) continue;
    nonBlank++;
    len += c.length;
    const v = readValueCell(c);
    if (v.kind === "value" || v.kind === "tbc") numeric++;
  }
  return { nonBlank, numeric, avgLen: nonBlank ? len / nonBlank : 0 };
}

const numericish = (p: Profile) => p.nonBlank === 0 || p.numeric / p.nonBlank >= 0.6;

function norm(h: string): string {
  return h.toLowerCase().replace(/\s+/g, " ").trim();
}

/** The date a header names: its last month-and-year ("Target October 2023", "Audit in Oct 2023: Target") or
 * financial year ("Target 2024/25") -> the last day of it; none -> null */
function dateIn(header: string): string | null {
  let found: string | null = null;
  for (const m of header.matchAll(/\b([A-Za-z]{3,9})\.?[\s'-]+'?(\d{4}|\d{2})\b/g)) {
    const p = parsePeriod(`${m[1]} ${m[2]}`);
    if (p) found = p.end;
  }
  if (found) return found;
  const fy = financialYearStart(header);
  return fy === null ? null : `${fy + 1}-03-31`;
}

const isBareMonth = (h: string) => /^[A-Za-z.]{3,9}$/.test(h.trim()) && parsePeriod(h, 2000) !== null;

const LABEL_RULES: [IndicatorRole, RegExp][] = [
  ["polarity", /polarity|good (performance )?is|better if|is better|direction of improvement/],
  ["comparator", /\b(sn|stat(istical)? neighbou?rs?|comparator|national|england|regional|benchmark)\b/],
  ["notes", /^(notes?|comments?|commentary|narrative|update)\b/],
  ["extra", /\bytd\b|year to date|^dot$|direction of travel/],
  ["owner", /\b(owner|lead|responsible|accountable|who)\b/],
  ["unit", /^(unit|units|measure type)$/],
  ["ref", /^(ref|reference|id|no\.?|kpi ref|indicator ref)$/],
  ["name", /indicator|measure|kpi|metric|obsession|description|^name$/],
  ["section", /^(section|theme|priority|strand|area|work ?stream|outcome area)\b/],
];

/** Reads one candidate header row; score says how much it looks like an indicator table. */
function readHeader(rows: string[][], headerRow: number, yearOption: number | null): { header: IndicatorHeader; score: number } {
  const head = rows[headerRow] ?? [];
  const data = rows.slice(headerRow + 1);
  const years = head.map((h) => financialYearStart(h)).filter((y): y is number => y !== null);
  const hasBareMonths = head.some(isBareMonth);
  // bare months follow last year's outturn ("2016/17", then "Jul" ... "Dec"): the reporting year is the next one
  const fyStart = yearOption ?? (hasBareMonths && years.length ? Math.max(...years) + 1 : null);
  const columns: IndicatorColumn[] = [];
  let numericCols = 0;
  for (let i = 0; i < head.length; i++) {
    const header = (head[i] ?? "").trim();
    const h = norm(header);
    const p = profile(data, i);
    const col: IndicatorColumn = { index: i, header, role: "extra" };
    if (!h) {
      columns.push(col);
      continue;
    }
    if (/\btarget/.test(h) && numericish(p)) {
      col.role = "target";
      col.date = dateIn(header);
    } else if (/baseline/.test(h) && numericish(p)) {
      col.role = "baseline";
      col.date = dateIn(header);
    } else if (/[:\-–]\s*(outcome|actual|result)s?$/.test(h) && numericish(p)) {
      const d = dateIn(header);
      const period = d ? parsePeriod(`${d.slice(0, 7)}`) : null;
      if (period) {
        col.role = "value";
        col.period = period;
      }
    } else {
      const rule = LABEL_RULES.find(([, re]) => re.test(h));
      const period = rule ? null : parsePeriod(header, fyStart);
      if (rule) {
        col.role = rule[0];
        if (col.role === "comparator") col.label = /\bsn\b|neighbou?r/.test(h) ? "Statistical neighbours" : header;
        if (col.role === "comparator" && !numericish(p)) col.role = "extra";
      } else if (period && numericish(p)) {
        if (period.kind === "year" && !period.ytd && fyStart !== null && financialYearStart(period.id) === fyStart - 1) {
          col.role = "baseline"; // last year's outturn beside this year's months
          col.date = period.end;
        } else if (!period.ytd) {
          col.role = "value";
          col.period = period;
        }
      } else if (fyStart === null && isBareMonth(header) && numericish(p)) numericCols++; // still needs --year
    }
    if (col.role === "target" || col.role === "baseline" || col.role === "value") numericCols++;
    columns.push(col);
  }
  // two section-like columns ("Section" with the long label, "Priority" with "P1"): the short one is the number
  const sections = columns.filter((c) => c.role === "section");
  if (sections.length > 1) {
    sections.sort((a, b) => profile(data, b.index).avgLen - profile(data, a.index).avgLen);
    for (const s of sections.slice(1)) s.role = profile(data, s.index).avgLen <= 4 ? "sectionNumber" : "extra";
  }
  // no name header: the longest text column that is not the section
  if (!columns.some((c) => c.role === "name")) {
    const cand = columns
      .filter((c) => c.role === "extra" && c.header && !numericish(profile(data, c.index)))
      .sort((a, b) => profile(data, b.index).avgLen - profile(data, a.index).avgLen)[0];
    if (cand) cand.role = "name";
  }
  for (const role of ["name", "owner", "polarity", "ref", "notes", "unit"] as const) {
    const all = columns.filter((c) => c.role === role);
    for (const extra of all.slice(1)) extra.role = role === "notes" ? "notes" : "extra";
  }
  const named = columns.some((c) => c.role === "name");
  const needsYear = hasBareMonths && fyStart === null;
  const score = named ? numericCols * 2 + (columns.some((c) => c.role === "section") ? 1 : 0) : 0;
  return { header: { headerRow, columns, fyStart, needsYear }, score };
}

/**
 * Finds the header row (within the first 10 rows) and the columns of an indicator table, or null when the
 * table is not one: it needs an indicator name column and at least two value, target or baseline columns
 * (or bare months that still need a year).
 */
export function detectIndicatorHeader(rows: string[][], opts: { fyStart?: number | null } = {}): IndicatorHeader | null {
  let best: { header: IndicatorHeader; score: number } | null = null;
  for (let r = 0; r < Math.min(10, rows.length); r++) {
    if ((rows[r] ?? []).filter((c) => c.trim()).length < 3) continue;
    const got = readHeader(rows, r, opts.fyStart ?? null);
    if (!best || got.score > best.score) best = got;
  }
  if (!best || best.score < 4) return null;
  return best.header;
}

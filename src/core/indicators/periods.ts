// Reporting periods as indicator tables write them: "Jul", "Aug" (months of the table's reporting year),
// "Jul-17", "July 2017", "2017/18 YTD", "YTD", "Q2 2017/18". Pure; never invents a year: a bare month needs
// the reporting year (a UK financial year, April to March) from the caller.
import { daysInMonth, isoDate } from "../dates.js";

export interface Period {
  /** "2017-07" (month), "2017/18" (financial year), "2017/18-Q2" (quarter) */
  id: string;
  kind: "month" | "year" | "quarter";
  /** YYYY-MM-DD: the last day of the period */
  end: string;
  /** how it is shown: "Jul 2017", "2017/18", "Q2 2017/18" */
  label: string;
  /** year to date (a cumulative figure for the financial year so far) */
  ytd?: boolean;
}

const MONTH_LABELS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const FULL = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/** "jul", "july", "sept" -> 7, 7, 9; anything else -> null */
export function monthNumber(word: string): number | null {
  const w = word.toLowerCase().replace(/\.$/, "");
  if (w.length < 3) return null;
  const i = FULL.findIndex((full) => full.startsWith(w));
  return i < 0 ? null : i + 1;
}

/** The financial year "2017/18" -> 2017 (its April); also "2017-18", "2017/2018". */
export function financialYearStart(text: string): number | null {
  const m = /\b(20\d\d)\s*[/-]\s*(\d\d|20\d\d)\b/.exec(text);
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]);
  const next = b < 100 ? Math.floor(a / 100) * 100 + b : b;
  return next === a + 1 ? a : null;
}

function fyLabel(start: number): string {
  return `${start}/${String((start + 1) % 100).padStart(2, "0")}`;
}

export function monthPeriod(year: number, month: number): Period {
  return {
    id: `${year}-${String(month).padStart(2, "0")}`,
    kind: "month",
    end: isoDate(year, month, daysInMonth(year, month)),
    label: `${MONTH_LABELS[month - 1]} ${year}`,
  };
}

export function yearPeriod(start: number, ytd = false): Period {
  return {
    id: fyLabel(start),
    kind: "year",
    end: isoDate(start + 1, 3, 31),
    label: `${fyLabel(start)}${ytd ? " YTD" : ""}`,
    ...(ytd ? { ytd } : {}),
  };
}

function toYear(y: string): number {
  const n = Number(y);
  return y.length <= 2 ? 2000 + n : n;
}

/**
 * Reads a period header. `fyStart` is the reporting year's April (2017 for 2017/18): a bare month from April
 * to December is in fyStart, January to March in fyStart + 1. Without it a bare month is not read (null).
 */
export function parsePeriod(text: string, fyStart?: number | null): Period | null {
  const t = text.trim().replace(/\s+/g, " ");
  if (!t) return null;
  const ytd = /\bytd\b|year to date/i.test(t);
  const fy = financialYearStart(t);
  const q = /\bq([1-4])\b/i.exec(t);
  if (q && (fy ?? fyStart)) {
    const start = (fy ?? fyStart) as number;
    const n = Number(q[1]);
    const endMonth = [6, 9, 12, 3][n - 1] as number;
    const year = n === 4 ? start + 1 : start;
    return {
      id: `${fyLabel(start)}-Q${n}`,
      kind: "quarter",
      end: isoDate(year, endMonth, daysInMonth(year, endMonth)),
      label: `Q${n} ${fyLabel(start)}`,
    };
  }
  if (fy !== null) return yearPeriod(fy, ytd);
  if (ytd && fyStart) return yearPeriod(fyStart, true);
  // "Jul-17", "July 2017", "Jul 17", "Sept '17"
  const my = /^([A-Za-z]{3,9})\.?[\s'-]*'?(\d{2}|\d{4})$/.exec(t);
  if (my) {
    const m = monthNumber(my[1] as string);
    if (m) return monthPeriod(toYear(my[2] as string), m);
  }
  // "07/2017", "2017-07"
  const num = /^(\d{1,2})\/(\d{4})$/.exec(t) ?? null;
  if (num && Number(num[1]) >= 1 && Number(num[1]) <= 12) return monthPeriod(Number(num[2]), Number(num[1]));
  const iso = /^(\d{4})-(\d{2})$/.exec(t);
  if (iso && Number(iso[2]) >= 1 && Number(iso[2]) <= 12) return monthPeriod(Number(iso[1]), Number(iso[2]));
  const bare = monthNumber(t);
  if (bare && /^[A-Za-z.]+$/.test(t)) {
    if (!fyStart) return null;
    return monthPeriod(bare >= 4 ? fyStart : fyStart + 1, bare);
  }
  return null;
}

/** The period a value given on a date belongs to (a month, for monthly cadence; the quarter; the year). */
export function periodOf(date: string, cadence: "monthly" | "quarterly" | "termly" | "annual"): Period {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const fy = m >= 4 ? y : y - 1;
  if (cadence === "annual") return yearPeriod(fy);
  if (cadence === "quarterly") {
    const n = m >= 4 ? Math.floor((m - 4) / 3) + 1 : 4;
    return parsePeriod(`Q${n} ${fyLabel(fy)}`) as Period;
  }
  return monthPeriod(y, m);
}

/** The period before (month -> previous month; year -> previous year; quarter -> previous quarter). */
export function previousPeriod(p: Period): Period {
  if (p.kind === "month") {
    const y = Number(p.id.slice(0, 4));
    const m = Number(p.id.slice(5, 7));
    return m === 1 ? monthPeriod(y - 1, 12) : monthPeriod(y, m - 1);
  }
  const start = financialYearStart(p.id) as number;
  if (p.kind === "year") return yearPeriod(start - 1);
  const n = Number(p.id.slice(-1));
  return parsePeriod(n === 1 ? `Q4 ${fyLabel(start - 1)}` : `Q${n - 1} ${fyLabel(start)}`) as Period;
}

/** A period id as stored ("2017-07", "2017/18", "2017/18-Q2") read back. */
export function periodFromId(id: string): Period | null {
  const mo = /^(\d{4})-(\d{2})$/.exec(id);
  if (mo) return monthPeriod(Number(mo[1]), Number(mo[2]));
  const q = /^(\d{4}\/\d{2})-Q([1-4])$/.exec(id);
  if (q) return parsePeriod(`Q${q[2]} ${q[1]}`);
  const fy = financialYearStart(id);
  return fy === null ? null : yearPeriod(fy);
}

// Working-day calendar per UK nation and the 09:00-17:00 delivery window in a person's time zone.
// Calendar dates are plain "YYYY-MM-DD" strings (arithmetic done on UTC midnights, so no DST drift);
// instants are converted to local dates and hours with @date-fns/tz, which is DST-safe.
import { createRequire } from "node:module";
import { TZDate } from "@date-fns/tz";
import type Holidays from "date-holidays";

// date-holidays loads every country's rules (~0.2 s): required on the first bank-holiday look-up, not at start-up,
// so CLI commands that never count working days do not pay for it
let HolidaysLib: typeof Holidays | null = null;
function holidaysLib(): typeof Holidays {
  HolidaysLib ??= createRequire(import.meta.url)("date-holidays") as typeof Holidays;
  return HolidaysLib;
}

export const NATIONS = ["ENG", "WLS", "SCT", "NIR"] as const;
export type Nation = (typeof NATIONS)[number];

/** An IANA time zone name this runtime knows ("Europe/London"). */
// building an Intl.DateTimeFormat costs tens of microseconds; every recorded answer asks about its zone
const zoneChecked = new Map<string, boolean>();

export function isTimeZone(tz: string): boolean {
  const known = zoneChecked.get(tz);
  if (known !== undefined) return known;
  let ok: boolean;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: tz });
    ok = true;
  } catch {
    ok = false;
  }
  if (zoneChecked.size > 1000) zoneChecked.clear();
  zoneChecked.set(tz, ok);
  return ok;
}

export function isNation(v: string): v is Nation {
  return (NATIONS as readonly string[]).includes(v);
}

const DAY_MS = 86_400_000;
const holidayCache = new Map<string, Set<string>>();
const holidayLibs = new Map<Nation, Holidays>();

function nationOf(n: string): Nation {
  return isNation(n) ? n : "ENG";
}

/** Bank holidays ("public" in date-holidays, substitute days included) of a nation in a year. */
export function bankHolidays(nation: string, year: number): Set<string> {
  const n = nationOf(nation);
  const key = `${n}:${year}`;
  let set = holidayCache.get(key);
  if (!set) {
    let lib = holidayLibs.get(n);
    if (!lib) {
      lib = new (holidaysLib())("GB", n);
      holidayLibs.set(n, lib);
    }
    set = new Set(
      lib
        .getHolidays(year)
        .filter((h) => h.type === "public")
        .map((h) => h.date.slice(0, 10)),
    );
    holidayCache.set(key, set);
  }
  return set;
}

function toUtc(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addCalendarDays(date: string, n: number): string {
  return fromUtc(toUtc(date) + n * DAY_MS);
}

/** Calendar days from a to b (b - a). */
export function calendarDaysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / DAY_MS);
}

export function isWeekend(date: string): boolean {
  const d = new Date(toUtc(date)).getUTCDay();
  return d === 0 || d === 6;
}

export function isWorkingDay(date: string, nation: string): boolean {
  return !isWeekend(date) && !bankHolidays(nation, Number(date.slice(0, 4))).has(date);
}

/** The date itself if it is a working day, else the next one. */
export function nextWorkingDayOnOrAfter(date: string, nation: string): string {
  let d = date;
  while (!isWorkingDay(d, nation)) d = addCalendarDays(d, 1);
  return d;
}

/** The date itself if it is a working day, else the previous one. */
export function previousWorkingDayOnOrBefore(date: string, nation: string): string {
  let d = date;
  while (!isWorkingDay(d, nation)) d = addCalendarDays(d, -1);
  return d;
}

/**
 * n working days after (n > 0) or before (n < 0) a date; the start date itself is not counted, so
 * addWorkingDays(Fri, 1) is the next Monday and addWorkingDays(due, -3) is three working days before due.
 */
export function addWorkingDays(date: string, n: number, nation: string): string {
  let d = date;
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  while (left > 0) {
    d = addCalendarDays(d, step);
    if (isWorkingDay(d, nation)) left--;
  }
  return d;
}

/** Local calendar date of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  const t = new TZDate(at.getTime(), timeZone);
  const y = t.getFullYear();
  const m = t.getMonth() + 1;
  const d = t.getDate();
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Minutes since local midnight of an instant in a time zone. */
export function localMinutes(at: Date, timeZone: string): number {
  const t = new TZDate(at.getTime(), timeZone);
  return t.getHours() * 60 + t.getMinutes();
}

/** The instant a local wall-clock time happens in a time zone (DST-safe). */
export function zonedInstant(date: string, minutes: number, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, Math.floor(minutes / 60), minutes % 60, 0, timeZone).getTime());
}

export interface DeliveryWindow {
  /** minutes after local midnight, default 09:00 */
  startMinutes: number;
  /** minutes after local midnight (exclusive), default 17:00 */
  endMinutes: number;
}

export const DEFAULT_WINDOW: DeliveryWindow = { startMinutes: 9 * 60, endMinutes: 17 * 60 };

export interface PersonCalendar {
  timeZone: string;
  nation: string;
}

/** Is `at` inside the person's delivery window on one of their working days? */
export function inDeliveryWindow(at: Date, cal: PersonCalendar, window: DeliveryWindow = DEFAULT_WINDOW): boolean {
  const day = localDate(at, cal.timeZone);
  if (!isWorkingDay(day, cal.nation)) return false;
  const mins = localMinutes(at, cal.timeZone);
  return mins >= window.startMinutes && mins < window.endMinutes;
}

/** The next instant (>= at) at which the person's delivery window is open. */
export function nextWindowOpen(at: Date, cal: PersonCalendar, window: DeliveryWindow = DEFAULT_WINDOW): Date {
  if (inDeliveryWindow(at, cal, window)) return at;
  const today = localDate(at, cal.timeZone);
  const beforeStart = localMinutes(at, cal.timeZone) < window.startMinutes;
  const day = beforeStart && isWorkingDay(today, cal.nation) ? today : nextWorkingDayOnOrAfter(addCalendarDays(today, 1), cal.nation);
  return zonedInstant(day, window.startMinutes, cal.timeZone);
}

/** Monday of the week after the date's week. */
export function nextMonday(date: string): string {
  const dow = new Date(toUtc(date)).getUTCDay(); // 0 Sun .. 6 Sat
  return addCalendarDays(date, dow === 0 ? 1 : 8 - dow);
}

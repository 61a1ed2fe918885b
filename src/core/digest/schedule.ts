// Board digest schedules: "MON 09:00" (also "MON,THU 09:30", "WEEKDAYS 08:00", "DAILY 17:00") or a 5-field cron
// expression, evaluated in the board's own time zone (DST-safe via @date-fns/tz, a pure library).

import { TZDate } from "@date-fns/tz";
import { UserError } from "../errors.js";

const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

export interface CronSpec {
  source: string;
  minute: Set<number>;
  hour: Set<number>;
  dom: Set<number>;
  month: Set<number>;
  dow: Set<number>;
  domAny: boolean;
  dowAny: boolean;
}

export class ScheduleError extends UserError {
  constructor(message: string, fix?: string) {
    super("digest.bad_schedule", message, fix);
  }
}

function field(raw: string, min: number, max: number, names: string[] | null, what: string): Set<number> {
  const out = new Set<number>();
  const val = (s: string): number => {
    const up = s.toUpperCase();
    const idx = names ? names.indexOf(up.slice(0, 3)) : -1;
    const n = idx >= 0 ? idx + (names === MONTHS ? 1 : 0) : Number(s);
    if (!Number.isInteger(n) || n < min || n > max + (names === DAYS ? 1 : 0))
      throw new ScheduleError(`bad ${what} "${s}" (allowed ${min}-${max})`);
    return names === DAYS && n === 7 ? 0 : n;
  };
  for (const part of raw.split(",")) {
    const [range, stepRaw] = part.split("/");
    const step = stepRaw === undefined ? 1 : Number(stepRaw);
    if (!Number.isInteger(step) || step < 1) throw new ScheduleError(`bad step in ${what} "${part}"`);
    let lo: number;
    let hi: number;
    if (range === "*") {
      lo = min;
      hi = max;
    } else if (range?.includes("-")) {
      const [a, b] = range.split("-");
      lo = val(a ?? "");
      hi = val(b ?? "");
      if (names === DAYS && b === "7") hi = 7;
    } else {
      lo = val(range ?? "");
      hi = stepRaw === undefined ? lo : max;
    }
    if (hi < lo) throw new ScheduleError(`bad range in ${what} "${part}"`);
    for (let v = lo; v <= hi; v += step) out.add(names === DAYS && v === 7 ? 0 : v);
  }
  return out;
}

/** Parses "MON 09:00" style or a 5-field cron; throws ScheduleError with a readable message. */
export function parseSchedule(raw: string): CronSpec {
  const s = raw.trim().replace(/\s+/g, " ");
  const simple = /^(daily|weekdays|[a-z]{3}(?:[-,][a-z]{3})*) (\d{1,2}):(\d{2})$/i.exec(s);
  let cron = s;
  if (simple) {
    const d = simple[1]!.toUpperCase();
    const dow = d === "DAILY" ? "*" : d === "WEEKDAYS" ? "1-5" : d;
    cron = `${Number(simple[3])} ${Number(simple[2])} * * ${dow}`;
  }
  const parts = cron.split(" ");
  if (parts.length !== 5)
    throw new ScheduleError(`schedule "${raw}" is neither "MON 09:00" nor a 5-field cron expression (minute hour day month weekday)`);
  const [mi, h, dom, mo, dow] = parts as [string, string, string, string, string];
  return {
    source: raw,
    minute: field(mi, 0, 59, null, "minute"),
    hour: field(h, 0, 23, null, "hour"),
    dom: field(dom, 1, 31, null, "day of month"),
    month: field(mo, 1, 12, MONTHS, "month"),
    dow: field(dow, 0, 6, DAYS, "weekday"),
    domAny: dom === "*",
    dowAny: dow === "*",
  };
}

export interface LocalTime {
  date: string;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

export function localTime(at: Date, timeZone: string): LocalTime {
  const t = new TZDate(at.getTime(), timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    date: `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`,
    year: t.getFullYear(),
    month: t.getMonth() + 1,
    day: t.getDate(),
    hour: t.getHours(),
    minute: t.getMinutes(),
    weekday: t.getDay(),
  };
}

export function matches(spec: CronSpec, lt: LocalTime): boolean {
  if (!spec.minute.has(lt.minute) || !spec.hour.has(lt.hour) || !spec.month.has(lt.month)) return false;
  const domOk = spec.dom.has(lt.day);
  const dowOk = spec.dow.has(lt.weekday);
  // cron rule: when both day fields are restricted, either may match
  if (!spec.domAny && !spec.dowAny) return domOk || dowOk;
  return domOk && dowOk;
}

/**
 * The most recent scheduled slot at or before now (within lookbackMinutes, default 23 h, so a digest missed
 * while the service was down is still posted the same day), and the board's local date for it.
 */
export function latestSlot(spec: CronSpec, now: Date, timeZone: string, lookbackMinutes = 23 * 60): { at: Date; localDate: string } | null {
  const start = Math.floor(now.getTime() / 60_000) * 60_000;
  for (let i = 0; i <= lookbackMinutes; i++) {
    const at = new Date(start - i * 60_000);
    const lt = localTime(at, timeZone);
    if (matches(spec, lt)) return { at, localDate: lt.date };
  }
  return null;
}

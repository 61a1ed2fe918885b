// Option values the CLI reads as dates: real calendar dates only ("2024-02-31" is refused, not rolled over).
import { zonedInstant } from "../core/calendar.js";
import { UsageError } from "./context.js";

/** true when `v` is YYYY-MM-DD and that day exists (JavaScript's Date rolls 2024-02-31 over to 2 March). */
export function isRealDay(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** A YYYY-MM-DD option, or undefined when it was not given. */
export function parseDay(v: string | undefined, option: string): string | undefined {
  if (v === undefined) return undefined;
  if (!isRealDay(v)) {
    const hint = /^\d{4}-\d{2}-\d{2}$/.test(v) ? "there is no such day" : "write it as YYYY-MM-DD";
    throw new UsageError(`${option}: "${v}" is not a date (${hint}), e.g. 2018-03-01`);
  }
  return v;
}

/** An instant option: an ISO date-time (2017-11-29T10:00:00Z), or a day (midnight in `timeZone`, default UTC). */
export function parseInstant(raw: string | undefined, option: string, fallback: () => Date, timeZone = "UTC"): Date {
  if (raw === undefined) return fallback();
  const day = raw.slice(0, 10);
  if (!isRealDay(day))
    throw new UsageError(
      `${option} "${raw}" is not a date-time: ${/^\d{4}-\d{2}-\d{2}/.test(raw) ? `there is no day ${day}` : "write it as YYYY-MM-DD or e.g. 2017-11-29T10:00:00Z"}`,
    );
  if (raw.length === 10) return zonedInstant(day, 0, timeZone);
  const d = new Date(raw);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(raw) || Number.isNaN(d.getTime()))
    throw new UsageError(`${option} "${raw}" is not an ISO date-time; use e.g. 2017-11-29T10:00:00Z or 2017-11-29T10:00:00+00:00`);
  return d;
}

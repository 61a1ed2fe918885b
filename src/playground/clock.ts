// The playground's shiftable clock: real time plus an offset that only ever moves forward. "Next working day"
// and "next board meeting" jump to 09:30 local time of that day (inside the 09:00-17:00 reminder window), so
// what the scheduler would send then arrives at once. The clock starts inside the window: at night or on a
// weekend it starts at 09:30 on the next working day, so a first start always has reminders to show.

import { type Clock, offsetClock } from "../clock.js";
import { addCalendarDays, addWorkingDays, inDeliveryWindow, localDate, nextWorkingDayOnOrAfter, zonedInstant } from "../core/calendar.js";

export const PLAYGROUND_TZ = "Europe/London";
const OPEN_MINUTES = 9 * 60 + 30;

export class OffsetClock implements Clock {
  private readonly shifted: ReturnType<typeof offsetClock>;

  constructor(
    base: Clock,
    private readonly cal = { timeZone: PLAYGROUND_TZ, nation: "ENG" },
  ) {
    this.shifted = offsetClock(base);
  }

  now(): Date {
    return this.shifted.now();
  }

  get offset(): number {
    return this.shifted.offsetMs();
  }

  /** Moves the clock to `at` (never backwards: the outbox and the history only go forward). */
  jumpTo(at: Date): Date {
    const delta = at.getTime() - this.now().getTime();
    if (delta > 0) this.shifted.advance(delta);
    return this.now();
  }

  /** If now is outside the working-day window, moves to the next window (09:30 local). */
  intoWindow(): Date {
    const now = this.now();
    if (inDeliveryWindow(now, this.cal)) return now;
    const today = localDate(now, this.cal.timeZone);
    const early = now.getTime() < zonedInstant(today, OPEN_MINUTES, this.cal.timeZone).getTime();
    const day = nextWorkingDayOnOrAfter(early ? today : addCalendarDays(today, 1), this.cal.nation);
    return this.jumpTo(zonedInstant(day, OPEN_MINUTES, this.cal.timeZone));
  }

  /** 09:30 local on the next working day after today (`days` working days on). */
  nextWorkingDay(days = 1): Date {
    const today = localDate(this.now(), this.cal.timeZone);
    return this.jumpTo(zonedInstant(addWorkingDays(today, days, this.cal.nation), OPEN_MINUTES, this.cal.timeZone));
  }

  /** 09:30 local on the first of `dates` (YYYY-MM-DD) after today; null when there is none. */
  nextOf(dates: string[]): Date | null {
    const today = localDate(this.now(), this.cal.timeZone);
    const next = [...dates].sort().find((d) => d > today);
    return next ? this.jumpTo(zonedInstant(next, OPEN_MINUTES, this.cal.timeZone)) : null;
  }
}

// The playground's shiftable clock and the demo's week shift: pure date arithmetic on fixed instants.
import { describe, expect, it } from "vitest";
import type { Clock } from "../../src/clock.js";
import { OffsetClock } from "../../src/playground/clock.js";
import { DEMO_ANCHOR, demoShiftWeeks } from "../../src/services/demo.js";

const at = (iso: string): Clock => ({ now: () => new Date(iso) });
const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();

describe("OffsetClock", () => {
  it("starts at the base time when that is inside the 09:00-17:00 working-day window", () => {
    const c = new OffsetClock(at("2026-12-03T11:00:00Z"));
    expect(c.intoWindow().toISOString()).toBe("2026-12-03T11:00:00.000Z");
    expect(c.offset).toBe(0);
  });

  it("at night, on a Friday evening and before 09:00, moves to 09:30 London time of the next working day", () => {
    expect(new OffsetClock(at("2026-12-03T20:00:00Z")).intoWindow().toISOString()).toBe("2026-12-04T09:30:00.000Z");
    expect(new OffsetClock(at("2026-12-04T18:00:00Z")).intoWindow().toISOString()).toBe("2026-12-07T09:30:00.000Z");
    expect(new OffsetClock(at("2026-12-07T06:00:00Z")).intoWindow().toISOString()).toBe("2026-12-07T09:30:00.000Z");
    // British Summer Time: 09:30 in London is 08:30 UTC
    expect(new OffsetClock(at("2026-06-10T03:00:00Z")).intoWindow().toISOString()).toBe("2026-06-10T08:30:00.000Z");
  });

  it("next working day skips weekends and English bank holidays (Christmas, Boxing Day substitute)", () => {
    const c = new OffsetClock(at("2026-12-24T10:00:00Z"));
    // 25 Dec 2026 is a Friday; Boxing Day falls on Saturday, so Monday 28 Dec is the substitute holiday
    expect(c.nextWorkingDay().toISOString()).toBe("2026-12-29T09:30:00.000Z");
    expect(c.nextWorkingDay(5).toISOString()).toBe("2027-01-06T09:30:00.000Z");
  });

  it("never goes backwards, and keeps running with the base clock", () => {
    let t = Date.parse("2026-12-03T10:00:00Z");
    const c = new OffsetClock({ now: () => new Date(t) });
    c.jumpTo(new Date("2026-12-10T10:00:00Z"));
    c.jumpTo(new Date("2026-12-05T10:00:00Z"));
    expect(c.now().toISOString()).toBe("2026-12-10T10:00:00.000Z");
    t += 60_000;
    expect(c.now().toISOString()).toBe("2026-12-10T10:01:00.000Z");
  });

  it("jumps to the next board meeting after today, or says there is none", () => {
    const c = new OffsetClock(at("2026-12-03T10:00:00Z"));
    expect(c.nextOf(["2027-01-14", "2026-12-03", "2026-12-17"])?.toISOString()).toBe("2026-12-17T09:30:00.000Z");
    expect(c.nextOf(["2026-12-01"])).toBeNull();
  });
});

describe("demo date shift", () => {
  it("moves by whole weeks, so every shifted date keeps its weekday and the anchor lands within 3 days of today", () => {
    for (const today of ["2026-12-03", "2026-12-05", "2027-03-29", "2030-07-15", "2030-01-01"]) {
      const weeks = demoShiftWeeks(today);
      const anchor = new Date(`${DEMO_ANCHOR}T00:00:00Z`);
      const shifted = new Date(anchor.getTime() + weeks * 7 * 86_400_000).toISOString().slice(0, 10);
      expect(weekday(shifted)).toBe(weekday(DEMO_ANCHOR));
      expect(Math.abs(Date.parse(shifted) - Date.parse(today))).toBeLessThanOrEqual(3 * 86_400_000);
    }
  });
});

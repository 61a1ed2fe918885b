// Working days per UK nation and the delivery window in a person's zone (DST-safe).
import { describe, expect, it } from "vitest";
import { addWorkingDays, inDeliveryWindow, isWorkingDay, localDate, nextWindowOpen, zonedInstant } from "../../src/core/calendar.js";
import { currentPhase } from "../../src/core/reminders/phases.js";
import { DEFAULT_POLICY, PolicyError, parsePolicy } from "../../src/core/reminders/policy.js";
import { snoozeUntil } from "../../src/services/snooze.js";

describe("working days", () => {
  it("knows each nation's bank holidays", () => {
    expect(isWorkingDay("2017-08-28", "ENG")).toBe(false); // Summer bank holiday (E&W, NI)
    expect(isWorkingDay("2017-08-28", "SCT")).toBe(true);
    expect(isWorkingDay("2017-08-07", "SCT")).toBe(false); // Scotland's summer holiday
    expect(isWorkingDay("2017-11-30", "SCT")).toBe(false); // St Andrew's Day
    expect(isWorkingDay("2017-11-30", "ENG")).toBe(true);
    expect(isWorkingDay("2018-01-02", "SCT")).toBe(false); // 2 January
    expect(isWorkingDay("2018-01-02", "WLS")).toBe(true);
    expect(isWorkingDay("2018-03-19", "NIR")).toBe(false); // St Patrick's Day (substitute Monday)
    expect(isWorkingDay("2018-07-12", "NIR")).toBe(false); // Battle of the Boyne
    expect(isWorkingDay("2017-09-16", "ENG")).toBe(false); // Saturday
    expect(isWorkingDay("2017-12-27", "ENG")).toBe(true);
  });

  it("adds and subtracts working days, skipping weekends and holidays", () => {
    expect(addWorkingDays("2017-08-25", 1, "ENG")).toBe("2017-08-29"); // Fri -> Tue over the bank holiday
    expect(addWorkingDays("2017-08-25", 1, "SCT")).toBe("2017-08-28");
    expect(addWorkingDays("2017-08-31", -3, "ENG")).toBe("2017-08-25");
    expect(addWorkingDays("2017-12-07", -10, "SCT")).toBe("2017-11-22");
    expect(addWorkingDays("2017-12-07", -10, "ENG")).toBe("2017-11-23");
    expect(addWorkingDays("2017-12-22", 1, "ENG")).toBe("2017-12-27");
  });
});

describe("delivery window (Europe/London, DST)", () => {
  const eng = { timeZone: "Europe/London", nation: "ENG" };
  it("opens at 09:00 local time on both sides of the October change", () => {
    expect(inDeliveryWindow(new Date("2017-10-27T07:59:00Z"), eng)).toBe(false); // 08:59 BST
    expect(inDeliveryWindow(new Date("2017-10-27T08:00:00Z"), eng)).toBe(true); // 09:00 BST
    expect(inDeliveryWindow(new Date("2017-10-30T08:00:00Z"), eng)).toBe(false); // 08:00 GMT
    expect(inDeliveryWindow(new Date("2017-10-30T09:00:00Z"), eng)).toBe(true);
    expect(inDeliveryWindow(new Date("2017-10-30T16:59:00Z"), eng)).toBe(true);
    expect(inDeliveryWindow(new Date("2017-10-30T17:00:00Z"), eng)).toBe(false);
    expect(inDeliveryWindow(new Date("2017-08-28T10:00:00Z"), eng)).toBe(false); // bank holiday
  });
  it("finds the next window and local dates in other zones", () => {
    expect(nextWindowOpen(new Date("2017-10-27T16:30:00Z"), eng).toISOString()).toBe("2017-10-30T09:00:00.000Z"); // Fri 17:30 BST -> Mon 09:00 GMT
    expect(nextWindowOpen(new Date("2017-03-24T17:00:00Z"), eng).toISOString()).toBe("2017-03-27T08:00:00.000Z"); // spring forward
    expect(localDate(new Date("2017-10-29T23:30:00Z"), "Europe/London")).toBe("2017-10-29");
    expect(localDate(new Date("2017-06-29T23:30:00Z"), "Europe/London")).toBe("2017-06-30");
    expect(zonedInstant("2017-07-03", 9 * 60, "America/New_York").toISOString()).toBe("2017-07-03T13:00:00.000Z");
  });
});

describe("reminder phases", () => {
  it("is upcoming, due, then an overdue chaser every 5 working days", () => {
    const p = DEFAULT_POLICY;
    expect(currentPhase("2017-08-31", "2017-08-15", "ENG", p)).toBeNull();
    expect(currentPhase("2017-08-31", "2017-08-16", "ENG", p)).toEqual({ kind: "upcoming", date: "2017-08-16", chaser: 0 });
    expect(currentPhase("2017-08-31", "2017-08-29", "ENG", p)).toEqual({ kind: "upcoming", date: "2017-08-25", chaser: 0 });
    expect(currentPhase("2017-08-31", "2017-09-06", "ENG", p)).toEqual({ kind: "due", date: "2017-08-31", chaser: 0 });
    expect(currentPhase("2017-08-31", "2017-09-07", "ENG", p)).toEqual({ kind: "overdue", date: "2017-09-07", chaser: 1 });
    expect(currentPhase("2017-08-31", "2017-09-18", "ENG", p)).toEqual({ kind: "overdue", date: "2017-09-14", chaser: 2 });
    expect(currentPhase("2017-09-30", "2017-09-29", "ENG", p)).toEqual({ kind: "due", date: "2017-09-29", chaser: 0 }); // Saturday due
  });
});

describe("policy", () => {
  it("merges per-plan overrides and rejects bad ones by name", () => {
    expect(parsePolicy(null)).toEqual(DEFAULT_POLICY);
    const p = parsePolicy('{"upcomingWorkingDays":[2,5],"cycleWorkingDays":3,"windowStart":"08:30"}', "thurrock");
    expect(p.upcomingWorkingDays).toEqual([5, 2]);
    expect(p.cycleWorkingDays).toBe(3);
    expect(p.windowStart).toBe("08:30");
    expect(p.chaserEveryWorkingDays).toBe(5);
    expect(() => parsePolicy('{"chaserEveryWorkingDays":-1}', "devon")).toThrow(
      /devon: Plan.policyJson is invalid — chaserEveryWorkingDays/,
    );
    expect(() => parsePolicy('{"windowStart":"9am"}', "x")).toThrow(PolicyError);
    expect(() => parsePolicy('{"nonsense":1}', "x")).toThrow(/nonsense|Unrecognized/);
    expect(() => parsePolicy("{", "x")).toThrow(/not valid JSON/);
    expect(() => parsePolicy('{"windowStart":"17:00","windowEnd":"09:00"}', "x")).toThrow(/windowEnd/);
  });
});

describe("snooze end", () => {
  const eng = { timeZone: "Europe/London", nation: "ENG" };
  it("counts in the person's working days and lands at 09:00 local", () => {
    expect(snoozeUntil("tomorrow", new Date("2017-08-25T10:00:00Z"), eng).toISOString()).toBe("2017-08-29T08:00:00.000Z"); // over the bank holiday
    expect(snoozeUntil("3days", new Date("2017-10-27T10:00:00Z"), eng).toISOString()).toBe("2017-11-01T09:00:00.000Z"); // GMT after the change
    expect(snoozeUntil("next_week", new Date("2017-08-23T10:00:00Z"), eng).toISOString()).toBe("2017-08-29T08:00:00.000Z"); // Mon is a holiday
    expect(snoozeUntil("tomorrow", new Date("2017-11-29T10:00:00Z"), { timeZone: "Europe/London", nation: "SCT" }).toISOString()).toBe(
      "2017-12-01T09:00:00.000Z",
    );
  });
});

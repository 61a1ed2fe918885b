import { describe, expect, it } from "vitest";
import { parseUkDate } from "../../src/core/dates.js";

const due = (raw: string) => parseUkDate(raw).due;

describe("parseUkDate: dates as councils write them", () => {
  it("reads a month alone as its last day", () => {
    expect(due("Sept 17")).toBe("2017-09-30");
    expect(due("Jan-18")).toBe("2018-01-31");
    expect(due("Feb 16 - -")).toBe("2016-02-29"); // leap year
    expect(due("Nov 2017")).toBe("2017-11-30");
    expect(due("From August 18")).toBe("2018-08-31");
  });

  it("reads full dates, day first", () => {
    expect(due("16 Mar 2023")).toBe("2023-03-16");
    expect(due("31 August 2023")).toBe("2023-08-31");
    expect(due("01 April 2018")).toBe("2018-04-01");
    expect(due("01/02/18")).toBe("2018-02-01");
    expect(due("1 st April 18")).toBe("2018-04-01");
    expect(due("2018-01-31")).toBe("2018-01-31");
  });

  it("reads 01/16/2018 as US order (only possible reading), keeping the raw text and saying so", () => {
    const p = parseUkDate("01/16/2018");
    expect(p).toMatchObject({ kind: "date", due: "2018-01-16", raw: "01/16/2018" });
    expect(p.note).toMatch(/US/);
  });

  it("keeps every date of a multi-date cell and takes the latest as due", () => {
    expect(parseUkDate("Dec 17 , April 18")).toMatchObject({ due: "2018-04-30", dates: ["2017-12-31", "2018-04-30"] });
    expect(parseUkDate("Started April 2016 Project end March 2018")).toMatchObject({
      due: "2018-03-31",
      dates: ["2016-04-30", "2018-03-31"],
    });
    expect(parseUkDate("Oct 17 Nov 17 April 18").dates).toEqual(["2017-10-31", "2017-11-30", "2018-04-30"]);
    expect(parseUkDate("Mar 17\nMar 17\nMar 17")).toMatchObject({ due: "2017-03-31", dates: ["2017-03-31"] });
  });

  it("gives bare months the year written after them, or carries forward", () => {
    expect(parseUkDate("Sept, Nov 17, Jan, March 18").dates).toEqual(["2017-09-30", "2017-11-30", "2018-01-31", "2018-03-31"]);
    expect(parseUkDate("Sept 17 Dec/March / June").dates).toEqual(["2017-09-30", "2017-12-31", "2018-03-31", "2018-06-30"]);
  });

  it("ignores words around a date", () => {
    expect(due("Jan 18 (Eclipse go live)")).toBe("2018-01-31");
    expect(due("Ongoing July 17 Ongoing")).toBe("2017-07-31");
  });

  it("reads a bare year as 31 December and a financial year as 31 March", () => {
    expect(due("2024")).toBe("2024-12-31");
    expect(due("2017/18")).toBe("2018-03-31");
  });

  it("gives no date for schedules and placeholders, without calling them unreadable", () => {
    for (const raw of ["Termly", "Termly monitoring", "As required", "Ongoing", "TBC", "Started", "Started -", "", "July/Oct/Jan/May"]) {
      expect(parseUkDate(raw), raw).toMatchObject({ kind: "none", due: null, raw });
    }
  });

  it("never invents a date: unreadable cells say so", () => {
    for (const raw of ["Jun", "31/02/18", "Quarter 2, 2017", "12th"]) {
      expect(parseUkDate(raw), raw).toMatchObject({ kind: "unreadable", due: null, dates: [], raw });
    }
  });
});

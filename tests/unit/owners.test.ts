import { describe, expect, it } from "vitest";
import { initialsOf, normaliseName, splitOwners } from "../../src/core/owners.js";

const names = (raw: string) => splitOwners(raw).map((o) => o.name);

describe("owners", () => {
  it("normalises names so the same person matches across rows and plans", () => {
    expect(normaliseName("S  Murphy")).toBe(normaliseName("s murphy"));
    expect(normaliseName("Caroline O’Neill")).toBe(normaliseName("Caroline O'Neill"));
    expect(normaliseName(" Head of Children's Services ")).toBe(normaliseName("Head of Children’s Services"));
    expect(normaliseName("CH?")).toBe("ch");
  });

  it("splits initials and repeated per-milestone owners", () => {
    expect(names("AA/RG")).toEqual(["AA", "RG"]);
    expect(names("VC/JK VC/JK VC/JK")).toEqual(["VC", "JK"]);
    expect(splitOwners("JM MM AMs")).toEqual([
      { name: "JM", roleTitle: null, isPost: false },
      { name: "MM", roleTitle: null, isPost: false },
      { name: "AMs", roleTitle: null, isPost: true },
    ]);
    expect(names("CH?")).toEqual(["CH"]);
  });

  it("keeps role titles apart from names", () => {
    expect(splitOwners("Rachel Barnes – Head of Supporting Our Children Sara McCartan – Head of Adolescent Service")).toEqual([
      { name: "Rachel Barnes", roleTitle: "Head of Supporting Our Children", isPost: false },
      { name: "Sara McCartan", roleTitle: "Head of Adolescent Service", isPost: false },
    ]);
    expect(splitOwners("Keelley Pullen Headteacher Virtual School")).toEqual([
      { name: "Keelley Pullen", roleTitle: "Headteacher Virtual School", isPost: false },
    ]);
  });

  it("treats posts and groups with no name as the owner itself", () => {
    expect(splitOwners("All SMT")).toEqual([{ name: "All SMT", roleTitle: null, isPost: true }]);
    expect(splitOwners("Strategic Leads and Service Managers")).toEqual([
      { name: "Strategic Leads and Service Managers", roleTitle: null, isPost: true },
    ]);
    expect(splitOwners("DCS")[0]?.isPost).toBe(true);
    expect(names("Head of Planning and Service Strategy Head of ICT")).toEqual(["Head of Planning and Service Strategy", "Head of ICT"]);
    expect(names("Head of Children's Services  Strategic Manager, Think Family Services")).toEqual([
      "Head of Children's Services",
      "Strategic Manager, Think Family Services",
    ]);
    expect(names("Strategic Manager, Children's Services Reform/Strategic Manager, Service Quality and Development")).toEqual([
      "Strategic Manager, Children's Services Reform",
      "Strategic Manager, Service Quality and Development",
    ]);
  });

  it("splits two names written side by side or joined", () => {
    expect(names("Joe Tynan Janet Simon")).toEqual(["Joe Tynan", "Janet Simon"]);
    expect(names("Karen Robb / Gill Horrobin")).toEqual(["Karen Robb", "Gill Horrobin"]);
    expect(splitOwners("Wendy Brown and improvement consultant")).toEqual([
      { name: "Wendy Brown", roleTitle: null, isPost: false },
      { name: "improvement consultant", roleTitle: null, isPost: true },
    ]);
    expect(names("S Murphy")).toEqual(["S Murphy"]);
    expect(splitOwners("")).toEqual([]);
  });

  it("derives initials for people, not posts", () => {
    expect(initialsOf("Rachel Barnes")).toBe("RB");
    expect(initialsOf("S Murphy")).toBe("SM");
    expect(initialsOf("AA")).toBe("AA");
    expect(initialsOf("Head of ICT")).toBeNull();
    expect(initialsOf("All SMT")).toBeNull();
  });
});

// People services in-process (the CLI suites drive the same code through a child process).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addAdmin, PeopleInputError, peopleList, setPerson } from "../../src/services/people.js";
import { importPeople } from "../../src/services/peopleImport.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { type Seed, seed } from "./access.seed.js";

let t: TestDb;
let s: Seed;
beforeAll(async () => {
  t = await createSqliteTestDb();
  s = await seed(t.db);
});
afterAll(async () => t?.cleanup());

describe("setPerson", () => {
  it("creates only with create, stores initials, and clears values with null", async () => {
    await expect(setPerson(t.db, "Rory Patterson", { slackUserId: "U0RORY001" })).rejects.toBeInstanceOf(PeopleInputError);
    const p = await setPerson(t.db, "Rory  Patterson", { slackUserId: "U0RORY001", email: "Rory@Thurrock.gov.uk" }, { create: true });
    expect(p).toMatchObject({ name: "Rory Patterson", normName: "rory patterson", initials: "RP", email: "rory@thurrock.gov.uk" });
    const cleared = await setPerson(t.db, "rory patterson", { slackUserId: null, deputy: "Kara Haskayne" });
    expect(cleared.slackUserId).toBeNull();
    expect(cleared.deputyId).toBe(s.people.kara);
    await expect(setPerson(t.db, "Rory Patterson", { deputy: "Rory Patterson" })).rejects.toThrow(/own deputy/);
  });

  it("lists every problem at once and writes nothing", async () => {
    const err = await setPerson(t.db, "Kara Haskayne", {
      slackUserId: "bad id",
      timeZone: "Europe/Nowhere",
      nation: "UK",
      awayUntil: "31/01/2018",
    }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(PeopleInputError);
    const msg = (err as Error).message;
    for (const part of ["--slack", "--tz", "--nation", "--away-until"]) expect(msg).toContain(part);
    expect((await t.db.person.findUniqueOrThrow({ where: { id: s.people.kara } })).slackUserId).toBe("UKARA001");
  });
});

describe("addAdmin / peopleList", () => {
  it("adds a plan admin once", async () => {
    expect(await addAdmin(t.db, "thurrock", "olive outsider")).toMatchObject({
      added: true,
      person: "Olive Outsider",
      plan: "Thurrock Plan",
    });
    expect((await addAdmin(t.db, "thurrock", "Olive Outsider")).added).toBe(false);
    await expect(addAdmin(t.db, "thurrock", "Nobody")).rejects.toThrow(/Nobody called "Nobody"/);
  });
  it("unmapped = no Slack id, no Teams id, no Teams conversation; lists plans owned or led", async () => {
    const unmapped = (await peopleList(t.db, { unmapped: true })).map((p) => p.name);
    expect(unmapped).toEqual(["Bob Board", "Gina Global", "Rory Patterson"]);
    const all = await peopleList(t.db);
    expect(all.find((p) => p.name === "Lena Lead")?.planKeys).toEqual(["dev"]);
    expect(all.find((p) => p.name === "Kara Haskayne")?.planKeys).toEqual(["dev"]);
    expect(all.find((p) => p.name === "Rory Patterson")?.deputyName).toBe("Kara Haskayne");
    expect(all.find((p) => p.name === "Lena Lead")?.deputyName).toBeNull();
  });
});

describe("importPeople", () => {
  it("dry run reports without writing; a deputy on a rejected row is named", async () => {
    const csv = "name,slack_user_id,time_zone,deputy\nNew One,U0NEW0001,Europe/London,New Two\nNew Two,,Not/AZone,\n";
    const r = await importPeople(t.db, csv, { dryRun: true });
    expect(r.written).toBe(false);
    expect(r.errors).toEqual([
      { row: 1, column: "deputy", message: 'deputy "New Two" is on row 2, which has errors' },
      { row: 2, column: "time_zone", message: '"Not/AZone" is not an IANA time zone (e.g. Europe/London)' },
    ]);
    expect(await t.db.person.count({ where: { name: { startsWith: "New " } } })).toBe(0);
  });
  it("rejects malformed CSV and an empty file clearly", async () => {
    await expect(importPeople(t.db, 'name,email\n"Unclosed,x@y.z\n')).rejects.toThrow(/not valid CSV/);
    await expect(importPeople(t.db, "")).rejects.toThrow(/empty/);
  });
});

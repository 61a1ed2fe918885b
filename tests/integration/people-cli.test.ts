// `ragtime people import|set|list` end to end: real CLI process, real SQLite, the Thurrock fixture imported.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importPlan } from "../../src/services/importPlan.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { FIXTURES, runCli } from "./cli.helper.js";

let t: TestDb;
let dir: string;

beforeAll(async () => {
  t = await createSqliteTestDb();
  dir = mkdtempSync(join(tmpdir(), "ragtime-people-"));
  const r = await importPlan(t.db, {
    file: join(FIXTURES, "thurrock-development-plan.csv"),
    planKey: "thurrock",
    now: new Date("2018-06-01T09:00:00Z"),
  });
  expect(r.written).toBe(true);
});
afterAll(async () => {
  await t?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("ragtime people import", { timeout: 240_000 }, () => {
  it("maps plan people by normalised name, reports bad rows by row and column, imports the rest", async () => {
    const before = await t.db.person.count();
    const murphyBefore = await t.db.person.findFirstOrThrow({ where: { name: "S Murphy" } });
    const file = join(dir, "people.csv");
    writeFileSync(
      file,
      [
        "Name,Email,Slack_User_ID,Teams_User_ID,Time_Zone,Nation,Deputy,Notes",
        "s  murphy,S.Murphy@thurrock.gov.uk,U0SMURPHY,,Europe/London,ENG,Joe Tynan,director",
        "Joe Tynan,,,29:joe-tynan,Europe/London,eng,,",
        "Janet Simon,janet.simon@thurrock.gov.uk,,,Mars/Olympus,ENG,,",
        "Wendy Brown,,,,,England,,",
        "Agency Lead,agency@thurrock.gov.uk,U0AGENCY1,,Europe/Belfast,NIR,S Murphy,",
        "Clare Moore,,U0SMURPHY,,,,,",
        "Keelley Pullen,,,,,,Nobody Known,",
      ].join("\n"),
    );
    const r = await runCli(["people", "import", file], t.url);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("7 rows — 1 new, 2 updated");
    expect(r.stdout).toContain("ignored columns: Notes");
    expect(r.stderr).toContain("row 3, column time_zone:");
    expect(r.stderr).toContain("Mars/Olympus");
    expect(r.stderr).toContain('row 4, column nation: "England" is not a nation: use ENG, WLS, SCT or NIR');
    expect(r.stderr).toContain("row 6, column slack_user_id: U0SMURPHY is already given to row 1");
    expect(r.stderr).toContain('row 7, column deputy: nobody called "Nobody Known"');

    // S Murphy matched, not duplicated; only "Agency Lead" is new
    expect(await t.db.person.count()).toBe(before + 1);
    const murphy = await t.db.person.findUniqueOrThrow({ where: { id: murphyBefore.id }, include: { deputy: true } });
    expect(murphy).toMatchObject({ slackUserId: "U0SMURPHY", email: "s.murphy@thurrock.gov.uk", nation: "ENG" });
    expect(murphy.deputy?.name).toBe("Joe Tynan");
    const joe = await t.db.person.findFirstOrThrow({ where: { name: "Joe Tynan" } });
    expect(joe.teamsUserId).toBe("29:joe-tynan");
    const agency = await t.db.person.findFirstOrThrow({ where: { name: "Agency Lead" } });
    expect(agency).toMatchObject({ timeZone: "Europe/Belfast", nation: "NIR", deputyId: murphy.id });
    // rejected rows changed nothing
    expect((await t.db.person.findFirstOrThrow({ where: { name: "Janet Simon" } })).email).toBeNull();
    expect((await t.db.person.findFirstOrThrow({ where: { name: "Clare Moore" } })).slackUserId).toBeNull();
  });

  it("re-importing the good rows changes nothing; --json reports per row", async () => {
    const file = join(dir, "again.csv");
    writeFileSync(file, "name,slack_user_id,deputy\nS Murphy,U0SMURPHY,Joe Tynan\n");
    const r = await runCli(["people", "import", file, "--json"], t.url);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ rows: 1, created: 0, updated: 0, unchanged: 1, written: true, errors: [] });
  });

  it("--strict writes nothing when a row is bad; a file without a name column is refused with exit 2", async () => {
    const file = join(dir, "strict.csv");
    writeFileSync(file, "name,slack_user_id,nation\nWendy Brown,U0WENDY01,ENG\nNeale Laurie,,Mordor\n");
    const r = await runCli(["people", "import", file, "--strict"], t.url);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("nothing written");
    expect((await t.db.person.findFirstOrThrow({ where: { name: "Wendy Brown" } })).slackUserId).toBeNull();

    const noName = join(dir, "noname.csv");
    writeFileSync(noName, "who,email\nX,x@y.z\n");
    const bad = await runCli(["people", "import", noName], t.url);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('no "name" column');
  });
});

describe("ragtime people set", { timeout: 240_000 }, () => {
  it("sets accounts, zone, nation, deputy, away date and @mention consent", async () => {
    const r = await runCli(
      [
        "people",
        "set",
        "clare  moore",
        "--slack",
        "U0CLARE01",
        "--tz",
        "Europe/London",
        "--nation",
        "wls",
        "--deputy",
        "Janet Simon",
        "--away-until",
        "2018-07-01",
        "--mentions",
        "on",
      ],
      t.url,
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Clare Moore: slack U0CLARE01");
    const p = await t.db.person.findFirstOrThrow({ where: { name: "Clare Moore" }, include: { deputy: true } });
    expect(p).toMatchObject({ slackUserId: "U0CLARE01", nation: "WLS", mentionOptIn: true });
    expect(p.awayUntil?.toISOString()).toBe("2018-07-01T00:00:00.000Z");
    expect(p.deputy?.name).toBe("Janet Simon");

    const clear = await runCli(["people", "set", "Clare Moore", "--away-until", "none", "--mentions", "off"], t.url);
    expect(clear.code).toBe(0);
    expect(await t.db.person.findFirstOrThrow({ where: { name: "Clare Moore" } })).toMatchObject({ awayUntil: null, mentionOptIn: false });
  });

  it("refuses bad values and unknown people with exit 2, changing nothing", async () => {
    const bad = await runCli(["people", "set", "Clare Moore", "--tz", "London", "--nation", "XX", "--slack", "U0SMURPHY"], t.url);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--tz: "London" is not an IANA time zone');
    expect(bad.stderr).toContain("--nation");
    expect(bad.stderr).toContain("U0SMURPHY already belongs to S Murphy");
    expect((await t.db.person.findFirstOrThrow({ where: { name: "Clare Moore" } })).timeZone).toBe("Europe/London");

    const unknown = await runCli(["people", "set", "Sheila Murphie", "--slack", "U0SHEILA1"], t.url);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Nobody called "Sheila Murphie"');
    expect(unknown.stderr).toContain("Sheila Murphy");
  });
});

describe("ragtime people list", { timeout: 240_000 }, () => {
  it("--unmapped lists only people with no Slack, Teams id or Teams conversation, with the plans they own items in", async () => {
    const janetD = await t.db.person.findFirstOrThrow({ where: { name: "Janet D" } });
    await t.db.conversationRef.create({
      data: { conversationId: "a:janet-d", kind: "personal", serviceUrl: "https://smba.example/", personId: janetD.id },
    });
    const r = await runCli(["people", "list", "--unmapped", "--json"], t.url);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { name: string; plans: string[]; unmapped: boolean }[];
    const names = rows.map((x) => x.name);
    for (const mapped of ["S Murphy", "Joe Tynan", "Clare Moore", "Agency Lead", "Janet D"]) expect(names).not.toContain(mapped);
    expect(names).toContain("Wendy Brown");
    expect(rows.every((x) => x.unmapped)).toBe(true);
    expect(rows.find((x) => x.name === "Wendy Brown")?.plans).toEqual(["thurrock"]);
    const expected = await t.db.person.count({ where: { slackUserId: null, teamsUserId: null, conversations: { none: {} } } });
    expect(rows).toHaveLength(expected);

    const text = await runCli(["people", "list"], t.url);
    expect(text.stdout).toMatch(/S Murphy\s+U0SMURPHY/);
    expect(text.stdout).toContain("(installed)");
  });
});

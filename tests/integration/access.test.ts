import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canRecord, isGlobalAdmin, parseAdmins, plansVisibleTo } from "../../src/services/access.js";
import { findPersonByPlatformId } from "../../src/services/people.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { type Seed, seed } from "./access.seed.js";

let t: TestDb;
let s: Seed;
const noAdmins = { admins: "" };

beforeAll(async () => {
  t = await createSqliteTestDb();
  s = await seed(t.db);
});
afterAll(async () => t?.cleanup());

describe("findPersonByPlatformId", () => {
  it("finds by Slack id, Teams id and e-mail (any case), null when unmapped", async () => {
    expect((await findPersonByPlatformId(t.db, { slackUserId: "UKARA001" }))?.id).toBe(s.people.kara);
    expect((await findPersonByPlatformId(t.db, { teamsUserId: "29:lena" }))?.id).toBe(s.people.lena);
    expect((await findPersonByPlatformId(t.db, { email: "Kara@Council.gov.uk" }))?.id).toBe(s.people.kara);
    expect(await findPersonByPlatformId(t.db, { slackUserId: "UNOBODY1" })).toBeNull();
    expect(await findPersonByPlatformId(t.db, {})).toBeNull();
  });

  it("finds a Teams user by the AAD object id of their installed conversation", async () => {
    await t.db.conversationRef.create({
      data: {
        conversationId: "a:conv-pat",
        kind: "personal",
        serviceUrl: "https://smba.example/",
        aadObjectId: "aad-pat",
        personId: s.people.pat,
      },
    });
    expect((await findPersonByPlatformId(t.db, { teamsUserId: "aad-pat" }))?.id).toBe(s.people.pat);
  });
});

describe("canRecord", () => {
  it("allows the owner without on-behalf-of", async () => {
    expect(await canRecord(t.db, s.milestoneId, s.people.kara, noAdmins)).toEqual({ allowed: true, reason: "owner", onBehalfOf: null });
  });
  it("allows the owner's deputy on behalf of the owner", async () => {
    expect(await canRecord(t.db, s.milestoneId, s.people.dave, noAdmins)).toEqual({
      allowed: true,
      reason: "deputy",
      onBehalfOf: s.people.kara,
    });
  });
  it("allows the action lead and the plan admin", async () => {
    expect((await canRecord(t.db, s.milestoneId, s.people.lena, noAdmins)).reason).toBe("lead");
    expect((await canRecord(t.db, s.milestoneId, s.people.pat, noAdmins)).reason).toBe("plan_admin");
  });
  it("refuses someone unrelated, and an admin of another plan", async () => {
    expect(await canRecord(t.db, s.milestoneId, s.people.olive, noAdmins)).toEqual({
      allowed: false,
      reason: "forbidden",
      onBehalfOf: null,
    });
    // Pat administers "dev", not "thurrock"
    expect((await canRecord(t.db, s.numericMilestoneId, s.people.pat, noAdmins)).allowed).toBe(false);
  });
  it("allows global admins named in RAGTIME_ADMINS by e-mail, Slack id or name", async () => {
    expect((await canRecord(t.db, s.milestoneId, s.people.gina, { admins: "x@y.z, GINA@council.gov.uk" })).reason).toBe("global_admin");
    expect((await canRecord(t.db, s.milestoneId, s.people.olive, { admins: "UOLIVE01" })).reason).toBe("global_admin");
    expect((await canRecord(t.db, s.milestoneId, s.people.olive, { admins: "olive  OUTSIDER" })).reason).toBe("global_admin");
    expect((await canRecord(t.db, s.milestoneId, s.people.gina, noAdmins)).allowed).toBe(false);
  });
  it("takes global admins only from its caller (config.ts reads the environment, services never do)", async () => {
    const before = process.env.RAGTIME_ADMINS;
    process.env.RAGTIME_ADMINS = "gina@council.gov.uk";
    try {
      expect((await canRecord(t.db, s.milestoneId, s.people.gina)).allowed).toBe(false);
      expect((await canRecord(t.db, s.milestoneId, s.people.gina, { admins: "gina@council.gov.uk" })).reason).toBe("global_admin");
    } finally {
      if (before === undefined) delete process.env.RAGTIME_ADMINS;
      else process.env.RAGTIME_ADMINS = before;
    }
  });
  it("reports a missing milestone", async () => {
    expect((await canRecord(t.db, "nope", s.people.kara, noAdmins)).reason).toBe("not_found");
  });
});

describe("plansVisibleTo", () => {
  it("owner, lead, deputy, admin, chair and member each see their plans; strangers none", async () => {
    expect(await plansVisibleTo(t.db, s.people.kara, noAdmins)).toEqual([s.planId]);
    expect(await plansVisibleTo(t.db, s.people.dave, noAdmins)).toEqual([s.planId]);
    expect(await plansVisibleTo(t.db, s.people.lena, noAdmins)).toEqual([s.planId]);
    expect(await plansVisibleTo(t.db, s.people.pat, noAdmins)).toEqual([s.planId]);
    expect(await plansVisibleTo(t.db, s.people.olive, noAdmins)).toEqual([s.plan2Id]);
    expect(await plansVisibleTo(t.db, s.people.gina, noAdmins)).toEqual([s.plan2Id]);
    expect(await plansVisibleTo(t.db, s.people.bob, noAdmins)).toEqual([s.plan2Id]);
    expect(await plansVisibleTo(t.db, null, noAdmins)).toEqual([]);
  });
  it("a global admin sees every plan", async () => {
    const all = [s.planId, s.plan2Id].sort();
    expect(await plansVisibleTo(t.db, s.people.bob, { admins: "Bob Board" })).toEqual(all);
  });
});

describe("parseAdmins / isGlobalAdmin", () => {
  it("splits, trims and drops blanks", () => {
    expect(parseAdmins(" a@b.c ,, U123 ,Kara Haskayne ")).toEqual(["a@b.c", "U123", "Kara Haskayne"]);
    expect(parseAdmins(undefined)).toEqual([]);
  });
  it("matches a Teams id exactly and a name after normalising", () => {
    const p = { email: null, slackUserId: null, teamsUserId: "29:abc", normName: "s murphy" };
    expect(isGlobalAdmin(p, { admins: "29:abc" })).toBe(true);
    expect(isGlobalAdmin(p, { admins: "S. Murphy" })).toBe(true);
    expect(isGlobalAdmin(p, { admins: "29:ABC,T Murphy" })).toBe(false);
  });
});

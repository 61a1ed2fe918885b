// Questions as people type them: typos, number words, ordinals, shorthand the parser must NOT guess ("p3"),
// "who owns", "what's late", "what did <person> update", "since the last board" — in the plans' own wording
// (section titles and people of the Thurrock, Devon North and Durham fixtures). Totals were read off the CSVs
// (the same figures as the plain phrasings in questions.test.ts).
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerQuestion } from "../../src/services/answer.js";
import { importPlan } from "../../src/services/importPlan.js";
import { recordUpdate } from "../../src/services/recordUpdate.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";

const FIX = join(import.meta.dirname, "../../../shared/fixtures/plans");
const TH = "2018-01-15";
const DN = "2017-10-15";
const DU = "2017-03-01";
const admin = { personId: null, isAdmin: true };
let t: TestDb;

const ask = (q: string, plan: string, asOf: string) => answerQuestion(t.db, q, admin, new Date(`${asOf}T00:00:00Z`), { planKey: plan });

beforeAll(async () => {
  t = await createSqliteTestDb();
  for (const [f, key] of [
    ["thurrock-development-plan.csv", "thurrock"],
    ["devon-north-detailed-plan.csv", "devon-north"],
    ["durham-ofsted-action-plan.csv", "durham"],
  ] as const)
    await importPlan(t.db, { file: join(FIX, f), planKey: key, now: new Date("2017-01-01T09:00:00Z") });
}, 60_000);
afterAll(() => t.cleanup());

interface Row {
  q: string;
  plan: string;
  asOf: string;
  kind: string;
  total: number;
  says?: string[];
}

const P3 = "Priority 3 — Building consistent quality";
const TABLE: Row[] = [
  // number words, ordinals, typos: the same 11 as "what is overdue in priority 3"
  { q: "what's overdue in priority three", plan: "thurrock", asOf: TH, kind: "list", total: 11, says: [`Overdue in ${P3}`] },
  { q: "anything overdue in the third priority?", plan: "thurrock", asOf: TH, kind: "list", total: 11, says: [P3] },
  { q: "overdue in the 3rd priority", plan: "thurrock", asOf: TH, kind: "list", total: 11 },
  { q: "what is ovedue in priority 3", plan: "thurrock", asOf: TH, kind: "list", total: 11, says: [", as of 15 Jan 2018: 11"] },
  { q: "what is overdeu in priority 3", plan: "thurrock", asOf: TH, kind: "list", total: 11 },
  { q: "what is overdue in prority 3", plan: "thurrock", asOf: TH, kind: "list", total: 11 },
  { q: "what's late in priority 3", plan: "thurrock", asOf: TH, kind: "list", total: 11 },
  { q: "what's late", plan: "thurrock", asOf: TH, kind: "list", total: 32, says: ["Overdue in all your plans, as of 15 Jan 2018: 32"] },
  { q: "Whats overdue in priority number eight", plan: "thurrock", asOf: TH, kind: "list", total: 8 },
  {
    q: "late items in the seventh priority",
    plan: "thurrock",
    asOf: TH,
    kind: "list",
    total: 7,
    says: ["Priority 7 — Supporting young people leaving care"],
  },
  { q: "overdue in leaving care", plan: "thurrock", asOf: TH, kind: "list", total: 7 },
  // shorthand is said, not guessed, and never widens the answer
  {
    q: "what is overdue in p3",
    plan: "thurrock",
    asOf: TH,
    kind: "list",
    total: 0,
    says: [`I didn't recognise “p3” — did you mean ${P3}`, "Ask “what is overdue in priority 3”"],
  },
  {
    q: "overdue pri 7",
    plan: "thurrock",
    asOf: TH,
    kind: "list",
    total: 0,
    says: ["I didn't recognise “pri 7” — did you mean Priority 7"],
  },
  { q: "whats overdue t2", plan: "durham", asOf: DU, kind: "list", total: 0, says: ["I didn't recognise “t2” — did you mean Theme 2"] },
  {
    q: "what is overdue xyzzy",
    plan: "thurrock",
    asOf: TH,
    kind: "list",
    total: 32,
    says: ["I didn't recognise “xyzzy”, so I left it out.", "Overdue in all your plans, as of 15 Jan 2018: 32"],
  },
  // Durham's themes
  {
    q: "what is overdue in theme two",
    plan: "durham",
    asOf: DU,
    kind: "list",
    total: 4,
    says: ["Theme 2 — Strengthening political and management oversight"],
  },
  {
    q: "overdue in the first theme",
    plan: "durham",
    asOf: DU,
    kind: "list",
    total: 4,
    says: ["Theme 1 — Strengthening management and staffing capacity"],
  },
  { q: "summary of the third theme", plan: "durham", asOf: DU, kind: "summary", total: 5, says: ["17 milestones", "5 overdue"] },
  { q: "sumary of theme three", plan: "durham", asOf: DU, kind: "summary", total: 5 },
  // who owns: Devon North's refs
  { q: "who owns N7", plan: "devon-north", asOf: DN, kind: "who_owns", total: 3, says: ["Who owns N7", "owned by JK, KM"] },
  { q: "who is responsible for n12?", plan: "devon-north", asOf: DN, kind: "who_owns", total: 1, says: ["owned by CH"] },
  { q: "owner of N99", plan: "devon-north", asOf: DN, kind: "who_owns", total: 0, says: ["I couldn't find an action “N99”"] },
  { q: "how is N7 going", plan: "devon-north", asOf: DN, kind: "status_of", total: 3 },
];

describe("forgiving questions on the fixtures", () => {
  it.each(TABLE)("$q -> $total", async (row) => {
    const a = await ask(row.q, row.plan, row.asOf);
    expect((a.query as { kind: string }).kind).toBe(row.kind);
    expect(a.understood).toBe(true);
    expect(a.total).toBe(row.total);
    for (const s of row.says ?? []) expect(a.text).toContain(s);
    expect(a.card.fallback).toBe(a.text);
  });

  it("the clarification for “p3” offers the corrected question, and that question answers 11", async () => {
    const a = await ask("what is overdue in p3", "thurrock", TH);
    const clarify = (a.query as { clarify?: string[] }).clarify;
    expect(clarify).toEqual(["what is overdue in priority 3"]);
    expect((await ask(clarify![0]!, "thurrock", TH)).total).toBe(11);
  });

  it("“what did <person> update this week” and “what changed since the last board” follow recorded updates", async () => {
    const teresa = (await t.db.person.findFirstOrThrow({ where: { name: "Teresa Goulding" } })).id;
    const hers = await t.db.milestone.findMany({
      where: { owners: { some: { personId: teresa } }, status: { not: "complete" } },
      orderBy: { title: "asc" },
    });
    const detail = (optionId: string, status: "on_track" | "at_risk") => ({
      optionId,
      status,
      statusLabel: optionId,
      percentComplete: null,
      narrative: "Reviewed with the service manager.",
      impact: null,
      evidenceUrl: null,
      revisedDue: null,
      revisedReason: null,
      blockers: null,
    });
    // Thursday 11 Jan 2018: one status change; the same status again on Friday still counts as her update
    for (const [i, at, opt, st] of [
      [0, "2018-01-11T10:00:00Z", "3", "on_track"],
      [1, "2018-01-12T10:00:00Z", hers[1]!.statusLabel ?? "2", "at_risk"],
    ] as const) {
      const r = await recordUpdate(t.db, {
        milestoneId: hers[i]!.id,
        actorPersonId: teresa,
        source: "slack",
        idempotencyKey: `fq-${i}`,
        now: new Date(at),
        detail: detail(opt, st),
      });
      expect(r.ok).toBe(true);
    }
    const mine = await ask("what did Teresa update this week", "thurrock", "2018-01-12");
    expect(mine.query).toMatchObject({ kind: "changed", by: { name: "teresa" } });
    expect(mine.total).toBe(2);
    expect(mine.text).toContain("Updated by Teresa Goulding this week");
    const ovedue = await ask("what has Teresa Goulding updated since 2018-01-11", "thurrock", "2018-01-12");
    expect(ovedue.total).toBe(1);
    const nobody = await ask("what did Neale update this week", "thurrock", "2018-01-12");
    expect(nobody.total).toBe(0);
    expect(nobody.text).toContain("Updated by Neale Laurie this week");
    const board = await ask("what changed since the last board", "thurrock", "2018-01-12");
    expect(board.query).toMatchObject({ kind: "changed", since: { date: null } });
    expect(board.total).toBeGreaterThanOrEqual(1);
    expect(board.text).toContain("Teresa Goulding");
  });
});

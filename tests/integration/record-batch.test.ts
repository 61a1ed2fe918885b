// Several answers recorded at once (services/recordUpdates.ts, behind the batched interaction service) give
// exactly what recording them one at a time gives: the same results (recorded, duplicate, refused and why),
// the same history in the same order, and the milestone left in the same state — duplicates inside the
// batch and of earlier answers, a deputy on behalf of the owner, a refusal, an invalid status, a missing
// milestone, a global admin, and a revised date given twice (counted once).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateDetail } from "../../src/core/cards/detail.js";
import { scaleOf } from "../../src/core/status.js";
import { type RecordInput, type RecordResult, recordUpdate } from "../../src/services/recordUpdate.js";
import { recordUpdates } from "../../src/services/recordUpdates.js";
import type { Db } from "../../src/storage/db.js";
import { createPostgresTestDb, createSqliteTestDb, TEST_POSTGRES_URL, type TestDb } from "../helpers/db.js";
import { type Seed, seed } from "./access.seed.js";

const opts = { admins: "gina@council.gov.uk" };
const at = (min: number) => new Date(Date.UTC(2018, 0, 15, 10, min));

function detail(values: Record<string, string>) {
  const r = validateDetail(values, scaleOf("rag"), "2018-01-15");
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

/** The answers, as (seed) -> inputs; each has its own instant, in order. */
function answers(s: Seed): RecordInput[] {
  const p = s.people;
  const base = { source: "slack" as const, milestoneId: s.milestoneId };
  const list: Omit<RecordInput, "now">[] = [
    { ...base, actorPersonId: p.kara, idempotencyKey: "k0", optionId: "green" }, // recorded before the batch
    { ...base, actorPersonId: p.kara, idempotencyKey: "k1", optionId: "amber" },
    { ...base, actorPersonId: p.kara, idempotencyKey: "k1", optionId: "red" }, // a double click: the first answer
    { ...base, actorPersonId: p.olive, idempotencyKey: "k2", optionId: "green" }, // not hers: refused
    { ...base, actorPersonId: p.dave, idempotencyKey: "k3", optionId: "red" }, // the deputy, for Kara
    {
      ...base,
      actorPersonId: p.pat,
      idempotencyKey: "k4",
      detail: detail({ status: "amber", revised_due: "2018-03-31", revised_reason: "Recruitment slipped", narrative: "Two posts left" }),
    },
    {
      ...base,
      actorPersonId: p.kara,
      idempotencyKey: "k5",
      detail: detail({ status: "amber", revised_due: "2018-03-31", revised_reason: "Same" }),
    },
    { ...base, actorPersonId: p.kara, idempotencyKey: "k6", optionId: "purple" }, // not a status
    { ...base, milestoneId: "no-such-milestone", actorPersonId: p.kara, idempotencyKey: "k7", optionId: "green" },
    { ...base, milestoneId: s.milestone2Id, actorPersonId: p.gina, idempotencyKey: "k8", optionId: "green" }, // global admin
    { ...base, actorPersonId: p.kara, idempotencyKey: "k0", optionId: "red" }, // an answer recorded before: the first
    { ...base, actorPersonId: p.kara, idempotencyKey: "k9", optionId: "green" },
  ];
  return list.map((x, i) => ({ ...x, now: at(i) }));
}

// the two databases give their rows their own ids
const shape = (r: RecordResult) => (r.ok ? { ok: true, duplicate: r.duplicate, recorded: { ...r.recorded, milestoneId: "-" } } : r);

async function state(db: Db, s: Seed) {
  const names = new Map((await db.person.findMany()).map((p) => [p.id, p.name]));
  const history = (await db.statusUpdate.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map((u) => ({
    key: u.idempotencyKey,
    label: u.statusLabel,
    by: names.get(u.byId ?? ""),
    onBehalfOf: u.onBehalfOfId ? names.get(u.onBehalfOfId) : null,
    revisedDue: u.revisedDue?.toISOString() ?? null,
    narrative: u.narrative,
  }));
  const pick = ({
    status,
    statusLabel,
    statusAt,
    due,
    baselineDue,
    revisedDue,
    revisionCount,
    latestUpdate,
    revisedReason,
  }: Record<string, unknown>) => ({
    status,
    statusLabel,
    statusAt,
    due,
    baselineDue,
    revisedDue,
    revisionCount,
    latestUpdate,
    revisedReason,
  });
  const m1 = pick(await db.milestone.findUniqueOrThrow({ where: { id: s.milestoneId } }));
  const m2 = pick(await db.milestone.findUniqueOrThrow({ where: { id: s.milestone2Id } }));
  return { history, m1, m2 };
}

const providers: [string, () => Promise<TestDb>, boolean][] = [
  ["SQLite", createSqliteTestDb, true],
  [TEST_POSTGRES_URL ? "PostgreSQL" : "PostgreSQL (skipped: TEST_POSTGRES_URL not set)", createPostgresTestDb, Boolean(TEST_POSTGRES_URL)],
];

for (const [provider, create, enabled] of providers) {
  describe.skipIf(!enabled)(`${provider}: recordUpdates`, () => {
    let one: TestDb;
    let many: TestDb;
    let s1: Seed;
    let s2: Seed;
    beforeAll(async () => {
      one = await create();
      many = await create();
      s1 = await seed(one.db);
      s2 = await seed(many.db);
    });
    afterAll(async () => {
      await one?.cleanup();
      await many?.cleanup();
    });

    it("gives the results, the history and the milestones that one at a time gives", async () => {
      const a1 = answers(s1);
      const a2 = answers(s2);
      const singly: RecordResult[] = [];
      for (const input of a1) singly.push(await recordUpdate(one.db, input, opts));
      // the first answer was recorded before the batch came
      const batched = [await recordUpdate(many.db, a2[0] as RecordInput, opts), ...(await recordUpdates(many.db, a2.slice(1), opts))];

      expect(batched.map(shape)).toEqual(singly.map(shape));
      expect(batched.map((r) => (r.ok ? (r.duplicate ? "duplicate" : "recorded") : r.reason))).toEqual([
        "recorded",
        "recorded",
        "duplicate",
        "forbidden",
        "recorded",
        "recorded",
        "recorded",
        "invalid",
        "not_found",
        "recorded",
        "duplicate",
        "recorded",
      ]);
      const [x, y] = [await state(one.db, s1), await state(many.db, s2)];
      expect(y).toEqual(x);
      expect(y.history.map((h) => h.key)).toEqual(["k0", "k1", "k3", "k4", "k5", "k8", "k9"]);
      expect(y.history[2]).toMatchObject({ by: "Dave Deputy", onBehalfOf: "Kara Haskayne" });
      // the revised date given twice moved the milestone once; the last answer's status stands
      expect(y.m1).toMatchObject({ revisionCount: 1, statusLabel: "Green", latestUpdate: "Two posts left" });
      expect(y.m2).toMatchObject({ statusLabel: "Green" });
    });

    it("the same answer delivered alone at the same time as in a batch is recorded once", async () => {
      const p = s2.people;
      const base = { source: "slack" as const, milestoneId: s2.milestoneId, actorPersonId: p.kara };
      // the single delivery may commit between the batch's reads and its write (its INSERT then fails on the
      // unique key and the batch is recorded one at a time), or before or after it: k11 is recorded once
      const [batch, alone] = await Promise.all([
        recordUpdates(
          many.db,
          [
            { ...base, idempotencyKey: "k10", optionId: "amber", now: at(31) },
            { ...base, idempotencyKey: "k11", optionId: "green", now: at(32) },
            { ...base, idempotencyKey: "k12", optionId: "green", now: at(33) },
          ],
          opts,
        ),
        recordUpdate(many.db, { ...base, idempotencyKey: "k11", optionId: "green", now: at(30) }, opts),
      ]);
      const k11 = [batch[1], alone].map((r) => (r?.ok ? r.duplicate : r?.reason));
      expect(k11.sort()).toEqual([false, true]);
      expect(batch.map((r) => r.ok)).toEqual([true, true, true]);
      expect(await many.db.statusUpdate.count({ where: { idempotencyKey: { in: ["k10", "k11", "k12"] } } })).toBe(3);
    });
  });
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateDetail } from "../../src/core/cards/detail.js";
import { recordedCard } from "../../src/core/cards/reminder.js";
import { scaleOf } from "../../src/core/status.js";
import { clockTime, recordUpdate } from "../../src/services/recordUpdate.js";
import { createPostgresTestDb, createSqliteTestDb, TEST_POSTGRES_URL, type TestDb } from "../helpers/db.js";
import { type Seed, seed } from "./access.seed.js";

let t: TestDb;
let s: Seed;
const opts = { admins: "" };
const now = new Date("2018-01-15T10:12:00Z"); // GMT: 10:12 in London

const providers: [string, () => Promise<TestDb>, boolean][] = [
  ["SQLite", createSqliteTestDb, true],
  [TEST_POSTGRES_URL ? "PostgreSQL" : "PostgreSQL (skipped: TEST_POSTGRES_URL not set)", createPostgresTestDb, Boolean(TEST_POSTGRES_URL)],
];

for (const [provider, create, enabled] of providers) {
  describe.skipIf(!enabled)(provider, () => {
    beforeAll(async () => {
      t = await create();
      s = await seed(t.db);
    });
    afterAll(async () => t?.cleanup());

    function detail(values: Record<string, string>, scale = "rag") {
      const r = validateDetail(values, scaleOf(scale), "2018-01-15");
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return r.value;
    }

    describe("recordUpdate", () => {
      it("records a status click from the owner in the plan's label and formats the time in their zone", async () => {
        const r = await recordUpdate(
          t.db,
          { milestoneId: s.milestoneId, actorPersonId: s.people.kara, source: "slack", idempotencyKey: "k-amber", now, optionId: "amber" },
          opts,
        );
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.duplicate).toBe(false);
        expect(r.recorded).toMatchObject({
          status: "at_risk",
          statusLabel: "Amber",
          byName: "Kara Haskayne",
          onBehalfOf: null,
          at: "10:12",
          ref: "1.1",
        });
        expect(recordedCard(r.recorded).title).toBe("Amber recorded by Kara Haskayne at 10:12");
        const m = await t.db.milestone.findUniqueOrThrow({ where: { id: s.milestoneId } });
        expect(m).toMatchObject({ status: "at_risk", statusLabel: "Amber" });
        expect(m.statusAt?.toISOString()).toBe(now.toISOString());
      });

      it("a duplicate idempotency key returns the first result and stores nothing", async () => {
        const before = await t.db.statusUpdate.count();
        const first = await t.db.statusUpdate.findUniqueOrThrow({ where: { idempotencyKey: "k-amber" } });
        // a retry that even claims a different option must not change anything
        const r = await recordUpdate(
          t.db,
          {
            milestoneId: s.milestoneId,
            actorPersonId: s.people.kara,
            source: "slack",
            idempotencyKey: "k-amber",
            now: new Date("2018-01-15T11:00:00Z"),
            optionId: "red",
          },
          opts,
        );
        expect(r.ok && r.duplicate).toBe(true);
        if (!r.ok) return;
        expect(r.statusUpdateId).toBe(first.id);
        expect(r.recorded).toMatchObject({ statusLabel: "Amber", at: "10:12" });
        expect(await t.db.statusUpdate.count()).toBe(before);
        expect((await t.db.milestone.findUniqueOrThrow({ where: { id: s.milestoneId } })).statusLabel).toBe("Amber");
      });

      it("concurrent deliveries of the same key record once", async () => {
        const input = {
          milestoneId: s.milestone2Id,
          actorPersonId: s.people.kara,
          source: "teams" as const,
          idempotencyKey: "k-race",
          now,
          optionId: "green",
        };
        const results = await Promise.all([
          recordUpdate(t.db, input, opts),
          recordUpdate(t.db, input, opts),
          recordUpdate(t.db, input, opts),
        ]);
        expect(results.every((r) => r.ok)).toBe(true);
        expect(results.filter((r) => r.ok && !r.duplicate)).toHaveLength(1);
        expect(await t.db.statusUpdate.count({ where: { idempotencyKey: "k-race" } })).toBe(1);
      });

      it("a deputy records on behalf of the owner", async () => {
        const r = await recordUpdate(
          t.db,
          { milestoneId: s.milestoneId, actorPersonId: s.people.dave, source: "slack", idempotencyKey: "k-dave", now, optionId: "green" },
          opts,
        );
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.recorded.onBehalfOf).toBe("Kara Haskayne");
        expect(recordedCard(r.recorded).title).toBe("Green recorded by Dave Deputy on behalf of Kara Haskayne at 10:12");
        const u = await t.db.statusUpdate.findUniqueOrThrow({ where: { idempotencyKey: "k-dave" } });
        expect(u).toMatchObject({
          byId: s.people.dave,
          onBehalfOfId: s.people.kara,
          source: "slack",
          status: "on_track",
          statusLabel: "Green",
        });
      });

      it("refuses an outsider and stores nothing", async () => {
        const before = await t.db.statusUpdate.count();
        const r = await recordUpdate(
          t.db,
          { milestoneId: s.milestoneId, actorPersonId: s.people.olive, source: "slack", idempotencyKey: "k-olive", now, optionId: "red" },
          opts,
        );
        expect(r).toMatchObject({ ok: false, reason: "forbidden" });
        if (!r.ok) expect(r.message).toContain("1.1");
        expect(await t.db.statusUpdate.count()).toBe(before);
      });

      it("rejects an option that is not in the plan's scale, and unknown milestones", async () => {
        const bad = await recordUpdate(
          t.db,
          { milestoneId: s.milestoneId, actorPersonId: s.people.kara, source: "cli", idempotencyKey: "k-bad", now, optionId: "3" },
          opts,
        );
        expect(bad).toMatchObject({ ok: false, reason: "invalid" });
        if (!bad.ok) expect(bad.message).toContain("Green, Amber, Red, Complete");
        const none = await recordUpdate(
          t.db,
          { milestoneId: "gone", actorPersonId: s.people.kara, source: "cli", idempotencyKey: "k-gone", now, optionId: "red" },
          opts,
        );
        expect(none).toMatchObject({ ok: false, reason: "not_found" });
        expect(await t.db.statusUpdate.count({ where: { idempotencyKey: { in: ["k-bad", "k-gone"] } } })).toBe(0);
      });

      it("uses the plan's own scale (Thurrock 1-5)", async () => {
        const r = await recordUpdate(
          t.db,
          {
            milestoneId: s.numericMilestoneId,
            actorPersonId: s.people.olive,
            source: "teams",
            idempotencyKey: "k-num",
            now,
            optionId: "4",
          },
          opts,
        );
        expect(r.ok && r.recorded.statusLabel).toBe("4");
        const m = await t.db.milestone.findUniqueOrThrow({ where: { id: s.numericMilestoneId } });
        expect(m).toMatchObject({ status: "complete", statusLabel: "4" });
      });

      it("a revised date keeps the baseline, moves due, counts revisions and appends history", async () => {
        const d1 = detail({
          status: "amber",
          narrative: "Consultation delayed",
          impact: "Fewer agency staff",
          percent_complete: "40",
          revised_due: "2018-03-31",
          revised_reason: "Consultation extended",
        });
        const r1 = await recordUpdate(
          t.db,
          {
            milestoneId: s.milestoneId,
            actorPersonId: s.people.lena,
            source: "teams",
            idempotencyKey: "k-rev1",
            now,
            detail: d1,
            timeZone: "Europe/Paris",
          },
          opts,
        );
        expect(r1.ok).toBe(true);
        if (!r1.ok) return;
        expect(r1.recorded).toMatchObject({ at: "11:12", revisedDue: "2018-03-31", narrative: "Consultation delayed" });
        let m = await t.db.milestone.findUniqueOrThrow({ where: { id: s.milestoneId } });
        expect(m.baselineDue?.toISOString()).toBe("2018-01-31T00:00:00.000Z");
        expect(m.due?.toISOString()).toBe("2018-03-31T00:00:00.000Z");
        expect(m.revisedDue?.toISOString()).toBe("2018-03-31T00:00:00.000Z");
        expect(m).toMatchObject({
          revisionCount: 1,
          revisedReason: "Consultation extended",
          latestUpdate: "Consultation delayed",
          impact: "Fewer agency staff",
          percentComplete: 40,
        });

        const d2 = detail({ status: "red", revised_due: "2018-06-30", revised_reason: "Budget not agreed" });
        const later = new Date("2018-02-01T09:00:00Z");
        const r2 = await recordUpdate(
          t.db,
          { milestoneId: s.milestoneId, actorPersonId: s.people.kara, source: "slack", idempotencyKey: "k-rev2", now: later, detail: d2 },
          opts,
        );
        expect(r2.ok).toBe(true);
        m = await t.db.milestone.findUniqueOrThrow({ where: { id: s.milestoneId } });
        expect(m.baselineDue?.toISOString()).toBe("2018-01-31T00:00:00.000Z");
        expect(m.due?.toISOString()).toBe("2018-06-30T00:00:00.000Z");
        expect(m).toMatchObject({ revisionCount: 2, revisedReason: "Budget not agreed", status: "off_track", statusLabel: "Red" });
        // the earlier narrative stays the latest update when the new one has none
        expect(m.latestUpdate).toBe("Consultation delayed");

        const history = await t.db.statusUpdate.findMany({
          where: { milestoneId: s.milestoneId },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        });
        expect(history.map((h) => h.idempotencyKey)).toEqual(["k-amber", "k-dave", "k-rev1", "k-rev2"]);
        expect(history[2]).toMatchObject({
          percentComplete: 40,
          narrative: "Consultation delayed",
          revisedReason: "Consultation extended",
          byId: s.people.lena,
        });
        expect(history[3]?.revisedDue?.toISOString()).toBe("2018-06-30T00:00:00.000Z");
      });

      it("a milestone with no baseline and no date gets a due date without inventing a baseline", async () => {
        const d = detail({ status: "green", revised_due: "2018-05-31", revised_reason: "Now scheduled" });
        const r = await recordUpdate(
          t.db,
          { milestoneId: s.milestone2Id, actorPersonId: s.people.kara, source: "cli", idempotencyKey: "k-m2rev", now, detail: d },
          opts,
        );
        expect(r.ok).toBe(true);
        const m = await t.db.milestone.findUniqueOrThrow({ where: { id: s.milestone2Id } });
        expect(m.baselineDue).toBeNull();
        expect(m.due?.toISOString()).toBe("2018-05-31T00:00:00.000Z");
        expect(m.revisionCount).toBe(1);
      });
    });
  });
}

describe("clockTime", () => {
  it("is DST-safe and falls back to London for an unknown zone", () => {
    expect(clockTime(new Date("2018-07-01T08:30:00Z"), "Europe/London")).toBe("09:30");
    expect(clockTime(new Date("2018-01-01T08:30:00Z"), "Europe/London")).toBe("08:30");
    expect(clockTime(new Date("2018-07-01T08:30:00Z"), "America/New_York")).toBe("04:30");
    expect(clockTime(new Date("2018-07-01T08:30:00Z"), "Not/AZone")).toBe("09:30");
  });
});

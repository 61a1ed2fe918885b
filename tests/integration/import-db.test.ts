// Imports into a real SQLite database: upserts by stable keys, people matched across plans, history of
// changed statuses, and bad input that writes nothing wrong.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normaliseName } from "../../src/core/owners.js";
import { ImportError } from "../../src/importer/errors.js";
import { importPlan } from "../../src/services/importPlan.js";
import type { Db } from "../../src/storage/db.js";
import { createPostgresTestDb, createSqliteTestDb, TEST_POSTGRES_URL, type TestDb } from "../helpers/db.js";

const fixtures = join(import.meta.dirname, "../../../shared/fixtures/plans");
const FILES = [
  "devon-improvement-plan",
  "devon-north-detailed-plan",
  "thurrock-development-plan",
  "thurrock-indicators",
  "durham-ofsted-action-plan",
  "durham-recommendations",
];
const NOW = new Date("2026-11-22T10:00:00Z");

const PROVIDERS: [string, () => Promise<TestDb>][] = [["sqlite", createSqliteTestDb]];
if (TEST_POSTGRES_URL) PROVIDERS.push(["postgres", createPostgresTestDb]);
else describe("postgres", () => it.skip("skipped: TEST_POSTGRES_URL is not set", () => {}));

for (const [provider, createDb] of PROVIDERS) {
  describe(provider, () => {
    let h: TestDb;
    let tmp: string;

    beforeAll(async () => {
      h = await createDb();
      tmp = mkdtempSync(join(tmpdir(), "ragtime-importdb-"));
    });
    afterAll(async () => {
      await h.cleanup();
      rmSync(tmp, { recursive: true, force: true });
    });

    async function snapshot(db: Db) {
      const ids = async (rows: Promise<{ id: string }[]>) => (await rows).map((r) => r.id).sort();
      return {
        plans: await ids(db.plan.findMany({ select: { id: true } })),
        sections: await ids(db.section.findMany({ select: { id: true } })),
        actions: await ids(db.action.findMany({ select: { id: true } })),
        milestones: await db.milestone.findMany({
          orderBy: { id: "asc" },
          select: { id: true, key: true, title: true, due: true, baselineDue: true, status: true, statusLabel: true, latestUpdate: true },
        }),
        people: await db.person.findMany({ orderBy: { id: "asc" }, select: { id: true, name: true, normName: true } }),
        owners: (await db.milestoneOwner.findMany()).map((o) => `${o.milestoneId}|${o.personId}`).sort(),
        leads: (await db.actionLead.findMany()).map((o) => `${o.actionId}|${o.personId}`).sort(),
        updates: await ids(db.statusUpdate.findMany({ select: { id: true } })),
      };
    }

    const importFile = (name: string, planKey = name, extra = {}) =>
      importPlan(h.db, { file: name.startsWith("/") ? name : join(fixtures, `${name}.csv`), planKey, now: NOW, ...extra });

    describe("importing the six council plans", () => {
      it("writes every plan and re-importing changes nothing (counts and ids)", async () => {
        for (const f of FILES) {
          const r = await importFile(f);
          expect(r.written, f).toBe(true);
          expect(r.counts?.milestones.created, f).toBe(r.records.length);
        }
        const first = await snapshot(h.db);
        expect(first.plans).toHaveLength(6);
        expect(first.milestones).toHaveLength(42 + 48 + 100 + 21 + 50 + 14);
        for (const f of FILES) {
          const r = await importFile(f);
          expect(r.counts, f).toMatchObject({
            sections: { created: 0, updated: 0 },
            actions: { created: 0, updated: 0 },
            milestones: { created: 0, updated: 0 },
            people: { created: 0 },
            statusUpdates: 0,
          });
        }
        expect(await snapshot(h.db)).toEqual(first);
      });

      it("matches people across rows and plans by normalised name, never duplicating them", async () => {
        const people = await h.db.person.findMany();
        const norms = people.map((p) => p.normName);
        expect(new Set(norms).size).toBe(norms.length);
        // CH leads most of Devon North (also written "CH?"); ML owns rows in both Devon plans
        const ch = people.find((p) => p.normName === "ch");
        expect(ch).toMatchObject({ name: "CH", initials: "CH", isPost: false });
        const ml = people.find((p) => p.normName === "ml");
        const mlPlans = await h.db.plan.findMany({
          where: { actions: { some: { milestones: { some: { owners: { some: { personId: ml?.id } } } } } } },
        });
        expect(mlPlans.map((p) => p.key).sort()).toEqual(["devon-improvement-plan", "devon-north-detailed-plan"]);
        const post = people.find((p) => p.normName === normaliseName("Head of Children's Services"));
        expect(post).toMatchObject({ isPost: true, initials: null });
        // the curly-apostrophe spelling in Durham's export is the same post
        expect(people.filter((p) => p.normName === normaliseName("Head of Children’s Services"))).toHaveLength(1);
      });

      it("stores sections with numbers, due dates at 00:00 UTC, the baseline, owners and Thurrock's rating history", async () => {
        const thurrock = await h.db.plan.findUniqueOrThrow({ where: { key: "thurrock-development-plan" }, include: { sections: true } });
        expect(thurrock.scale).toBe("numeric5");
        expect(thurrock.sections.map((s) => s.number).sort()).toEqual(["1", "2", "3", "4", "5", "6", "7", "8"]);
        const durham = await h.db.section.findFirstOrThrow({ where: { plan: { key: "durham-ofsted-action-plan" }, number: "1" } });
        expect(durham).toMatchObject({
          label: "Theme 1: Strengthening management and staffing capacity",
          title: "Strengthening management and staffing capacity",
        });
        // quotes, curly quotes, bullets and line breaks survive the bulk write exactly
        expect(await h.db.person.findFirst({ where: { name: "Caroline O'Neill" } })).not.toBeNull();
        const titles = (await h.db.action.findMany({ where: { plan: { key: "durham-ofsted-action-plan" } } })).map((a) => a.title);
        expect(titles).toContain(
          "Structure\n• Engage external consultant to complete review of workflow to inform a restructure of social work teams",
        );
        expect(titles.some((t) => t.includes("Develop a ‘work around’ on the current electronic case file system (SSID)"))).toBe(true);

        // row 16: RAG Initial 1, RAG 01/18 4 -> status 4 (complete), history 1 then 4, source import
        const m = await h.db.milestone.findFirstOrThrow({
          where: { sourceRow: 16, action: { plan: { key: "thurrock-development-plan" } } },
          include: { updates: { orderBy: { createdAt: "asc" } }, owners: { include: { person: true } } },
        });
        expect(m).toMatchObject({ status: "complete", statusLabel: "4", dueRaw: "Apr-18" });
        expect(m.due?.toISOString()).toBe("2018-04-30T00:00:00.000Z");
        expect(m.baselineDue?.toISOString()).toBe("2018-04-30T00:00:00.000Z");
        expect(m.updates.map((u) => [u.source, u.status, u.statusLabel])).toEqual([
          ["import", "off_track", "1"],
          ["import", "complete", "4"],
        ]);
        expect(m.owners.map((o) => o.person.name)).toEqual(["Teresa Goulding"]);
        const action = await h.db.action.findUniqueOrThrow({
          where: { id: m.actionId },
          include: { leads: { include: { person: true } } },
        });
        expect(action.leads.map((l) => l.person.name)).toEqual(["Clare Moore"]);
      });

      it("a newer export updates in place: changed status -> history, changed date -> revision, baseline kept", async () => {
        const csv = readFileSync(join(fixtures, "devon-improvement-plan.csv"), "utf8");
        // row 23 "MASH Improvement plan sign off by partnership": Sept 17, no status -> Dec 17, Amber
        const changed = csv.replace(
          "MASH Improvement plan sign off by partnership,Sept 17,RG,",
          "MASH Improvement plan sign off by partnership,Dec 17,RG,Amber",
        );
        expect(changed).not.toBe(csv);
        const file = join(tmp, "devon-newer.csv");
        writeFileSync(file, changed);
        const before = await snapshot(h.db);
        const r = await importFile(file, "devon-improvement-plan");
        expect(r.counts).toMatchObject({ milestones: { created: 0, updated: 1 }, statusUpdates: 1, people: { created: 0 } });
        const after = await snapshot(h.db);
        expect(after.milestones.map((m) => m.id)).toEqual(before.milestones.map((m) => m.id));
        expect(after.updates).toHaveLength(before.updates.length + 1);
        const m = await h.db.milestone.findFirstOrThrow({
          where: { title: "MASH Improvement plan sign off by partnership" },
          include: { updates: true },
        });
        expect(m).toMatchObject({ status: "at_risk", statusLabel: "Amber", dueRaw: "Dec 17", revisionCount: 1 });
        expect(m.baselineDue?.toISOString().slice(0, 10)).toBe("2017-09-30");
        expect(m.revisedDue?.toISOString().slice(0, 10)).toBe("2017-12-31");
        expect(m.due?.toISOString().slice(0, 10)).toBe("2017-12-31");
        expect(m.updates).toEqual([expect.objectContaining({ source: "import", status: "at_risk", statusLabel: "Amber" })]);
        // importing that same newer file again changes nothing
        const again = await importFile(file, "devon-improvement-plan");
        expect(again.counts).toMatchObject({ milestones: { created: 0, updated: 0 }, statusUpdates: 0 });
      });

      it("a status recorded in chat is not overwritten by re-importing an unchanged export", async () => {
        const m = await h.db.milestone.findFirstOrThrow({ where: { title: "Review of MASH staffing to SMT" } });
        expect(m.status).toBe("complete");
        await h.db.milestone.update({ where: { id: m.id }, data: { status: "off_track", statusLabel: "Red" } });
        await h.db.statusUpdate.create({ data: { milestoneId: m.id, source: "slack", status: "off_track", statusLabel: "Red" } });
        await importFile(join(tmp, "devon-newer.csv"), "devon-improvement-plan");
        expect(await h.db.milestone.findUniqueOrThrow({ where: { id: m.id } })).toMatchObject({ status: "off_track", statusLabel: "Red" });
      });
    });

    describe("bad input writes nothing wrong", () => {
      const write = (name: string, text: string) => {
        const file = join(tmp, name);
        writeFileSync(file, text);
        return file;
      };
      const planCount = () => h.db.plan.count();

      it("an empty file, unbalanced quotes, no action column: a clear error and nothing written", async () => {
        const before = await planCount();
        const cases: [string, string, string, RegExp][] = [
          ["empty.csv", "", "empty", /empty/],
          ["blank.csv", "\n\n,,\n", "empty", /empty/],
          [
            "quotes.csv",
            'Section,Action,Date,Who\nA,"Open quote never closed,Jan 18,AA\nA,Other,Feb 18,RG\n',
            "unreadable",
            /unbalanced quotes/,
          ],
          ["noaction.csv", "Foo,Bar\n1,2\n", "no_action_column", /no column looks like the action.*"Foo", "Bar"/],
          ["headeronly.csv", "Section,Action,Date\n", "empty", /no data rows/],
        ];
        for (const [name, text, code, message] of cases) {
          const err = await importFile(write(name, text), `bad-${name}`).catch((e: unknown) => e);
          expect(err, name).toBeInstanceOf(ImportError);
          expect((err as ImportError).code, name).toBe(code);
          expect((err as Error).message, name).toMatch(message);
        }
        await expect(importFile("/nonexistent/plan.csv", "missing")).rejects.toThrow(/no such file/);
        expect(await planCount()).toBe(before);
      });

      it("a row with a broken date is reported with row and column; the others import, it imports with no date", async () => {
        const file = write("baddate.csv", "Section,Action,Date,Who,RAG\nA,First,Jan 18,AA,G\nA,Second,31/02/18,RG,R\nA,Third,Termly,RG,\n");
        const r = await importFile(file, "bad-date");
        expect(r.errors).toEqual([{ row: 3, column: "Date", message: expect.stringMatching(/cannot read the date "31\/02\/18"/) }]);
        expect(r.written).toBe(true);
        const ms = await h.db.milestone.findMany({ where: { action: { plan: { key: "bad-date" } } }, orderBy: { sourceRow: "asc" } });
        expect(ms.map((m) => [m.title, m.due?.toISOString().slice(0, 10) ?? null, m.dueRaw, m.status])).toEqual([
          ["First", "2018-01-31", "Jan 18", "on_track"],
          ["Second", null, "31/02/18", "off_track"],
          ["Third", null, "Termly", "unknown"],
        ]);
        const run = await h.db.importRun.findFirstOrThrow({ where: { plan: { key: "bad-date" } } });
        expect(JSON.parse(run.errorsJson)).toHaveLength(1);
      });

      it("--strict writes nothing when any row is bad", async () => {
        const file = write("strict.csv", "Section,Action,Date,Who\nA,First,Jan 18,Strict Person\nA,Second,31/02/18,RG\n");
        const people = await h.db.person.count();
        const r = await importFile(file, "strict-plan", { strict: true });
        expect(r.written).toBe(false);
        expect(r.errors).toHaveLength(1);
        expect(await h.db.plan.findUnique({ where: { key: "strict-plan" } })).toBeNull();
        expect(await h.db.person.count()).toBe(people);
      });

      it("--map and --scale options are checked", async () => {
        await expect(importFile("devon-improvement-plan", "x", { map: ["Nope=owner"] })).rejects.toThrow(/no column "Nope"/);
        await expect(importFile("devon-improvement-plan", "x", { scale: "traffic" })).rejects.toThrow(/--scale "traffic"/);
        await expect(importFile("devon-improvement-plan", "bad key!")).rejects.toThrow(/--plan/);
      });
    });
  });
}

// recordUpdate latency (the path behind every status click) and export time for a large plan, on SQLite.
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportPlanXlsx } from "../src/services/exportPlan.js";
import { recordUpdate } from "../src/services/recordUpdate.js";
import { createSqliteTestDb } from "../tests/helpers/db.js";
import { figure, fmtMs, peakRssMb, percentile } from "./util.js";

export const title = "recordUpdate + export (SQLite)";

export async function run(): Promise<void> {
  const t = await createSqliteTestDb();
  try {
    const db = t.db;
    const owner = await db.person.create({ data: { name: "Owner One", normName: "owner one" } });
    const plan = await db.plan.create({ data: { key: "bench", name: "Bench Plan", scale: "rag" } });
    const sections = 10;
    const actionsPerSection = 50;
    const milestonesPerAction = 10; // 5,000 milestones
    const ids: string[] = [];
    for (let s = 0; s < sections; s++) {
      const sec = await db.section.create({
        data: { planId: plan.id, label: `${s + 1}. Section ${s + 1}`, number: String(s + 1), title: `Section ${s + 1}`, position: s },
      });
      for (let a = 0; a < actionsPerSection; a++) {
        const action = await db.action.create({
          data: {
            planId: plan.id,
            sectionId: sec.id,
            key: `${s + 1}.${a + 1}`,
            ref: `${s + 1}.${a + 1}`,
            title: `Action ${s + 1}.${a + 1}`,
            position: a,
          },
        });
        const due = new Date(Date.UTC(2018, (a % 12) + 1, 0));
        await db.milestone.createMany({
          data: Array.from({ length: milestonesPerAction }, (_, m) => ({
            actionId: action.id,
            key: `m${m}`,
            title: `Milestone ${m + 1} of action ${s + 1}.${a + 1}`,
            due,
            baselineDue: due,
            dueRaw: "Jan-18",
            position: m,
          })),
        });
      }
    }
    const ms = await db.milestone.findMany({ select: { id: true } });
    for (const m of ms) ids.push(m.id);
    await db.milestoneOwner.createMany({ data: ids.map((milestoneId) => ({ milestoneId, personId: owner.id })) });

    const N = 500;
    const times: number[] = [];
    const opts = ["green", "amber", "red"];
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      const r = await recordUpdate(
        db,
        {
          milestoneId: ids[i % ids.length]!,
          actorPersonId: owner.id,
          source: "slack",
          idempotencyKey: `b-${i}`,
          now: new Date(),
          optionId: opts[i % 3],
        },
        { admins: "" },
      );
      times.push(performance.now() - t0);
      if (!r.ok) throw new Error(r.message);
    }
    const dupTimes: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      await recordUpdate(
        db,
        { milestoneId: ids[i]!, actorPersonId: owner.id, source: "slack", idempotencyKey: `b-${i}`, now: new Date(), optionId: "red" },
        { admins: "" },
      );
      dupTimes.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    dupTimes.sort((a, b) => a - b);
    figure("recordUpdate p50 (new click, 5,000-milestone plan)", fmtMs(percentile(times, 50)));
    figure("recordUpdate p95 (new click)", fmtMs(percentile(times, 95)), "< 300 ms so Slack's 3 s ack is never at risk");
    figure("recordUpdate p50 (duplicate key)", fmtMs(percentile(dupTimes, 50)));

    const file = join(tmpdir(), `ragtime-bench-${process.pid}.xlsx`);
    const t0 = performance.now();
    const r = await exportPlanXlsx(db, "bench", file);
    figure(`export --xlsx (${r.rows} milestones)`, fmtMs(performance.now() - t0), "< 10 s");
    rmSync(file, { force: true });
    figure("peak RSS", `${peakRssMb().toFixed(0)} MB`);
  } finally {
    await t.cleanup();
  }
}

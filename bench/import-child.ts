// One import in its own process, for bench/import.bench.ts: the process's peak RSS is the import's (plus what
// any process running ragtime's TypeScript carries: Node, tsx, Prisma). Prints one JSON line.
// usage: tsx bench/import-child.ts <DATABASE_URL> <file> <planKey> <import|read>
import { importPlan, readPlanFile } from "../src/services/importPlan.js";
import { openDb } from "../src/storage/db.js";

const [url, file, planKey, mode] = process.argv.slice(2) as [string, string, string, string];
const NOW = new Date("2026-01-05T09:00:00Z");

const startRss = process.memoryUsage().rss;
const t = performance.now();
const cpu = process.cpuUsage();
let out: Record<string, unknown>;
if (mode === "read") {
  const { model } = await readPlanFile({ file, planKey });
  out = { actions: model.actions.length, milestones: model.milestones.length };
} else {
  const h = openDb(url);
  // as `ragtime import` without --json: the summary counts the records, it does not keep them
  const r = await importPlan(h.db, { file, planKey, now: NOW, records: false });
  await h.close();
  out = { counts: r.counts, milestones: r.plan.milestones, actions: r.plan.actions };
}
const used = process.cpuUsage(cpu);
console.log(
  JSON.stringify({
    ...out,
    ms: performance.now() - t,
    cpuMs: (used.user + used.system) / 1000,
    startRssMb: startRss / 1e6,
    // ru_maxrss: the process's high-water mark (KiB on Linux), the same figure as VmHWM in /proc/self/status
    peakRssMb: (process.resourceUsage().maxRSS * 1024) / 1e6,
  }),
);

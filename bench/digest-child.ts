// One size of the digest growth curve in its own process, for bench/digest.bench.ts: a fresh heap per size, so
// no size pays for another's garbage or profits from its warm caches. Builds the digest model of a generated
// plan of <n> milestones unmeasured until <warm> milestones have gone through it (at least twice: every size
// gets the same JIT warm-up, not the same number of builds), then <reps> times measured: wall, CPU (all of the
// process's threads) and the time V8 reports in garbage collection; then, as a yardstick, a Map of the ids. The builds run back to back, in the steady
// state a service reaches (a forced gc() before each build made the next build slower, not cleaner: 87 against
// 49 ms at 20,000 milestones). Prints one JSON line.
// usage: node --import tsx bench/digest-child.ts <n> <warm> <reps>
import { PerformanceObserver, performance } from "node:perf_hooks";
import { buildDigestModel } from "../src/core/digest/model.js";
import { AS_OF, generate } from "./digest-plan.js";

const [n, warm, reps] = process.argv.slice(2).map(Number) as [number, number, number];
const facts = generate(n);
const build = () => buildDigestModel({ board: { id: "b", name: "Bench board", sections: null }, facts, asOf: AS_OF, previous: null });
let model = build();
for (let done = n; done < Math.max(2 * n, warm); done += n) model = build();
const gcSpans: { start: number; end: number }[] = [];
const observer = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcSpans.push({ start: e.startTime, end: e.startTime + e.duration });
});
observer.observe({ entryTypes: ["gc"] });
const wall: number[] = [];
const cpu: number[] = [];
const windows: [number, number][] = [];
for (let i = 0; i < reps; i++) {
  const c = process.cpuUsage();
  const t = performance.now();
  model = build();
  const t1 = performance.now();
  const u = process.cpuUsage(c);
  wall.push(t1 - t);
  cpu.push((u.user + u.system) / 1000);
  windows.push([t, t1]);
}
// gc entries are delivered asynchronously: let them arrive, then take what is left
await new Promise((r) => setTimeout(r, 50));
for (const e of observer.takeRecords()) gcSpans.push({ start: e.startTime, end: e.startTime + e.duration });
observer.disconnect();
// a yardstick on the same heap: one Map of the n milestone ids (O(1) per id in theory; its cost per id shows
// what a bigger working set costs on this machine)
const mapMs: number[] = [];
for (let i = 0; i < reps + 2; i++) {
  const t = performance.now();
  const pos = new Map<string, number>();
  for (let k = 0; k < facts.milestones.length; k++) pos.set((facts.milestones[k] as { id: string }).id, k);
  if (i >= 2) mapMs.push(performance.now() - t);
}
const gcMs = windows.map(([a, b]) => gcSpans.reduce((sum, s) => sum + Math.max(0, Math.min(b, s.end) - Math.max(a, s.start)), 0));
console.log(JSON.stringify({ n, wall, cpu, gcMs, mapMs, overdue: model.totals.overdue, changed: model.totals.changed }));

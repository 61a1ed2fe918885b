// Digest build and question answering on a generated 20,000-milestone plan (bench/digest-plan.ts); the digest's
// growth curve at 2,000, 20,000 and 100,000 milestones, each size in its own process (bench/digest-child.ts).
// Pure core on facts loaded once (the goals), then the same through the database (DB-inclusive figures).
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { digestCard } from "../src/core/digest/card.js";
import type { MilestoneFact } from "../src/core/digest/facts.js";
import { buildDigestModel } from "../src/core/digest/model.js";
import { askQuestion } from "../src/core/questions/evaluate.js";
import { buildQuestionIndex } from "../src/core/questions/resolve.js";
import { answerQuestion } from "../src/services/answer.js";
import { buildDigest } from "../src/services/digest.js";
import { loadPlanFacts } from "../src/storage/digests.js";
import { createSqliteTestDb } from "../tests/helpers/db.js";
import { AS_OF, generate } from "./digest-plan.js";
import { figure, fmtMs, percentile } from "./util.js";

export const title = "digest + questions (20,000 milestones)";

const N = 20_000;

const QUESTIONS = [
  "what is overdue in priority 3",
  "what's due next week",
  "what is due this month for Kara Haskayne",
  "show at risk actions in priority 2",
  "which actions are red",
  "status of 3.42",
  "who hasn't updated",
  "what changed since last week",
  "what slipped",
  "summary of priority 4",
  "what is overdue in early help",
  "help",
];

interface ChildRun {
  n: number;
  wall: number[];
  cpu: number[];
  gcMs: number[];
  mapMs: number[];
}

/** One size's builds in a fresh process (bench/digest-child.ts): its own heap, caches and JIT warm-up. */
function child(n: number, warm: number, reps: number): ChildRun {
  const script = join(import.meta.dirname, "digest-child.ts");
  const r = spawnSync(process.execPath, ["--import", "tsx", script, String(n), String(warm), String(reps)], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`digest child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop() as string) as ChildRun;
}

const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

/**
 * Digest time at 2k / 20k / 100k milestones (the same generated layout), each size in its own process, the
 * sizes taken in turn for ROUNDS rounds (so a change in the machine's load falls on every size): per size, the
 * median of every measured build, wall and CPU; the ratio per step against the size ratio; and the time per
 * 1,000 milestones, which a linear model keeps flat.
 */
function growth(): void {
  const sizes = [2_000, 20_000, 100_000];
  // every size warms up on the same number of milestones (100 builds at 2,000, 2 at 100,000) and measures at
  // least 7 builds and 200,000 milestones
  const WARM = 200_000;
  const ROUNDS = 3;
  const runs = new Map<number, ChildRun[]>(sizes.map((n) => [n, []]));
  const load: number[] = [];
  for (let round = 0; round < ROUNDS; round++)
    for (const n of sizes) {
      load.push(loadavg()[0] as number);
      runs.get(n)?.push(child(n, WARM, Math.max(7, Math.ceil(WARM / n / ROUNDS))));
    }
  const got = sizes.map((n) => {
    const all = runs.get(n) as ChildRun[];
    const pick = (f: (r: ChildRun) => number[]) => median(all.flatMap(f));
    return {
      n,
      builds: all.reduce((s, r) => s + r.wall.length, 0),
      ms: pick((r) => r.wall),
      cpuMs: pick((r) => r.cpu),
      gcMs: pick((r) => r.gcMs),
      // each build's wall time less the time V8 reported in garbage collection during it
      restMs: pick((r) => r.wall.map((w, i) => w - (r.gcMs[i] as number))),
      mapMs: pick((r) => r.mapMs),
    };
  });
  const per1k = (ms: number, n: number) => (ms / n) * 1000;
  for (const g of got)
    figure(
      `digest model, ${g.n} milestones (own process, median of ${g.builds})`,
      `${fmtMs(g.ms)} wall, ${fmtMs(g.cpuMs)} CPU, GC ${fmtMs(g.gcMs)}; per 1,000 milestones ${per1k(g.ms, g.n).toFixed(2)} ms wall, ${per1k(g.cpuMs, g.n).toFixed(2)} ms CPU, ${per1k(g.restMs, g.n).toFixed(2)} ms outside GC`,
    );
  for (let i = 1; i < got.length; i++) {
    const [a, b] = [got[i - 1], got[i]] as [(typeof got)[number], (typeof got)[number]];
    const x = (p: number, q: number) => `x${(q / p).toFixed(2)}`;
    figure(
      `growth ${a.n} -> ${b.n} milestones (x${b.n / a.n})`,
      `wall ${x(a.ms, b.ms)}, CPU ${x(a.cpuMs, b.cpuMs)}; per 1,000 milestones wall ${x(per1k(a.ms, a.n), per1k(b.ms, b.n))}, outside GC ${x(per1k(a.restMs, a.n), per1k(b.restMs, b.n))}`,
      "linear: per 1,000 x1.00",
    );
    figure(
      "  yardstick: one Map of the milestone ids, same step",
      `per 1,000 ids ${x(per1k(a.mapMs, a.n), per1k(b.mapMs, b.n))} (${fmtMs(a.mapMs)} -> ${fmtMs(b.mapMs)})`,
    );
  }
  figure("  load average (1 min) during the growth runs", `${Math.min(...load).toFixed(1)}-${Math.max(...load).toFixed(1)}`);
}

function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const v = fn();
  return [v, performance.now() - t];
}

/** CPU milliseconds this process spent in fn (wall time is inflated on a busy 2-core machine) */
function cpu<T>(fn: () => T): number {
  const c = process.cpuUsage();
  fn();
  const u = process.cpuUsage(c);
  return (u.user + u.system) / 1000;
}

export async function run(): Promise<void> {
  const facts = generate(N);
  // pure digest: median of 7 after a warm-up
  for (let i = 0; i < 2; i++)
    buildDigestModel({ board: { id: "b", name: "Bench board", sections: null }, facts, asOf: AS_OF, previous: null });
  const digestTimes: number[] = [];
  let model = buildDigestModel({ board: { id: "b", name: "Bench board", sections: null }, facts, asOf: AS_OF, previous: null });
  for (let i = 0; i < 7; i++) {
    const [m, ms] = time(() =>
      buildDigestModel({ board: { id: "b", name: "Bench board", sections: null }, facts, asOf: AS_OF, previous: null }),
    );
    model = m;
    digestTimes.push(ms);
  }
  digestTimes.sort((a, b) => a - b);
  const [, cardMs] = time(() => digestCard(model));
  const cpuTimes = Array.from({ length: 5 }, () =>
    cpu(() => buildDigestModel({ board: { id: "b", name: "Bench board", sections: null }, facts, asOf: AS_OF, previous: null })),
  ).sort((a, b) => a - b);
  figure("machine load average (1 min, 2 cores)", loadavg()[0]!.toFixed(1));
  figure("digest model, 20k milestones (pure, median of 7)", fmtMs(percentile(digestTimes, 50)), "< 200 ms");
  figure("digest model, 20k milestones (pure, CPU time median)", fmtMs(percentile(cpuTimes, 50)));
  figure("digest card render (pure)", fmtMs(cardMs));
  figure(
    "  overdue / due soon / slipped / changed",
    `${model.totals.overdue} / ${model.totals.dueSoon} / ${model.totals.slipped} / ${model.totals.changed}`,
  );

  growth();

  const [ix, ixMs] = time(() => buildQuestionIndex([facts]));
  figure("question index build (once per load)", fmtMs(ixMs));
  const qTimes: number[] = [];
  const qCpu: number[] = [];
  for (let round = 0; round < 20; round++) {
    for (const q of QUESTIONS) {
      const c = process.cpuUsage();
      const [, ms] = time(() => askQuestion(ix, q, { asOf: AS_OF, asker: { personId: "p1" } }));
      const u = process.cpuUsage(c);
      if (round >= 2) {
        qTimes.push(ms);
        qCpu.push((u.user + u.system) / 1000);
      }
    }
  }
  qTimes.sort((a, b) => a - b);
  qCpu.sort((a, b) => a - b);
  figure("question answer p50 (pure, prepared index)", fmtMs(percentile(qTimes, 50)));
  figure("question answer p95 (pure, prepared index)", fmtMs(percentile(qTimes, 95)), "< 20 ms");
  figure("question answer p95 (pure, CPU time)", fmtMs(percentile(qCpu, 95)));

  if (process.env.PURE_ONLY) return;
  // the same through SQLite
  const t = await createSqliteTestDb();
  try {
    const db = t.db;
    const plan = await db.plan.create({ data: { key: "bench", name: "Bench plan", scale: "rag" } });
    await db.person.createMany({
      data: facts.people.map((p) => ({
        id: p.id,
        name: p.name,
        normName: `${p.name.toLowerCase()} ${p.id}`,
        slackUserId: p.hasChat ? `U${p.id}` : null,
      })),
    });
    await db.section.createMany({
      data: facts.sections.map((s) => ({
        id: s.id,
        planId: plan.id,
        label: s.label,
        number: s.number,
        title: s.title,
        position: s.position,
      })),
    });
    const actions = new Map<string, MilestoneFact>();
    for (const m of facts.milestones) if (!actions.has(m.actionId)) actions.set(m.actionId, m);
    await db.action.createMany({
      data: [...actions.values()].map((m, i) => ({
        id: m.actionId,
        planId: plan.id,
        sectionId: m.sectionId,
        key: m.actionId,
        ref: m.ref,
        title: m.actionTitle,
        position: i,
      })),
    });
    const dt = (d: string | null) => (d ? new Date(`${d}T00:00:00Z`) : null);
    for (let i = 0; i < facts.milestones.length; i += 2000) {
      const part = facts.milestones.slice(i, i + 2000);
      await db.milestone.createMany({
        data: part.map((m) => ({
          id: m.id,
          actionId: m.actionId,
          key: m.id,
          title: m.title,
          due: dt(m.due),
          baselineDue: dt(m.baselineDue),
          revisedDue: dt(m.revisedDue),
          revisedReason: m.revisedReason,
          revisionCount: m.revisionCount,
          status: m.status,
          statusLabel: m.statusLabel,
          position: m.position,
        })),
      });
      await db.milestoneOwner.createMany({ data: part.map((m) => ({ milestoneId: m.id, personId: m.owners[0]!.id })) });
    }
    for (let i = 0; i < facts.updates.length; i += 2000)
      await db.statusUpdate.createMany({
        data: facts.updates.slice(i, i + 2000).map((u) => ({
          milestoneId: u.milestoneId,
          byId: u.byId,
          source: u.source,
          status: u.status,
          statusLabel: u.statusLabel,
          narrative: u.narrative,
          createdAt: new Date(u.createdAt),
        })),
      });
    const board = await db.board.create({ data: { name: "Bench board", planId: plan.id } });
    const asOf = new Date(`${AS_OF}T00:00:00Z`);
    await buildDigest(db, board.id, asOf);
    const dbDigest: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await buildDigest(db, board.id, asOf);
      dbDigest.push(performance.now() - t0);
    }
    dbDigest.sort((a, b) => a - b);
    const t1 = performance.now();
    await loadPlanFacts(db, [plan.id]);
    figure("load 20k-milestone plan facts from SQLite", fmtMs(performance.now() - t1));
    figure("digest build incl. DB load (SQLite, median of 3)", fmtMs(percentile(dbDigest, 50)));
    const dbQ: number[] = [];
    for (const q of QUESTIONS.slice(0, 6)) {
      const t0 = performance.now();
      await answerQuestion(db, q, { personId: null, isAdmin: true }, asOf);
      dbQ.push(performance.now() - t0);
    }
    dbQ.sort((a, b) => a - b);
    figure("question answer incl. DB load (SQLite, p95 of 6)", fmtMs(percentile(dbQ, 95)));
  } finally {
    await t.cleanup();
  }
}

// Digest build and question answering on a generated 20,000-milestone plan; the digest's growth curve at 2,000,
// 20,000 and 100,000 milestones.
// Pure core on facts loaded once (the goals), then the same through the database (DB-inclusive figures).
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { digestCard } from "../src/core/digest/card.js";
import type { MilestoneFact, PlanFacts, UpdateFact } from "../src/core/digest/facts.js";
import { buildDigestModel } from "../src/core/digest/model.js";
import { askQuestion } from "../src/core/questions/evaluate.js";
import { buildQuestionIndex } from "../src/core/questions/resolve.js";
import { type Status, scaleOf } from "../src/core/status.js";
import { answerQuestion } from "../src/services/answer.js";
import { buildDigest } from "../src/services/digest.js";
import { loadPlanFacts } from "../src/storage/digests.js";
import { createSqliteTestDb } from "../tests/helpers/db.js";
import { figure, fmtMs, percentile } from "./util.js";

export const title = "digest + questions (20,000 milestones)";

const N = 20_000;
const SECTIONS = 8;
const PEOPLE = 400;
const AS_OF = "2026-11-22";
const LABELS: [Status, string][] = [
  ["on_track", "Green"],
  ["at_risk", "Amber"],
  ["off_track", "Red"],
  ["complete", "Complete"],
  ["unknown", ""],
];
const FIRST = ["Kara", "Sam", "Janet", "Neale", "Teresa", "Joe", "Clare", "Rory", "Sheila", "Patience"];
const LAST = ["Haskayne", "Jones", "Simon", "Laurie", "Goulding", "Tynan", "Moore", "Patterson", "Murphy", "Koleosho"];

function rnd(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

function day(offset: number): string {
  return new Date(Date.parse(`${AS_OF}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
}

export function generate(n = N): PlanFacts {
  const r = rnd(42);
  const people = Array.from({ length: PEOPLE }, (_, i) => ({
    id: `p${i}`,
    name: `${FIRST[i % 10]} ${LAST[Math.floor(i / 10) % 10]}${i >= 100 ? ` ${Math.floor(i / 100)}` : ""}`,
    hasChat: i % 4 !== 0,
  }));
  const sections = Array.from({ length: SECTIONS }, (_, i) => ({
    id: `s${i + 1}`,
    planId: "plan",
    label: `${i + 1}. ${["Workforce", "Early help services", "Assessment quality", "Looked after children", "Voice of the child", "Missing children", "Care leavers", "Quality assurance"][i]}`,
    number: String(i + 1),
    title: [
      "Workforce",
      "Early help services",
      "Assessment quality",
      "Looked after children",
      "Voice of the child",
      "Missing children",
      "Care leavers",
      "Quality assurance",
    ][i]!,
    position: i,
  }));
  const milestones: MilestoneFact[] = [];
  const updates: UpdateFact[] = [];
  for (let i = 0; i < n; i++) {
    const sec = i % SECTIONS;
    const action = Math.floor(i / 4);
    const [status, label] = LABELS[Math.floor(r() * LABELS.length)]!;
    const baseline = day(Math.floor(r() * 400) - 200);
    const moved = r() < 0.05;
    const owner = people[Math.floor(r() * PEOPLE)]!;
    milestones.push({
      id: `m${i}`,
      planId: "plan",
      sectionId: `s${sec + 1}`,
      actionId: `a${action}`,
      ref: `${sec + 1}.${action}`,
      actionTitle: `Action ${action} to improve practice`,
      title: `Milestone ${i} evidence of improvement`,
      owners: [{ id: owner.id, name: owner.name }],
      due: moved ? day(Math.floor(r() * 100) + 10) : baseline,
      dueRaw: null,
      baselineDue: baseline,
      revisedDue: moved ? day(Math.floor(r() * 100) + 10) : null,
      revisedReason: moved ? "Recruitment delays" : null,
      revisionCount: moved ? 1 : 0,
      status,
      statusLabel: label || null,
      statusAt: null,
      latestUpdate: null,
      paused: false,
      position: i,
    });
    if (r() < 0.3)
      updates.push({
        id: `u${i}`,
        milestoneId: `m${i}`,
        byId: owner.id,
        byName: owner.name,
        onBehalfOfId: null,
        onBehalfOfName: null,
        source: "slack",
        status,
        statusLabel: label || null,
        narrative: "Progress made this week.",
        createdAt: `${day(-Math.floor(r() * 30))}T10:00:00.000Z`,
      });
  }
  updates.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return {
    plan: { id: "plan", key: "bench", name: "Bench plan", scale: scaleOf("rag") },
    sections,
    milestones,
    updates,
    reminders: [],
    people,
  };
}

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

/** Digest time at 2k / 20k / 100k milestones (the same generated layout), with the ratio per step: linear? */
function growth(): void {
  const sizes = [2_000, 20_000, 100_000];
  const got: { n: number; ms: number; cpuMs: number }[] = [];
  for (const n of sizes) {
    const facts = generate(n);
    const build = () => buildDigestModel({ board: { id: "b", name: "Bench board", sections: null }, facts, asOf: AS_OF, previous: null });
    build();
    const walls: number[] = [];
    const cpus: number[] = [];
    for (let i = 0; i < 5; i++) {
      const c = process.cpuUsage();
      walls.push(time(build)[1]);
      const u = process.cpuUsage(c);
      cpus.push((u.user + u.system) / 1000);
    }
    walls.sort((a, b) => a - b);
    cpus.sort((a, b) => a - b);
    got.push({ n, ms: percentile(walls, 50), cpuMs: percentile(cpus, 50) });
    const last = got[got.length - 1] as (typeof got)[number];
    figure(`digest model, ${n} milestones (median of 5)`, `${fmtMs(last.ms)} wall, ${fmtMs(last.cpuMs)} CPU`);
  }
  for (let i = 1; i < got.length; i++) {
    const [a, b] = [got[i - 1], got[i]] as [(typeof got)[number], (typeof got)[number]];
    figure(
      `growth ${a.n} -> ${b.n} milestones (x${b.n / a.n})`,
      `wall x${(b.ms / a.ms).toFixed(2)}, CPU x${(b.cpuMs / a.cpuMs).toFixed(2)}`,
      "linear or better",
    );
  }
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
  const facts = generate();
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

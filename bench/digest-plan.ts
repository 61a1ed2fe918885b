// The generated plan the digest bench works on (the same layout at every size): 8 sections, 4 milestones per
// action, 400 people, a seeded mix of RAG statuses, 5% of due dates moved, an update on 30% of milestones.
// Shared by bench/digest.bench.ts and bench/digest-child.ts (which must not load the database modules).
import type { MilestoneFact, PlanFacts, UpdateFact } from "../src/core/digest/facts.js";
import { type Status, scaleOf } from "../src/core/status.js";

const SECTIONS = 8;
const PEOPLE = 400;
export const AS_OF = "2026-11-22";
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

export function generate(n: number): PlanFacts {
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

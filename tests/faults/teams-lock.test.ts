// Fault on the Teams path: the SQLite file is locked by ANOTHER PROCESS (BEGIN EXCLUSIVE) while people press
// buttons on their Teams cards. The real Teams SDK app with authentication on, RS256 tokens from the fake Bot
// Framework, the database opened as main.ts opens it (busy timeout 250 ms). An invoke that cannot be recorded is
// answered with Universal Actions' error response (HTTP 500, application/vnd.microsoft.error, a message saying
// nothing was recorded), never with the "recorded" card; the card keeps its buttons, the person presses again
// once the lock is gone (the same rendering and choice: the same key), and every click answered with a card is
// recorded exactly once, redeliveries and double clicks included.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionId } from "../../src/core/cards/actions.js";
import { type Harness, installActivity, invokeActivity, startHarness } from "../integration/teams.harness.js";

const root = join(import.meta.dirname, "..", "..");
// Wednesday 31 Jan 2018, 10:12 in London
const NOW = new Date("2018-01-31T10:12:00Z");
const KARA = { id: "29:kara-pairwise", aadObjectId: "aad-kara", name: "Kara Haskayne" };
const CHAT = "a:1kara-personal-chat";
const CLICKS = 10;
let h: Harness;
let milestones: string[] = [];

beforeAll(async () => {
  h = await startHarness(NOW, {}, { busyTimeoutMs: 250 });
  const db = h.t.db;
  const kara = await db.person.create({ data: { name: "Kara Haskayne", normName: "kara haskayne", teamsUserId: "aad-kara" } });
  const plan = await db.plan.create({ data: { key: "thurrock", name: "Thurrock Development Plan 2017-19", scale: "numeric5" } });
  const action = await db.action.create({ data: { planId: plan.id, key: "3.1", ref: "3.1", title: "Permanence planning" } });
  milestones = [];
  for (let i = 0; i < CLICKS; i++) {
    const m = await db.milestone.create({ data: { actionId: action.id, key: `m${i}`, title: `Milestone ${i}`, dueRaw: "Jan-18" } });
    await db.milestoneOwner.create({ data: { milestoneId: m.id, personId: kara.id } });
    milestones.push(m.id);
  }
  expect((await h.post(installActivity(h, KARA, CHAT))).status).toBe(200);
});
afterAll(async () => h?.close());

/** Kara presses "3" on the card (its own message and rendering) for milestone i. */
function click(i: number) {
  const verb = actionId({ kind: "status", milestoneId: milestones[i] as string, value: "3" });
  return h.post(invokeActivity(h, KARA, CHAT, `1:reminder-${i}`, { verb, data: { rt: verb, v: `render-${i}` } }));
}

type Answer = "recorded" | "error" | "other";
function kindOf(r: { status: number; body: unknown }): Answer {
  const b = r.body as { statusCode?: number; type?: string; value?: { code?: string; message?: string } } | undefined;
  if (r.status === 200 && b?.statusCode === 200 && b.type === "application/vnd.microsoft.card.adaptive") return "recorded";
  if (
    r.status === 500 &&
    b?.statusCode === 500 &&
    b.type === "application/vnd.microsoft.error" &&
    b.value?.code === "ServiceUnavailable" &&
    /nothing was recorded\. Please press the button again/.test(b.value.message ?? "")
  )
    return "error";
  return "other";
}

async function recordedPerMilestone(): Promise<number[]> {
  const rows = await h.t.db.statusUpdate.groupBy({ by: ["milestoneId"], where: { source: "teams" }, _count: true });
  const n = new Map(rows.map((r) => [r.milestoneId, r._count]));
  return milestones.map((id) => n.get(id) ?? 0);
}

function lockFor(ms: number): Promise<{ released: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const file = h.t.url.replace(/^file:/, "");
    const script = `const D = require("better-sqlite3"); const d = new D(${JSON.stringify(file)}); d.exec("BEGIN EXCLUSIVE");
      console.log("locked"); setTimeout(() => { d.exec("ROLLBACK"); d.close(); process.exit(0); }, ${ms});`;
    const child = spawn(process.execPath, ["-e", script], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    const released = new Promise<number>((r) => child.once("exit", () => r(performance.now())));
    child.stdout.on("data", (d: Buffer) => String(d).includes("locked") && resolve({ released }));
    child.once("error", reject);
  });
}

describe("fault: SQLite locked by another process while Teams cards are answered", () => {
  it("answers the Teams error while locked (never 'recorded'), and every answered click is recorded exactly once after", async () => {
    // before: 3 clicks recorded
    const before = await Promise.all([0, 1, 2].map(click));
    expect(before.map(kindOf)).toEqual(["recorded", "recorded", "recorded"]);

    const { released } = await lockFor(4000);
    const t0 = performance.now();
    const during = await Promise.all([3, 4, 5, 6, 7].map(click));
    // a double click on one that was recorded before, during the lock: recognised, or refused, never a second record
    const again = await click(1);
    expect(during.map(kindOf)).toEqual(["error", "error", "error", "error", "error"]);
    expect(["recorded", "error"]).toContain(kindOf(again));
    // nothing of what was refused is recorded (reads still work while another process writes, in WAL mode)
    expect(await recordedPerMilestone()).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    const end = await released;

    // the person presses again: now recorded; every click (and a redelivery of each) once
    const retried = await Promise.all([3, 4, 5, 6, 7, 8, 9].map(click));
    const recoverMs = performance.now() - end;
    expect(retried.map(kindOf)).toEqual(Array(7).fill("recorded"));
    const redelivered = await Promise.all(Array.from({ length: CLICKS }, (_, i) => click(i)));
    expect(redelivered.map(kindOf)).toEqual(Array(CLICKS).fill("recorded"));
    expect(await recordedPerMilestone()).toEqual(Array(CLICKS).fill(1));
    // the answers given while locked were never closed as if done
    const journal = await h.t.db.inboundEvent.findMany({ where: { source: "teams", kind: "card.action" } });
    expect(journal.filter((j) => j.error !== null && /locked|busy/i.test(j.error))).toEqual([]);
    console.info(
      `[fault figures] Teams, SQLite locked ${Math.round(end - t0)} ms: 3 recorded before, 5 answered with the error during (0 recorded), after: 10 of 10 recorded once, 0 duplicated, recovered ${Math.round(recoverMs)} ms after the lock went`,
    );
  }, 60_000);
});

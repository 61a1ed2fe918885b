// Faults on the Teams path, each real: the SQLite file locked by ANOTHER PROCESS (BEGIN EXCLUSIVE), and the file
// and its WAL made read-only (chattr +i on a loop-mounted ext4, small-fs.ts), while people press buttons on their
// Teams cards. The real Teams SDK app with authentication on, RS256 tokens from the fake Bot Framework, the
// database opened as main.ts opens it (busy timeout 250 ms). An invoke that cannot be recorded is answered with
// Universal Actions' error response (HTTP 500, application/vnd.microsoft.error, a message saying nothing was
// recorded), never with the "recorded" card; the card keeps its buttons, the person presses again once the fault
// is gone (the same rendering and choice: the same key), and every click answered with a card is recorded
// exactly once, redeliveries and double clicks included.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionId } from "../../src/core/cards/actions.js";
import { type Harness, installActivity, invokeActivity, messageActivityIn, startHarness } from "../integration/teams.harness.js";
import { type SmallFs, smallFs } from "./small-fs.js";

const root = join(import.meta.dirname, "..", "..");
// Wednesday 31 Jan 2018, 10:12 in London
const NOW = new Date("2018-01-31T10:12:00Z");
const KARA = { id: "29:kara-pairwise", aadObjectId: "aad-kara", name: "Kara Haskayne" };
const CHAT = "a:1kara-personal-chat";
const CLICKS = 10;

interface TeamsFault {
  name: string;
  /** puts the fault in place; resolves once it is */
  start(h: Harness): Promise<void>;
  /** clears it (after it has lasted a while); resolves with when it cleared (performance.now()) */
  clear(h: Harness): Promise<number>;
}

async function setUp(h: Harness): Promise<string[]> {
  const db = h.t.db;
  const kara = await db.person.create({ data: { name: "Kara Haskayne", normName: "kara haskayne", teamsUserId: "aad-kara" } });
  const plan = await db.plan.create({ data: { key: "thurrock", name: "Thurrock Development Plan 2017-19", scale: "numeric5" } });
  const action = await db.action.create({ data: { planId: plan.id, key: "3.1", ref: "3.1", title: "Permanence planning" } });
  const milestones: string[] = [];
  for (let i = 0; i < CLICKS; i++) {
    const m = await db.milestone.create({ data: { actionId: action.id, key: `m${i}`, title: `Milestone ${i}`, dueRaw: "Jan-18" } });
    await db.milestoneOwner.create({ data: { milestoneId: m.id, personId: kara.id } });
    milestones.push(m.id);
  }
  expect((await h.post(installActivity(h, KARA, CHAT))).status).toBe(200);
  return milestones;
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

/** The case: 3 clicks before, 5 (and a double click) during, the 5 pressed again and 2 more after, then all again. */
async function runTeamsFault(h: Harness, milestones: string[], fault: TeamsFault) {
  // Kara presses "3" on the card (its own message and rendering) for milestone i
  const click = (i: number) => {
    const verb = actionId({ kind: "status", milestoneId: milestones[i] as string, value: "3" });
    return h.post(invokeActivity(h, KARA, CHAT, `1:reminder-${i}`, { verb, data: { rt: verb, v: `render-${i}` } }));
  };
  const perMilestone = async () => {
    const rows = await h.t.db.statusUpdate.groupBy({ by: ["milestoneId"], where: { source: "teams" }, _count: true });
    const n = new Map(rows.map((r) => [r.milestoneId, r._count]));
    return milestones.map((id) => n.get(id) ?? 0);
  };

  const before = await Promise.all([0, 1, 2].map(click));
  expect(before.map(kindOf)).toEqual(["recorded", "recorded", "recorded"]);

  await fault.start(h);
  const t0 = performance.now();
  // a question typed meanwhile gets a reply that says the database is unavailable (was the SDK's bare 500)
  const sentBefore = h.connector.to(CHAT).length;
  const asked = h.post(messageActivityIn(h, KARA, { id: CHAT, conversationType: "personal" }, "what is overdue"));
  const during = await Promise.all([3, 4, 5, 6, 7].map(click));
  expect((await asked).status).toBe(200);
  const replies = h.connector.to(CHAT).slice(sentBefore);
  expect(JSON.stringify(replies.map((r) => r.activity))).toContain("I can't answer just now");
  // a double click on one recorded before: recognised, or refused, never a second record
  const again = await click(1);
  // each answer is the truth: the error and nothing recorded, or (a write that waited until the lock went:
  // the journal tries a busy file again for up to 2.5 s, and invokes queued behind it wait their turn) the
  // recorded card and its one record. The first batch meets the fault for the whole wait, so it is an error.
  const kinds = during.map(kindOf);
  expect(kinds).toContain("error");
  for (const k of kinds) expect(["recorded", "error"]).toContain(k);
  expect(["recorded", "error"]).toContain(kindOf(again));
  // nothing of what was refused is recorded (reads still work during both faults, in WAL mode)
  const counts = await perMilestone();
  expect(counts).toEqual([1, 1, 1, ...kinds.map((k) => (k === "recorded" ? 1 : 0)), 0, 0]);
  const refused = kinds.filter((k) => k === "error").length;
  const end = await fault.clear(h);

  // the person presses again: now recorded; every click (and a redelivery of each) once
  const retried = await Promise.all([3, 4, 5, 6, 7, 8, 9].map(click));
  const recoverMs = performance.now() - end;
  expect(retried.map(kindOf)).toEqual(Array(7).fill("recorded"));
  const redelivered = await Promise.all(Array.from({ length: CLICKS }, (_, i) => click(i)));
  expect(redelivered.map(kindOf)).toEqual(Array(CLICKS).fill("recorded"));
  expect(await perMilestone()).toEqual(Array(CLICKS).fill(1));
  console.info(
    `[fault figures] Teams, ${fault.name} for ${Math.round(end - t0)} ms: 3 recorded before; ${refused} of 5 answered with the error during and not recorded, ${5 - refused} recorded once the lock went; after: ${CLICKS} of ${CLICKS} recorded once, 0 duplicated; recovered ${Math.round(recoverMs)} ms after it cleared`,
  );
}

describe("fault: SQLite locked by another process while Teams cards are answered", () => {
  let h: Harness;
  let milestones: string[];
  beforeAll(async () => {
    h = await startHarness(NOW, {}, { busyTimeoutMs: 250 });
    milestones = await setUp(h);
  });
  afterAll(async () => h?.close());

  it("answers the Teams error while locked (or, once the lock went, the recorded card: never a card for nothing), and every answered click is recorded exactly once after", async () => {
    let released: Promise<number> = Promise.resolve(0);
    await runTeamsFault(h, milestones, {
      name: "SQLite locked by another process",
      start: (x) =>
        new Promise<void>((resolve, reject) => {
          const file = x.t.url.replace(/^file:/, "");
          const script = `const D = require("better-sqlite3"); const d = new D(${JSON.stringify(file)}); d.exec("BEGIN EXCLUSIVE");
            console.log("locked"); setTimeout(() => { d.exec("ROLLBACK"); d.close(); process.exit(0); }, 6000);`;
          const child = spawn(process.execPath, ["-e", script], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
          released = new Promise<number>((r) => child.once("exit", () => r(performance.now())));
          child.stdout.on("data", (d: Buffer) => String(d).includes("locked") && resolve());
          child.once("error", reject);
        }),
      clear: () => released,
    });
  }, 60_000);
});

const fs = smallFs();
const skip = "skip" in fs ? fs.skip : null;

describe("fault: SQLite file and WAL read-only while Teams cards are answered", () => {
  let h: Harness;
  let milestones: string[];
  beforeAll(async () => {
    if (skip) return;
    h = await startHarness(NOW, {}, { busyTimeoutMs: 250, dir: (fs as SmallFs).dir });
    milestones = await setUp(h);
  });
  afterAll(async () => {
    await h?.close();
    if (!skip) (fs as SmallFs).cleanup();
  });

  it.skipIf(skip !== null)(
    `answers the Teams error while read-only, and every answered click is recorded exactly once after${skip ? ` (skipped: ${skip})` : ""}`,
    async () => {
      const small = fs as SmallFs;
      const files = (x: Harness) => {
        const file = x.t.url.replace(/^file:/, "");
        return [file, `${file}-wal`];
      };
      await runTeamsFault(h, milestones, {
        name: "SQLite file and WAL read-only (chattr +i)",
        async start(x) {
          small.immutable(files(x), true);
        },
        async clear(x) {
          await new Promise((r) => setTimeout(r, 2000));
          small.immutable(files(x), false);
          return performance.now();
        },
      });
    },
    60_000,
  );
});

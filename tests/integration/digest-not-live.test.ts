// Issue 19: a board digest is never posted for a plan that is not live. An imported plan is a draft; the
// scheduled tick skips its boards and says so in the log once per slot, with the fix; `ragtime digest` by hand
// refuses with a code and the fix (a dry run builds it and says it would not be posted); going live does not
// back-post the slot it missed, and a plan going live later gets no digest before then.
import { join } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Logger } from "../../src/logger.js";
import { digestJob } from "../../src/scheduler/jobs.js";
import { addBoard } from "../../src/services/boards.js";
import { PlanNotLiveError, postDigest, runDigestTick } from "../../src/services/digest.js";
import { goLive } from "../../src/services/golive.js";
import { importPlan } from "../../src/services/importPlan.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";
import { FIXTURES, runCli } from "./cli.helper.js";

const both = { slack: true, teams: true };
const IMPORTED = new Date("2026-11-02T09:00:00Z");
let t: TestDb;
let boardId: string;

async function stored() {
  return [await t.db.digest.count(), await t.db.outboxMessage.count({ where: { dedupeKey: { startsWith: "digest:" } } })];
}

beforeAll(async () => {
  t = await createSqliteTestDb();
  await importPlan(t.db, { file: join(FIXTURES, "devon-north-detailed-plan.csv"), planKey: "devon", now: IMPORTED });
  // Mondays 09:00 London
  const b = await addBoard(
    t.db,
    { name: "Devon Board", planKey: "devon", schedule: "MON 09:00", timeZone: "Europe/London", slackChannel: "C0DEVONBD1" },
    IMPORTED,
  );
  boardId = b.id;
}, 60_000);
afterAll(async () => t?.cleanup());

describe("digests of a plan that is not live", () => {
  it("postDigest refuses a draft with a code and the fix; nothing is stored or queued", async () => {
    expect((await t.db.plan.findUniqueOrThrow({ where: { key: "devon" } })).status).toBe("draft");
    const err = await postDigest(t.db, boardId, new Date("2026-11-09T00:00:00Z"), new Date("2026-11-09T09:00:00Z"), both).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PlanNotLiveError);
    expect((err as PlanNotLiveError).code).toBe("digest.plan_not_live");
    expect((err as PlanNotLiveError).message).toContain('plan "devon" is a draft');
    expect((err as PlanNotLiveError).fix).toContain("ragtime plan go-live devon");
    expect(await stored()).toEqual([0, 0]);
  });

  it("the scheduled job posts nothing for a draft and logs it once per slot, with the fix and no plan text", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = pino({ level: "info" }, sink) as unknown as Logger;
    const job = digestJob(t.db, { DIGEST_TICK: "* * * * *", slack: { enabled: true, mode: "http" }, teams: { enabled: false } }, log);
    // Monday 9 Nov 2026, the slot and the minutes after it
    for (const at of ["2026-11-09T09:00:30Z", "2026-11-09T09:01:30Z", "2026-11-09T10:00:30Z"]) await job.run(new Date(at));
    const r = await runDigestTick(t.db, new Date("2026-11-09T09:02:00Z"), both);
    expect(r).toEqual([
      expect.objectContaining({ boardId, asOf: "2026-11-09", planKey: "devon", notLive: expect.stringContaining("is a draft") }),
    ]);
    expect(await stored()).toEqual([0, 0]);
    const warned = lines
      .map((l) => JSON.parse(l) as { msg: string; level: number; plan?: string; asOf?: string })
      .filter((l) => l.level === 40);
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ plan: "devon", asOf: "2026-11-09" });
    expect(warned[0]!.msg).toContain("not live (fix: ragtime plan go-live devon)");
    // ids and the plan's key only: not the plan's name or the board's
    const name = (await t.db.plan.findUniqueOrThrow({ where: { key: "devon" } })).name;
    expect(lines.join("")).not.toContain(name);
    expect(lines.join("")).not.toContain("Devon Board");
  });

  it("`ragtime digest` by hand refuses with the fix (exit 2); a dry run builds it and says it would not be posted", async () => {
    const r = await runCli(["digest", "--board", "Devon Board", "--as-of", "2026-11-09"], t.url);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('plan "devon" is a draft');
    expect(r.stderr).toContain("ragtime plan go-live devon");
    const dry = await runCli(["digest", "--board", "Devon Board", "--as-of", "2026-11-09", "--dry-run"], t.url);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("Board digest");
    expect(dry.stdout).toContain('Not posted as it stands: plan "devon" is a draft');
    expect(dry.stdout).toContain("Fix: `ragtime plan go-live devon`");
    expect(await stored()).toEqual([0, 0]);
  });

  it("going live does not back-post the slot it missed; the next slot is posted; a later go-live date waits", async () => {
    // live from Wednesday 11 Nov: Monday 9 Nov's slot is not posted by a tick after going live
    await goLive(t.db, "devon", new Date("2026-11-11T12:00:00Z"));
    expect(await runDigestTick(t.db, new Date("2026-11-11T12:01:00Z"), both)).toEqual([]);
    expect(await stored()).toEqual([0, 0]);
    const next = await runDigestTick(t.db, new Date("2026-11-16T09:00:30Z"), both);
    expect(next).toEqual([expect.objectContaining({ boardId, asOf: "2026-11-16", created: true })]);
    expect(await stored()).toEqual([1, 1]);

    // going live again from a later date: nothing before then
    await goLive(t.db, "devon", new Date("2026-12-01T00:00:00Z"));
    const err = await postDigest(t.db, boardId, new Date("2026-11-23T00:00:00Z"), new Date("2026-11-23T09:00:00Z"), both).catch(
      (e: unknown) => e,
    );
    expect((err as PlanNotLiveError).message).toContain('plan "devon" goes live on 2026-12-01 00:00 UTC');
    expect(await runDigestTick(t.db, new Date("2026-11-23T09:00:30Z"), both)).toEqual([]);
    expect(await stored()).toEqual([1, 1]);
  });
});

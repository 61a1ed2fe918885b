// Two weeks of a board on the real Thurrock export: imported on 2 Jan 2018 (its RAG Initial and RAG 01/18
// columns become rating history), first digest on 8 Jan, a week of updates recorded in chat (a status move
// with its impact, a narrative-only update, a completed item with its impact, a date moved twice with two
// reasons, an escalation with the same status), reminders to one reachable and one unreachable owner, then the
// second digest on 15 Jan. Some of the text people type starts with =, -, @ (it must never become a formula).
import { join } from "node:path";
import type { DetailUpdate } from "../../src/core/cards/detail.js";
import { addBoard } from "../../src/services/boards.js";
import { type PostResult, postDigest } from "../../src/services/digest.js";
import { importPlan } from "../../src/services/importPlan.js";
import { recordUpdate } from "../../src/services/recordUpdate.js";
import { setPlanLive } from "../../src/storage/plans.js";
import type { TestDb } from "../helpers/db.js";

const FIX = join(import.meta.dirname, "../../../shared/fixtures/plans");
export const BOARD = "Thurrock Improvement Board";
export const WEEK1 = "2018-01-08";
export const WEEK2 = "2018-01-15";
const day = (s: string) => new Date(`${s}T00:00:00Z`);
const none = { slack: false, teams: false };

export const TEXT = {
  aNarrative: "Supervision audit completed in all three teams; policy relaunched.",
  aImpact: "Audited supervision records judged good rose from 40% to 65%.",
  bNarrative: '=HYPERLINK("http://example.invalid/x","Signs of Safety practice week held")',
  cNarrative: "Early help panel now reviews every step-down within 5 days.",
  cImpact: "Re-referrals to social care fell from 24% to 17% this quarter.",
  dReason1: "@risk: two assessment posts vacant until March",
  dReason2: "Agency team delayed by procurement",
  eBlockers: "-2 social workers on long-term sick; need agency cover approved by the DCS",
} as const;

export interface Weeks {
  boardId: string;
  week1: PostResult;
  week2: PostResult;
  ids: { a: string; b: string; c: string; d: string; e: string; unanswered: string };
  people: { neale: string; joe: string; teresa: string };
}

async function milestone(t: TestDb, title: string) {
  return t.db.milestone.findFirstOrThrow({ where: { title: { startsWith: title } }, include: { owners: { include: { person: true } } } });
}

function detail(over: Partial<DetailUpdate> & Pick<DetailUpdate, "optionId" | "status">): DetailUpdate {
  return {
    statusLabel: over.optionId,
    percentComplete: null,
    narrative: null,
    impact: null,
    evidenceUrl: null,
    revisedDue: null,
    revisedReason: null,
    blockers: null,
    ...over,
  };
}

export async function seedThurrockWeeks(t: TestDb): Promise<Weeks> {
  await importPlan(t.db, { file: join(FIX, "thurrock-development-plan.csv"), planKey: "thurrock", now: new Date("2018-01-02T09:00:00Z") });
  // imported plans are drafts; digests are posted only for live plans
  await setPlanLive(t.db, "thurrock", new Date("2018-01-02T09:00:00Z"));
  const b = await addBoard(t.db, { name: BOARD, planKey: "thurrock", chair: "Sheila Murphy" }, new Date("2018-01-02T09:30:00Z"));
  const a = await milestone(t, "Supervision Policy, Supervision Record and Supervision Audit");
  const bm = await milestone(t, "Signs of Safety Model is in place");
  const c = await milestone(t, "Targeted early help interventions are effective");
  const d = await milestone(t, "Children are consistently seen within 15 days");
  const e = await milestone(t, "Strategy meetings records capture description");
  const unanswered = await milestone(t, "A consistent approach to assessment and EH plans is establis");
  const person = async (name: string) => (await t.db.person.findFirstOrThrow({ where: { name } })).id;
  const people = { neale: await person("Neale Laurie"), joe: await person("Joe Tynan"), teresa: await person("Teresa Goulding") };
  // Neale and Joe are in Slack; Teresa has no chat account
  await t.db.person.update({ where: { id: people.neale }, data: { slackUserId: "U0NEALE01" } });
  await t.db.person.update({ where: { id: people.joe }, data: { slackUserId: "U0JOETYN1" } });

  const week1 = await postDigest(t.db, b.id, day(WEEK1), new Date(`${WEEK1}T09:00:00Z`), none);

  let n = 0;
  const record = async (milestoneId: string, actor: string, at: string, dt: DetailUpdate) => {
    const r = await recordUpdate(t.db, {
      milestoneId,
      actorPersonId: actor,
      source: "slack",
      idempotencyKey: `weeks-${++n}`,
      now: new Date(at),
      detail: dt,
    });
    if (!r.ok) throw new Error(`update ${n} refused: ${r.message}`);
  };
  // A: 2 -> 3, with its impact
  await record(
    a.id,
    people.neale,
    "2018-01-09T10:00:00Z",
    detail({ optionId: "3", status: "on_track", narrative: TEXT.aNarrative, impact: TEXT.aImpact }),
  );
  // B: narrative only (status stays 2)
  await record(bm.id, people.joe, "2018-01-10T11:00:00Z", detail({ optionId: "2", status: "at_risk", narrative: TEXT.bNarrative }));
  // C: complete, with its impact
  await record(
    c.id,
    people.neale,
    "2018-01-11T15:30:00Z",
    detail({ optionId: "4", status: "complete", percentComplete: 100, narrative: TEXT.cNarrative, impact: TEXT.cImpact }),
  );
  // D: moved twice, each time with a reason (recorded by Teresa's action lead? no: by Teresa herself through the CLI)
  const teresaRecord = async (at: string, dt: DetailUpdate) => {
    const r = await recordUpdate(t.db, {
      milestoneId: d.id,
      actorPersonId: people.teresa,
      source: "cli",
      idempotencyKey: `weeks-${++n}`,
      now: new Date(at),
      detail: dt,
    });
    if (!r.ok) throw new Error(`update ${n} refused: ${r.message}`);
  };
  await teresaRecord(
    "2018-01-09T09:00:00Z",
    detail({ optionId: "2", status: "at_risk", revisedDue: "2018-05-15", revisedReason: TEXT.dReason1 }),
  );
  await teresaRecord(
    "2018-01-12T09:00:00Z",
    detail({ optionId: "2", status: "at_risk", revisedDue: "2018-06-30", revisedReason: TEXT.dReason2 }),
  );
  // E: same status, escalated
  await record(e.id, people.joe, "2018-01-12T16:00:00Z", detail({ optionId: "2", status: "at_risk", blockers: TEXT.eBlockers }));
  // reminders this week: Joe (in Slack) about an item he does not answer; Teresa (no chat: it went to the log)
  const planId = (await t.db.plan.findFirstOrThrow({ where: { key: "thurrock" } })).id;
  await t.db.reminder.create({
    data: {
      dedupeKey: "weeks:cycle:joe",
      kind: "cycle",
      planId,
      recipientId: people.joe,
      milestoneIds: JSON.stringify([unanswered.id]),
      plannedFor: new Date("2018-01-10T09:00:00Z"),
    },
  });
  await t.db.reminder.create({
    data: {
      dedupeKey: "weeks:cycle:teresa",
      kind: "cycle",
      planId,
      recipientId: people.teresa,
      milestoneIds: JSON.stringify([d.id]),
      plannedFor: new Date("2018-01-10T09:00:00Z"),
    },
  });

  const week2 = await postDigest(t.db, b.id, day(WEEK2), new Date(`${WEEK2}T09:00:00Z`), none);
  return { boardId: b.id, week1, week2, ids: { a: a.id, b: bm.id, c: c.id, d: d.id, e: e.id, unanswered: unanswered.id }, people };
}

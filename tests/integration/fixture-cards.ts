// Every kind of card the council exports can produce, built by the real services from the real fixtures
// (../shared/fixtures/plans): each plan imported into its own SQLite file, a board with a meeting, then
// - every reminder the planner plans on a working morning 7 working days before that meeting (update-cycle
//   cards listing all of an owner's open items, plus whatever upcoming/due/overdue chasers fall that day),
// - the board digest with its thread,
// - the detail form and the recorded summary for the milestone with the longest text, with a 2,000-character
//   progress note (the longest a person can give).
import { join } from "node:path";
import { type Card, detailCard } from "../../src/core/cards/index.js";
import { NARRATIVE_MAX, recordedCard } from "../../src/core/cards/reminder.js";
import { planReminders } from "../../src/core/reminders/index.js";
import { scaleOf } from "../../src/core/status.js";
import { addBoard } from "../../src/services/boards.js";
import { buildDigest, renderDigest } from "../../src/services/digest.js";
import { importPlan } from "../../src/services/importPlan.js";
import { reminderMessageCard } from "../../src/services/reminders.js";
import { detailFormView } from "../../src/services/views.js";
import { loadPlannerData } from "../../src/storage/reminders.js";
import { createSqliteTestDb } from "../helpers/db.js";

export const FIXTURES = join(import.meta.dirname, "../../../shared/fixtures/plans");
export const PLAN_FILES = [
  "devon-improvement-plan.csv",
  "devon-north-detailed-plan.csv",
  "durham-ofsted-action-plan.csv",
  "durham-recommendations.csv",
  "thurrock-development-plan.csv",
];

export interface FixtureCard {
  name: string;
  card: Card;
}

const MEETING = "2018-03-05"; // a Monday
const NOW = new Date("2018-02-22T10:00:00Z"); // Thursday, 7 working days before, 10:00 in London
const IMPORTED = new Date("2017-10-01T09:00:00Z");

export async function fixtureCards(file: string): Promise<FixtureCard[]> {
  const t = await createSqliteTestDb();
  try {
    const key = file.replace(/\.csv$/, "");
    await importPlan(t.db, { file: join(FIXTURES, file), planKey: key, now: IMPORTED });
    // an imported plan is a draft that sends nothing; these cards are those of a plan live all along
    await t.db.plan.update({ where: { key }, data: { status: "live", liveFrom: null } });
    const board = await addBoard(
      t.db,
      { name: `${key} board`, planKey: key, meetings: [MEETING], teamsConversation: "19:b@thread.tacv2" },
      IMPORTED,
    );
    const out: FixtureCard[] = [];
    const data = await loadPlannerData(t.db, { now: NOW, planKey: key });
    const planned = planReminders(data.input);
    for (const r of planned)
      out.push({
        name: `${key} ${r.kind} reminder for ${r.view.recipientName} (${r.milestoneIds.length} items)`,
        card: reminderMessageCard(r),
      });
    const model = await buildDigest(t.db, board.id, NOW);
    out.push({ name: `${key} digest`, card: (await renderDigest(model)).card });
    const ms = await t.db.milestone.findMany({ include: { action: { include: { plan: true } } } });
    const longest = ms.sort((a, b) => b.title.length + b.action.title.length - (a.title.length + a.action.title.length))[0];
    if (longest) {
      const view = await detailFormView(t.db, longest.id, { narrative: "Progress. ".repeat(NARRATIVE_MAX / 10) });
      if (view) out.push({ name: `${key} detail form (longest milestone)`, card: detailCard(view) });
      out.push({
        name: `${key} recorded (longest milestone)`,
        card: recordedCard({
          milestoneId: longest.id,
          planName: longest.action.plan.name,
          scale: scaleOf(longest.action.plan.scale),
          ref: longest.action.ref,
          milestoneTitle: longest.title,
          status: "at_risk",
          statusLabel: null,
          byName: "Kara Haskayne",
          at: "10:12",
          narrative: "Progress. ".repeat(NARRATIVE_MAX / 10),
          revisedDue: "2018-06-30",
        }),
      });
    }
    return out;
  } finally {
    await t.cleanup();
  }
}

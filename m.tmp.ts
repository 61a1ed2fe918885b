import { assignColumns } from "./src/importer/assign.ts";
import { fixtureRows, renamed } from "./tests/helpers/plan-files.ts";
const R: Record<string, Record<string, string>> = {
  "devon-improvement-plan": { Action: "What will we do?", Milestones: "Steps along the way", Who: "Named person", Date: "Timing agreed" },
  "devon-north-detailed-plan": { Action: "How we will get there" },
  "durham-ofsted-action-plan": { "Action(s) linked to the tasks of the PID": "What we are doing about it" },
  "durham-recommendations": { "Ofsted Recommendation:": "What Ofsted asked of us" },
  "thurrock-development-plan": { Action: "How we will get there", "Responsible Officer": "Who is doing it", Time: "By the end of" },
  "thurrock-indicators": {},
};
for (const [n, m] of Object.entries(R)) {
  for (const rows of [fixtureRows(n), renamed(fixtureRows(n), m)]) {
    const a = assignColumns(rows[0], rows.slice(1, 401));
    console.log(n, JSON.stringify(a.actionCandidates), (a as any).totals ?? "");
  }
}

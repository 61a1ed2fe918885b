// A plan key given on the command line: the plan, or a usage error naming the closest keys (non-zero exit).
import { closest } from "../core/closest.js";
import type { Db } from "../storage/db.js";
import { findPlanByKey, planKeys } from "../storage/plans.js";
import { UsageError } from "./context.js";

export async function requirePlan(db: Db, key: string, option = "plan") {
  const plan = await findPlanByKey(db, key);
  if (plan) return plan;
  const all = await planKeys(db);
  if (all.length === 0)
    throw new UsageError(`${option}: no plan "${key}": there are no plans yet (\`ragtime import <file> --plan <key>\`)`);
  // near by key, or by a word of the plan's name ("thurock" -> thurrock; "devon" -> devon-yjs)
  const byName = new Map(all.map((p) => [p.name, p.key]));
  const near = [
    ...new Set([
      ...closest(
        key,
        all.map((p) => p.key),
      ),
      ...closest(key, byName.keys()).map((n) => byName.get(n) as string),
    ]),
  ];
  const hint = near.length ? ` Did you mean ${near.slice(0, 3).join(" or ")}?` : ` Plans: ${all.map((p) => p.key).join(", ")}.`;
  throw new UsageError(`${option}: no plan with key "${key}".${hint} (see \`ragtime plans list\`)`);
}

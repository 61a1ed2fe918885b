// The collection tick: asks each indicator's owner for the figure its board's next meeting reports on
// (core/indicators/collection.ts), through the outbox with a dedupe key per indicator and period, so ticks,
// restarts and replicas ask once.
import { indicatorRequestsDue } from "../core/indicators/collection.js";
import { isCadence } from "../core/indicators/types.js";
import { parsePolicy } from "../core/reminders/policy.js";
import type { EnabledPlatforms } from "../delivery/outbox.js";
import type { Db } from "../storage/db.js";
import { collectionData } from "../storage/indicators.js";
import { boardSections } from "./boards.js";
import { requestIndicatorValue } from "./indicator-submit.js";

function meetingsOf(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && /^\d{4}-\d{2}-\d{2}$/.test(x)) : [];
  } catch {
    return [];
  }
}

export interface CollectionTickResult {
  queued: { indicatorId: string; periodId: string; outboxId: string; via: string }[];
  errors: string[];
}

export async function runIndicatorCollectionTick(db: Db, now: Date, enabled: EnabledPlatforms): Promise<CollectionTickResult> {
  const result: CollectionTickResult = { queued: [], errors: [] };
  for (const plan of await collectionData(db)) {
    let cycle: number;
    try {
      cycle = parsePolicy(plan.policyJson, plan.key).cycleWorkingDays;
    } catch (e) {
      result.errors.push((e as Error).message);
      continue;
    }
    const given = new Set(plan.indicators.flatMap((i) => i.values.map((v) => `${i.id}|${v.period}`)));
    const owners = new Map(
      plan.indicators
        .filter((i) => i.owner)
        .map((i) => [i.owner?.id as string, { timeZone: i.owner?.timeZone as string, nation: i.owner?.nation as string }]),
    );
    const due = indicatorRequestsDue({
      indicators: plan.indicators.map((i) => ({
        id: i.id,
        ownerId: i.ownerId as string,
        cadence: isCadence(i.cadence) ? i.cadence : "monthly",
        sectionNumber: i.section?.number ?? null,
      })),
      boards: plan.boards.map((b) => ({ meetings: meetingsOf(b.meetingsJson), sections: boardSections(b.sectionsJson) })),
      owners,
      now,
      cycleWorkingDays: cycle,
      hasValue: (id, period) => given.has(`${id}|${period}`),
    });
    for (const r of due) {
      const q = await requestIndicatorValue(db, r.indicatorId, r.periodId, now, enabled);
      if (q?.created) result.queued.push({ indicatorId: r.indicatorId, periodId: r.periodId, outboxId: q.outboxId, via: q.via });
    }
  }
  return result;
}

// When an owner is asked for an indicator's figure: like the update cycle, N working days (the plan's
// cycleWorkingDays, default 7) before each board meeting, for the period that meeting reports on (monthly by
// default: the month before the meeting; quarterly: the last complete quarter), in the owner's working hours.
// Nothing is asked for a period that already has a value. Pure: the caller queues the requests (deduped).
import { addWorkingDays, inDeliveryWindow, localDate } from "../calendar.js";
import { reportingPeriod } from "./digest.js";
import type { Cadence } from "./types.js";

export interface CollectionIndicator {
  id: string;
  ownerId: string;
  cadence: Cadence;
  sectionNumber: string | null;
}

export interface CollectionBoard {
  /** YYYY-MM-DD meeting dates */
  meetings: string[];
  /** section numbers in scope; null = whole plan */
  sections: string[] | null;
}

export interface CollectionInput {
  indicators: CollectionIndicator[];
  boards: CollectionBoard[];
  owners: Map<string, { timeZone: string; nation: string }>;
  now: Date;
  cycleWorkingDays: number;
  /** does the indicator have a value for this period already? */
  hasValue(indicatorId: string, periodId: string): boolean;
}

export interface CollectionRequest {
  indicatorId: string;
  periodId: string;
  meeting: string;
}

export function indicatorRequestsDue(input: CollectionInput): CollectionRequest[] {
  const n = input.cycleWorkingDays;
  if (n <= 0) return [];
  const out = new Map<string, CollectionRequest>();
  for (const ind of input.indicators) {
    const owner = input.owners.get(ind.ownerId);
    if (!owner || !inDeliveryWindow(input.now, owner)) continue;
    const today = localDate(input.now, owner.timeZone);
    for (const board of input.boards) {
      if (board.sections && !(ind.sectionNumber && board.sections.includes(ind.sectionNumber))) continue;
      const meeting = [...board.meetings].sort().find((mt) => today < mt && addWorkingDays(mt, -n, owner.nation) <= today);
      if (!meeting) continue;
      const period = reportingPeriod(meeting, ind.cadence);
      const key = `${ind.id}|${period.id}`;
      if (out.has(key) || input.hasValue(ind.id, period.id)) continue;
      out.set(key, { indicatorId: ind.id, periodId: period.id, meeting });
    }
  }
  return [...out.values()];
}

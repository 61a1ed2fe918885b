// Rows an import writes: the column types of each table for the bulk statements (storage/bulk.ts), the ids,
// and the small conversions the writer and its milestone step share.
import { randomUUID } from "node:crypto";
import type { Cols } from "./bulk.js";

export const SECTION: Cols = { id: "text", planId: "text", label: "text", number: "text", title: "text", position: "int" };
export const PERSON: Cols = {
  id: "text",
  name: "text",
  normName: "text",
  initials: "text",
  roleTitle: "text",
  isPost: "bool",
  createdAt: "date",
  updatedAt: "date",
};
export const ACTION_FIELDS: Cols = {
  sectionId: "text",
  ref: "text",
  handle: "text",
  title: "text",
  outcome: "text",
  successMeasures: "text",
  recommendation: "text",
  startRaw: "text",
  start: "date",
  extraJson: "text",
  position: "int",
};
export const ACTION: Cols = { id: "text", planId: "text", key: "text", ...ACTION_FIELDS };
export const LINK_LEAD: Cols = { actionId: "text", personId: "text", roleTitle: "text" };
export const LINK_OWNER: Cols = { milestoneId: "text", personId: "text", roleTitle: "text" };
export const MILESTONE_UPDATE: Cols = {
  title: "text",
  position: "int",
  sourceRow: "int",
  dueRaw: "text",
  due: "date",
  revisedDue: "date",
  revisedReason: "text",
  revisionCount: "int",
  status: "text",
  statusLabel: "text",
  statusAt: "date",
  percentComplete: "int",
  latestUpdate: "text",
  impact: "text",
  updatedAt: "date",
};
export const MILESTONE: Cols = {
  id: "text",
  actionId: "text",
  key: "text",
  title: "text",
  dueRaw: "text",
  due: "date",
  baselineDue: "date",
  status: "text",
  statusLabel: "text",
  statusAt: "date",
  percentComplete: "int",
  latestUpdate: "text",
  impact: "text",
  position: "int",
  sourceRow: "int",
  createdAt: "date",
  updatedAt: "date",
};
export const STATUS_UPDATE: Cols = {
  id: "text",
  milestoneId: "text",
  source: "text",
  status: "text",
  statusLabel: "text",
  percentComplete: "int",
  narrative: "text",
  impact: "text",
  createdAt: "date",
};

export interface WriteCounts {
  sections: { created: number; updated: number };
  actions: { created: number; updated: number };
  milestones: { created: number; updated: number; unchanged: number };
  people: { created: number; matched: number };
  statusUpdates: number;
}

export function dayToDate(iso: string | null): Date | null {
  return iso ? new Date(`${iso}T00:00:00Z`) : null;
}

export function sameDate(a: Date | null, b: Date | null): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null);
}

// Ids that sort in creation order (like Prisma's cuid): "c", the time, 8 random characters fixed per process,
// then a counter. Inserting in key order keeps SQLite's and PostgreSQL's B-tree inserts at the right edge, several
// times faster than random ids; the time + random prefix keeps ids from different processes apart.
const ID_RANDOM = randomUUID().replace(/-/g, "").slice(0, 8);
let idPrefix = "";
let idCounter = 0;

export function newId(): string {
  // real clock on purpose: only to keep ids from different processes apart and ordered; never read as a date
  if (idCounter % 1_000_000 === 0) idPrefix = `c${Date.now().toString(36).padStart(9, "0")}${ID_RANDOM}`;
  idCounter++;
  return `${idPrefix}${(idCounter % 1_000_000).toString(36).padStart(4, "0")}`;
}

/** The StatusUpdate row (source "import") recording a milestone's status as the file states it. */
export function importedUpdate(
  milestoneId: string,
  m: { status: string; statusLabel: string | null; percentComplete: number | null; latestUpdate: string | null; impact: string | null },
  now: Date,
): Record<string, unknown> {
  return {
    id: newId(),
    milestoneId,
    source: "import",
    status: m.status,
    statusLabel: m.statusLabel,
    percentComplete: m.percentComplete,
    narrative: m.latestUpdate,
    impact: m.impact,
    createdAt: now,
  };
}

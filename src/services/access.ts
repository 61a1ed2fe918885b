// Who may record an update on a milestone, and which plans a person may see.
// Global admins come from RAGTIME_ADMINS: comma-separated e-mails, Slack user ids, Teams user ids or names.
import { normaliseName } from "../core/owners.js";
import { allPlanIds, type MilestoneAccessFacts, milestoneAccessFacts, planIdsInvolving } from "../storage/access.js";
import type { Db, Tx } from "../storage/db.js";
import { getPerson, type Person } from "../storage/people.js";

export type AccessReason = "owner" | "deputy" | "lead" | "lead_deputy" | "plan_admin" | "global_admin" | "not_found" | "forbidden";

export interface CanRecordResult {
  allowed: boolean;
  reason: AccessReason;
  /** set when a deputy records for the owner (or lead) they stand in for */
  onBehalfOf: string | null;
}

export interface AccessOptions {
  /** RAGTIME_ADMINS as configured (config.RAGTIME_ADMINS); none when not given */
  admins?: string | readonly string[] | null;
}

/** "a@x.gov.uk, U0123 ,Kara Haskayne" -> ["a@x.gov.uk", "U0123", "Kara Haskayne"] */
export function parseAdmins(raw: string | readonly string[] | null | undefined): string[] {
  if (raw === null || raw === undefined) return [];
  const parts = typeof raw === "string" ? raw.split(",") : raw;
  return parts.map((s) => s.trim()).filter((s) => s.length > 0);
}

function adminEntries(opts?: AccessOptions): string[] {
  return parseAdmins(opts?.admins);
}

/** Does this admin entry name this person (by e-mail, Slack id, Teams id or normalised name)? */
export function adminEntryMatches(entry: string, p: Pick<Person, "email" | "slackUserId" | "teamsUserId" | "normName">): boolean {
  const e = entry.trim();
  if (!e) return false;
  if (p.email && p.email.toLowerCase() === e.toLowerCase()) return true;
  if (p.slackUserId && p.slackUserId === e) return true;
  if (p.teamsUserId && p.teamsUserId === e) return true;
  return normaliseName(e) === p.normName;
}

export function isGlobalAdmin(p: Pick<Person, "email" | "slackUserId" | "teamsUserId" | "normName">, opts?: AccessOptions): boolean {
  return adminEntries(opts).some((e) => adminEntryMatches(e, p));
}

export async function isGlobalAdminId(db: Db | Tx, personId: string, opts?: AccessOptions): Promise<boolean> {
  const p = await getPerson(db, personId);
  return p ? isGlobalAdmin(p, opts) : false;
}

/**
 * Owner > deputy of an owner (records on behalf of that owner) > action lead > deputy of a lead > plan admin >
 * global admin. Everyone else is refused.
 */
export async function canRecord(db: Db | Tx, milestoneId: string, personId: string, opts?: AccessOptions): Promise<CanRecordResult> {
  return decideAccess(await milestoneAccessFacts(db, milestoneId), personId, (id) => isGlobalAdminId(db, id, opts));
}

/**
 * The one decision behind canRecord, on facts already read (services/recordUpdates.ts reads them for several
 * answers at once); `globalAdmin` is asked only when no role on the milestone allows it.
 */
export async function decideAccess(
  f: MilestoneAccessFacts | null,
  personId: string,
  globalAdmin: (personId: string) => boolean | Promise<boolean>,
): Promise<CanRecordResult> {
  if (!f) return { allowed: false, reason: "not_found", onBehalfOf: null };
  if (f.owners.some((o) => o.id === personId)) return { allowed: true, reason: "owner", onBehalfOf: null };
  const deputised = f.owners.find((o) => o.deputyId === personId);
  if (deputised) return { allowed: true, reason: "deputy", onBehalfOf: deputised.id };
  if (f.leads.some((l) => l.id === personId)) return { allowed: true, reason: "lead", onBehalfOf: null };
  const leadDeputised = f.leads.find((l) => l.deputyId === personId);
  if (leadDeputised) return { allowed: true, reason: "lead_deputy", onBehalfOf: leadDeputised.id };
  if (f.planAdminIds.includes(personId)) return { allowed: true, reason: "plan_admin", onBehalfOf: null };
  if (await globalAdmin(personId)) return { allowed: true, reason: "global_admin", onBehalfOf: null };
  return { allowed: false, reason: "forbidden", onBehalfOf: null };
}

/** Plan ids a person may see: owner, lead, deputy, board chair/member, plan admin; global admins see all. */
export async function plansVisibleTo(db: Db | Tx, personId: string | null, opts?: AccessOptions): Promise<string[]> {
  if (!personId) return [];
  if (await isGlobalAdminId(db, personId, opts)) return allPlanIds(db);
  return planIdsInvolving(db, personId);
}

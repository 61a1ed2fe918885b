// Person repository: look-ups by chat account / e-mail / normalised name, routing data and the admin lists.
import type { ConversationRef, Person } from "../generated/sqlite/client.js";
import type { Db, Tx } from "./db.js";

export type { Person };

export interface PlatformIds {
  slackUserId?: string | null;
  teamsUserId?: string | null;
  email?: string | null;
}

export function findPersonById(db: Db | Tx, id: string): Promise<Person | null> {
  return db.person.findUnique({ where: { id } });
}

/** First match wins: Slack id, then Teams id, then e-mail (case-insensitive). */
export async function findPersonByIds(db: Db | Tx, ids: PlatformIds): Promise<Person | null> {
  if (ids.slackUserId) {
    const p = await db.person.findUnique({ where: { slackUserId: ids.slackUserId } });
    if (p) return p;
  }
  if (ids.teamsUserId) {
    const p = await db.person.findUnique({ where: { teamsUserId: ids.teamsUserId } });
    if (p) return p;
    // Teams user ids arrive as "29:..." (Bot Framework) while installs record the AAD object id
    const ref = await db.conversationRef.findFirst({
      where: { aadObjectId: ids.teamsUserId, personId: { not: null } },
      select: { person: true },
    });
    if (ref?.person) return ref.person;
  }
  if (ids.email) {
    const email = ids.email.trim().toLowerCase();
    const p = await db.person.findUnique({ where: { email } });
    if (p) return p;
    // e-mails typed into plans or older rows may not be lower-case
    const all = await db.person.findMany({ where: { email: { not: null } } });
    return all.find((x) => x.email?.toLowerCase() === email) ?? null;
  }
  return null;
}

/** Exactly the person with this Teams user id (AAD object id); no fallback through conversation references. */
export function findPersonByTeamsUserId(db: Db | Tx, teamsUserId: string): Promise<Person | null> {
  return db.person.findUnique({ where: { teamsUserId } });
}

/** The person with this e-mail: stored lower-case, else exactly as written (trimmed). */
export async function findPersonByEmailAsWritten(db: Db | Tx, email: string): Promise<Person | null> {
  return (
    (await db.person.findUnique({ where: { email: email.trim().toLowerCase() } })) ??
    (await db.person.findFirst({ where: { email: { equals: email.trim() } } }))
  );
}

/** Any person holding this value in a unique account field (to report clashes). */
export function findPersonByAccount(db: Db | Tx, field: "email" | "slackUserId" | "teamsUserId", value: string): Promise<Person | null> {
  return db.person.findFirst({ where: { [field]: value } });
}

/** The Teams user ids (AAD object ids) of these people, for those who have one. */
export async function teamsUserIdsOf(db: Db | Tx, personIds: string[]): Promise<string[]> {
  const people = await db.person.findMany({ where: { id: { in: personIds } }, select: { teamsUserId: true } });
  return people.flatMap((p) => (p.teamsUserId ? [p.teamsUserId] : []));
}

/** Everyone's name and normalised name (for "did you mean" suggestions). */
export function listPersonNames(db: Db | Tx): Promise<{ name: string; normName: string }[]> {
  return db.person.findMany({ select: { name: true, normName: true } });
}

/** The fields an admin may set on a person (ragtime people set). */
export interface PersonFields {
  slackUserId?: string | null;
  teamsUserId?: string | null;
  email?: string | null;
  timeZone?: string;
  nation?: string;
  deputyId?: string | null;
  awayUntil?: Date | null;
  mentionOptIn?: boolean;
}

export function createPerson(
  db: Db | Tx,
  data: { name: string; normName: string; initials: string | null } & PersonFields,
): Promise<Person> {
  return db.person.create({ data });
}

export function updatePerson(db: Db | Tx, id: string, data: PersonFields): Promise<Person> {
  return db.person.update({ where: { id }, data });
}

export function findPersonByNormName(db: Db | Tx, normName: string): Promise<Person | null> {
  return db.person.findUnique({ where: { normName } });
}

export function getPerson(db: Db | Tx, id: string): Promise<Person | null> {
  return db.person.findUnique({ where: { id } });
}

/** The first person with exactly this name (as written), id and name only. */
export function findPersonByName(db: Db | Tx, name: string): Promise<{ id: string; name: string } | null> {
  return db.person.findFirst({ where: { name }, select: { id: true, name: true } });
}

/** The person's working-day calendar (time zone and nation), or null when there is no such person. */
export function personCalendar(db: Db | Tx, id: string): Promise<{ timeZone: string; nation: string } | null> {
  return db.person.findUnique({ where: { id }, select: { timeZone: true, nation: true } });
}

/** Everybody. */
export function listAllPeople(db: Db | Tx): Promise<Person[]> {
  return db.person.findMany();
}

export interface PersonAccounts {
  id: string;
  name: string;
  normName: string;
  email: string | null;
  slackUserId: string | null;
  teamsUserId: string | null;
}

/** Everyone's names and chat/e-mail accounts (to find clashes before an import writes). */
export function listPersonAccounts(db: Db | Tx): Promise<PersonAccounts[]> {
  return db.person.findMany({
    select: { id: true, name: true, normName: true, email: true, slackUserId: true, teamsUserId: true },
  });
}

/** The names of the milestone's owners. */
export async function milestoneOwnerNames(db: Db | Tx, milestoneId: string): Promise<string[]> {
  const owners = await db.milestoneOwner.findMany({ where: { milestoneId }, select: { person: { select: { name: true } } } });
  return owners.map((o) => o.person.name);
}

/** The person's personal Teams conversation (captured at install), newest first. */
export async function personalConversation(db: Db | Tx, personId: string): Promise<ConversationRef | null> {
  return db.conversationRef.findFirst({ where: { personId, kind: "personal" }, orderBy: { updatedAt: "desc" } });
}

export interface RoutingInfo {
  id: string;
  name: string;
  slackUserId: string | null;
  /** personal Teams conversation captured at install time, if any */
  teamsConversation?: { conversationId: string; serviceUrl: string } | null;
}

export async function routingInfo(db: Db | Tx, person: Person): Promise<RoutingInfo> {
  const ref = await personalConversation(db, person.id);
  return {
    id: person.id,
    name: person.name,
    slackUserId: person.slackUserId,
    teamsConversation: ref ? { conversationId: ref.conversationId, serviceUrl: ref.serviceUrl } : null,
  };
}

/** The plan with this key (id and name) for the admin operations on people; null when there is none. */
export function findPlanForAdmins(db: Db | Tx, planKey: string): Promise<{ id: string; name: string } | null> {
  return db.plan.findUnique({ where: { key: planKey }, select: { id: true, name: true } });
}

export function planAdmins(db: Db | Tx, planId: string): Promise<Person[]> {
  return db.person.findMany({ where: { adminOf: { some: { planId } } }, orderBy: { name: "asc" } });
}

export async function addPlanAdmin(db: Db | Tx, planId: string, personId: string): Promise<boolean> {
  const existing = await db.planAdmin.findUnique({ where: { planId_personId: { planId, personId } } });
  if (existing) return false;
  await db.planAdmin.create({ data: { planId, personId } });
  return true;
}

export interface PersonListing extends Person {
  deputyName: string | null;
  hasTeamsConversation: boolean;
  /** keys of plans in which the person owns a milestone or leads an action */
  planKeys: string[];
}

export async function listPeople(db: Db | Tx): Promise<PersonListing[]> {
  const people = await db.person.findMany({
    orderBy: { name: "asc" },
    include: {
      deputy: { select: { name: true } },
      conversations: { where: { kind: "personal" }, select: { id: true } },
      owns: { select: { milestone: { select: { action: { select: { plan: { select: { key: true } } } } } } } },
      leads: { select: { action: { select: { plan: { select: { key: true } } } } } },
    },
  });
  return people.map(({ deputy, conversations, owns, leads, ...p }) => {
    const keys = new Set<string>();
    for (const o of owns) keys.add(o.milestone.action.plan.key);
    for (const l of leads) keys.add(l.action.plan.key);
    return { ...p, deputyName: deputy?.name ?? null, hasTeamsConversation: conversations.length > 0, planKeys: [...keys].sort() };
  });
}

/** getPerson for several ids in one query (id -> person). */
export async function getPeople(db: Db | Tx, ids: string[]): Promise<Map<string, Person>> {
  const out = new Map<string, Person>();
  if (ids.length === 0) return out;
  for (const p of await db.person.findMany({ where: { id: { in: ids } } })) out.set(p.id, p);
  return out;
}

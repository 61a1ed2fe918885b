// People: finding the person behind a chat account, and the admin operations on people (import, set, list).
// People are matched by normalised name (core/owners.ts), the same way the plan importer matches owners, so
// "S  Murphy" in a people file is the "S Murphy" who owns items in the plan.

import { isTimeZone } from "../core/calendar.js";
import { UserError } from "../core/errors.js";
import { initialsOf, normaliseName } from "../core/owners.js";
import type { Db, Tx } from "../storage/db.js";
import {
  addPlanAdmin,
  createPerson,
  findPersonByAccount,
  findPersonById as findPersonByIdRow,
  findPersonByIds,
  findPersonByName,
  findPersonByNormName,
  findPlanForAdmins,
  listPeople,
  listPersonNames,
  type Person,
  type PersonFields,
  type PersonListing,
  personalConversation,
  updatePerson,
} from "../storage/people.js";
import { linkWaitingConversations } from "./conversations.js";

export type { Person, PersonListing };

/** The person with this normalised name (core/owners normaliseName), or null. */
export function findPersonByNormalisedName(db: Db | Tx, normName: string): Promise<Person | null> {
  return findPersonByNormName(db, normName);
}

/** The person with exactly this name, or null. */
export function findPersonNamed(db: Db | Tx, name: string): Promise<{ id: string; name: string } | null> {
  return findPersonByName(db, name);
}

/** The person with this id, or null. */
export function findPersonById(db: Db | Tx, id: string): Promise<Person | null> {
  return findPersonByIdRow(db, id);
}

/** The person with this Slack user id, Teams user id (or AAD object id) or e-mail; null when unmapped. */
export function findPersonByPlatformId(
  db: Db | Tx,
  ids: { slackUserId?: string; teamsUserId?: string; email?: string },
): Promise<Person | null> {
  return findPersonByIds(db, ids);
}

/** The person's personal (1:1) Teams conversation, if the app is installed for them. */
export function personalTeamsConversation(db: Db | Tx, personId: string) {
  return personalConversation(db, personId);
}

export const NATIONS = ["ENG", "WLS", "SCT", "NIR"] as const;
export type Nation = (typeof NATIONS)[number];

/** Bad input from an admin (unknown person, invalid value, clash with another person). */
export class PeopleInputError extends UserError {
  constructor(message: string, fix?: string) {
    super("people.bad_input", message, fix);
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SLACK_ID = /^[UW][A-Z0-9]{2,}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function checkEmail(v: string): string | null {
  return EMAIL.test(v) ? null : `"${v}" is not an e-mail address`;
}
export function checkSlackId(v: string): string | null {
  return SLACK_ID.test(v)
    ? null
    : `"${v}" is not a Slack user id (it looks like U0123ABCD; find it in the person's Slack profile > Copy member ID)`;
}
export function checkTimeZone(v: string): string | null {
  return isTimeZone(v) && v.includes("/") ? null : `"${v}" is not an IANA time zone (e.g. Europe/London)`;
}
export function checkNation(v: string): string | null {
  return (NATIONS as readonly string[]).includes(v.toUpperCase()) ? null : `"${v}" is not a nation: use ENG, WLS, SCT or NIR`;
}
export function checkDate(v: string): string | null {
  return ISO_DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ? null : `"${v}" is not a date (YYYY-MM-DD)`;
}

/** Who else already has this unique value? */
async function clash(
  db: Db | Tx,
  field: "email" | "slackUserId" | "teamsUserId",
  value: string,
  selfId: string | null,
): Promise<Person | null> {
  const other = await findPersonByAccount(db, field, value);
  return other && other.id !== selfId ? other : null;
}

export interface PersonChanges {
  slackUserId?: string | null;
  teamsUserId?: string | null;
  email?: string | null;
  timeZone?: string;
  nation?: string;
  /** deputy's name as written; null clears */
  deputy?: string | null;
  /** YYYY-MM-DD; null clears */
  awayUntil?: string | null;
  mentionOptIn?: boolean;
}

/** Validates and applies changes to the person with this name; create: add them when nobody has the name. */
export async function setPerson(db: Db, name: string, changes: PersonChanges, opts: { create?: boolean } = {}): Promise<Person> {
  const norm = normaliseName(name);
  if (!norm) throw new PeopleInputError("Give the person's name as the plan writes it.");
  let person = await findPersonByNormName(db, norm);
  if (!person && !opts.create) {
    const similar = (await listPersonNames(db))
      .filter((p) => norm.split(" ").some((w) => w.length > 1 && p.normName.split(" ").includes(w)))
      .slice(0, 5)
      .map((p) => `"${p.name}"`);
    throw new PeopleInputError(
      `Nobody called "${name}" is in ragtime.${similar.length ? ` Did you mean ${similar.join(", ")}?` : ""} Use --create to add them.`,
    );
  }
  const problems: string[] = [];
  const data: PersonFields = {};
  const selfId = person?.id ?? null;
  for (const [key, field, check] of [
    ["slackUserId", "slackUserId", checkSlackId],
    ["teamsUserId", "teamsUserId", null],
    ["email", "email", checkEmail],
  ] as const) {
    const v = changes[key];
    if (v === undefined) continue;
    if (v === null || v === "") {
      data[field] = null;
      continue;
    }
    const value = field === "email" ? v.trim().toLowerCase() : v.trim();
    const bad = check?.(value);
    if (bad) {
      problems.push(`--${key === "slackUserId" ? "slack" : key === "teamsUserId" ? "teams" : "email"}: ${bad}`);
      continue;
    }
    const other = await clash(db, field, value, selfId);
    if (other) problems.push(`${value} already belongs to ${other.name}`);
    else data[field] = value;
  }
  if (changes.timeZone !== undefined) {
    const bad = checkTimeZone(changes.timeZone);
    if (bad) problems.push(`--tz: ${bad}`);
    else data.timeZone = changes.timeZone;
  }
  if (changes.nation !== undefined) {
    const bad = checkNation(changes.nation);
    if (bad) problems.push(`--nation: ${bad}`);
    else data.nation = changes.nation.toUpperCase();
  }
  if (changes.awayUntil !== undefined) {
    if (changes.awayUntil === null) data.awayUntil = null;
    else {
      const bad = checkDate(changes.awayUntil);
      if (bad) problems.push(`--away-until: ${bad}`);
      else data.awayUntil = new Date(`${changes.awayUntil}T00:00:00Z`);
    }
  }
  if (changes.mentionOptIn !== undefined) data.mentionOptIn = changes.mentionOptIn;
  if (changes.deputy !== undefined) {
    if (changes.deputy === null) data.deputyId = null;
    else {
      const dep = await findPersonByNormName(db, normaliseName(changes.deputy));
      if (!dep) problems.push(`--deputy: nobody called "${changes.deputy}" is in ragtime (add them first)`);
      else if (dep.normName === norm) problems.push("--deputy: a person cannot be their own deputy");
      else data.deputyId = dep.id;
    }
  }
  if (problems.length) throw new PeopleInputError(problems.join("; "));
  person = person
    ? await updatePerson(db, person.id, data)
    : await createPerson(db, { name: name.trim().replace(/\s+/g, " "), normName: norm, initials: initialsOf(name), ...data });
  // the app may have been installed in their 1:1 chat before they were mapped: link that chat now
  if (data.teamsUserId || data.email) {
    const { linked } = await linkWaitingConversations(db, person.id);
    if (linked.length) person = (await findPersonByNormName(db, norm)) ?? person;
  }
  return person;
}

export interface ListPeopleOptions {
  /** only people with no chat account: no Slack id, no Teams user id and no Teams conversation */
  unmapped?: boolean;
}

export function isUnmapped(p: Pick<PersonListing, "slackUserId" | "teamsUserId" | "hasTeamsConversation">): boolean {
  return !p.slackUserId && !p.teamsUserId && !p.hasTeamsConversation;
}

export async function peopleList(db: Db | Tx, opts: ListPeopleOptions = {}): Promise<PersonListing[]> {
  const all = await listPeople(db);
  return opts.unmapped ? all.filter(isUnmapped) : all;
}

/** Makes a person an administrator of a plan (PlanAdmin). */
export async function addAdmin(db: Db, planKey: string, name: string): Promise<{ added: boolean; plan: string; person: string }> {
  const plan = await findPlanForAdmins(db, planKey);
  if (!plan) throw new PeopleInputError(`No plan with key "${planKey}" (see \`ragtime plans list\`).`);
  const person = await findPersonByNormName(db, normaliseName(name));
  if (!person)
    throw new PeopleInputError(`Nobody called "${name}" is in ragtime (add them with \`ragtime people set "${name}" --create\`).`);
  const added = await addPlanAdmin(db, plan.id, person.id);
  return { added, plan: plan.name, person: person.name };
}

// Boards: add/update and list. A board receives the weekly digest for a plan (or some of its sections).

import { isTimeZone } from "../core/calendar.js";
import { didYouMean } from "../core/closest.js";
import { parseSchedule, ScheduleError } from "../core/digest/schedule.js";
import { UserError } from "../core/errors.js";
import { initialsOf, normaliseName } from "../core/owners.js";
import { findBoardByName, listBoards, upsertBoard } from "../storage/boards.js";
import type { Db } from "../storage/db.js";
import { createPerson, findPersonByNormName, listPersonNames } from "../storage/people.js";
import { findPlanWithSections } from "../storage/plans.js";

export class BoardInputError extends UserError {
  constructor(message: string, fix?: string) {
    super("board.bad_input", message, fix);
  }
}

export interface AddBoardInput {
  name: string;
  planKey: string;
  /** section numbers (or labels) in scope; empty/undefined = whole plan */
  sections?: string[];
  chair?: string;
  members?: string[];
  slackChannel?: string;
  teamsConversation?: string;
  schedule?: string;
  timeZone?: string;
  /** YYYY-MM-DD */
  meetings?: string[];
  /** create a chair or member who is not known yet (otherwise an unknown name is an error with the closest names) */
  createPeople?: boolean;
}

function isIsoDate(d: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
}

/**
 * The people named as chair and members: known people by normalised name. Unknown names are all reported at once
 * with the closest known names, before anything is written, unless `create` says to add them.
 */
async function peopleByName(db: Db, named: { option: string; name: string }[], create: boolean): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const unknown: { option: string; name: string; norm: string }[] = [];
  for (const { option, name } of named) {
    const norm = normaliseName(name);
    if (!norm) throw new BoardInputError(`${option}: "${name}" is not a name`);
    const found = await findPersonByNormName(db, norm);
    if (found) ids.set(norm, found.id);
    else if (!unknown.some((u) => u.norm === norm)) unknown.push({ option, name: name.trim(), norm });
  }
  if (unknown.length && !create) {
    const known = (await listPersonNames(db)).map((p) => p.name);
    const lines = unknown.map((u) => `${u.option}: nobody called "${u.name}" is known.${didYouMean(u.name, known)}`);
    throw new BoardInputError(
      `${lines.join("\n")}\nUse the name as the plan or people file writes it (\`ragtime people list\`), or add --create-people to create ${unknown.length === 1 ? "this person" : "these people"}.`,
    );
  }
  for (const u of unknown) ids.set(u.norm, (await createPerson(db, { name: u.name, normName: u.norm, initials: initialsOf(u.name) })).id);
  return ids;
}

/** The board with this name (and its plan), or null. */
export function boardNamed(db: Db, name: string) {
  return findBoardByName(db, name);
}

/** `now` (the caller's clock) stamps a new board: the digest tick posts no slot from before it existed. */
export async function addBoard(db: Db, input: AddBoardInput, now: Date) {
  const name = input.name.trim();
  if (!name) throw new BoardInputError("the board needs a name");
  const plan = await findPlanWithSections(db, input.planKey);
  if (!plan) throw new BoardInputError(`no plan with key "${input.planKey}" (see \`ragtime plans list\`)`);
  // (the CLI checks --plan first, naming the closest keys)
  const sections = (input.sections ?? []).map((s) => s.trim()).filter(Boolean);
  for (const s of sections) {
    const ok = plan.sections.some((x) => x.number?.toLowerCase() === s.toLowerCase() || x.label.toLowerCase() === s.toLowerCase());
    if (!ok) {
      const nums = plan.sections.map((x) => x.number).filter(Boolean);
      throw new BoardInputError(
        `--sections: plan "${plan.key}" has no section "${s}"${nums.length ? ` (its sections are ${nums.join(", ")})` : ""}`,
      );
    }
  }
  const schedule = (input.schedule ?? "MON 09:00").trim();
  try {
    parseSchedule(schedule);
  } catch (e) {
    if (e instanceof ScheduleError) throw new BoardInputError(`--schedule: ${e.message}`);
    throw e;
  }
  const timeZone = (input.timeZone ?? plan.timeZone ?? "Europe/London").trim();
  if (!isTimeZone(timeZone)) throw new BoardInputError(`--tz: "${timeZone}" is not an IANA time zone (e.g. Europe/London)`);
  const meetings = (input.meetings ?? []).map((m) => m.trim()).filter(Boolean);
  for (const m of meetings) if (!isIsoDate(m)) throw new BoardInputError(`--meetings: "${m}" is not a date in YYYY-MM-DD form`);
  const slack = input.slackChannel?.trim() || null;
  if (slack && !/^[CGD][A-Z0-9]{6,}$/.test(slack))
    throw new BoardInputError(`--slack-channel: "${slack}" is not a Slack channel id (e.g. C0123456789)`);
  const teams = input.teamsConversation?.trim() || null;
  const members = (input.members ?? []).filter((m) => m.trim());
  const people = await peopleByName(
    db,
    [...(input.chair?.trim() ? [{ option: "--chair", name: input.chair }] : []), ...members.map((name) => ({ option: "--members", name }))],
    input.createPeople ?? false,
  );
  const chairId = input.chair?.trim() ? (people.get(normaliseName(input.chair)) as string) : null;
  const memberIds: string[] = [];
  for (const m of members) {
    const id = people.get(normaliseName(m)) as string;
    if (!memberIds.includes(id)) memberIds.push(id);
  }
  return upsertBoard(
    db,
    {
      name,
      planId: plan.id,
      sectionsJson: sections.length ? JSON.stringify(sections) : null,
      chairId,
      slackChannelId: slack,
      teamsConversationId: teams,
      schedule,
      timeZone,
      meetingsJson: JSON.stringify([...meetings].sort()),
    },
    memberIds,
    now,
  );
}

export interface BoardView {
  id: string;
  name: string;
  plan: string;
  sections: string[] | null;
  chair: string | null;
  members: string[];
  slackChannelId: string | null;
  teamsConversationId: string | null;
  schedule: string;
  timeZone: string;
  meetings: string[];
}

export function boardSections(sectionsJson: string | null): string[] | null {
  if (!sectionsJson) return null;
  try {
    const v = JSON.parse(sectionsJson) as unknown;
    return Array.isArray(v) && v.length ? v.map(String) : null;
  } catch {
    return null;
  }
}

export async function boardsList(db: Db): Promise<BoardView[]> {
  return (await listBoards(db)).map((b) => ({
    id: b.id,
    name: b.name,
    plan: b.plan.key,
    sections: boardSections(b.sectionsJson),
    chair: b.chair?.name ?? null,
    members: b.members.map((m) => m.person.name),
    slackChannelId: b.slackChannelId,
    teamsConversationId: b.teamsConversationId,
    schedule: b.schedule,
    timeZone: b.timeZone,
    meetings: JSON.parse(b.meetingsJson || "[]") as string[],
  }));
}

// `ragtime people import <people.csv>`: map the people named in plans to chat accounts, time zones, nations
// and deputies. Columns: name, email, slack_user_id, teams_user_id, time_zone, nation, deputy (header
// order free, a few aliases accepted). A bad row is reported with its row and column and skipped; the
// other rows are written in one transaction (with strict, nothing is written if any row is bad).
// Empty cells never clear what is already known.
import { parse } from "csv-parse/sync";
import { initialsOf, normaliseName } from "../core/owners.js";
import type { Db } from "../storage/db.js";
import { createPerson, findPersonByNormName, listPersonAccounts, type PersonFields, updatePerson } from "../storage/people.js";
import { linkWaitingConversations } from "./conversations.js";
import { checkEmail, checkNation, checkSlackId, checkTimeZone, PeopleInputError } from "./people.js";

export type PeopleField = "name" | "email" | "slack_user_id" | "teams_user_id" | "time_zone" | "nation" | "deputy";

const ALIASES: Record<string, PeopleField> = {
  name: "name",
  full_name: "name",
  person: "name",
  email: "email",
  e_mail: "email",
  email_address: "email",
  slack_user_id: "slack_user_id",
  slack_id: "slack_user_id",
  slack: "slack_user_id",
  teams_user_id: "teams_user_id",
  teams_id: "teams_user_id",
  teams: "teams_user_id",
  aad_object_id: "teams_user_id",
  time_zone: "time_zone",
  timezone: "time_zone",
  tz: "time_zone",
  nation: "nation",
  deputy: "deputy",
  deputy_name: "deputy",
};

export interface PeopleImportError {
  /** 1-based data row (the header is row 0) */
  row: number;
  column: string;
  message: string;
}

export interface PeopleImportReport {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  written: boolean;
  errors: PeopleImportError[];
  ignoredColumns: string[];
  people: { row: number; name: string; outcome: "created" | "updated" | "unchanged" }[];
  /** personal Teams chats installed before their person was mapped, linked by this import */
  linkedConversations?: number;
}

interface Row {
  row: number;
  name: string;
  norm: string;
  email: string | null;
  slackUserId: string | null;
  teamsUserId: string | null;
  timeZone: string | null;
  nation: string | null;
  deputy: string | null;
}

function headerKey(h: string): string {
  return h
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
}

export function parsePeopleCsv(text: string): { header: string[]; records: string[][] } {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (e) {
    throw new PeopleInputError(`The people file is not valid CSV: ${(e as Error).message}`);
  }
  const header = records.shift();
  if (!header) throw new PeopleInputError("The people file is empty: expected a header row with name, email, slack_user_id, ...");
  return { header, records };
}

export async function importPeople(db: Db, text: string, opts: { strict?: boolean; dryRun?: boolean } = {}): Promise<PeopleImportReport> {
  const { header, records } = parsePeopleCsv(text);
  const columns = new Map<PeopleField, number>();
  const ignoredColumns: string[] = [];
  header.forEach((h, i) => {
    const f = ALIASES[headerKey(h)];
    if (f && !columns.has(f)) columns.set(f, i);
    else if (h.trim()) ignoredColumns.push(h);
  });
  if (!columns.has("name"))
    throw new PeopleInputError(
      `The people file has no "name" column (found: ${header.join(", ")}). Expected name, email, slack_user_id, teams_user_id, time_zone, nation, deputy.`,
    );

  const errors: PeopleImportError[] = [];
  const rows: Row[] = [];
  const seen = new Map<string, number>();
  const seenIds = new Map<string, number>();
  const anyRow = new Map<string, number>();
  const cell = (r: string[], f: PeopleField): string | null => {
    const i = columns.get(f);
    const v = i === undefined ? "" : (r[i] ?? "").trim();
    return v === "" ? null : v;
  };

  records.forEach((rec, idx) => {
    const row = idx + 1;
    const bad = (column: PeopleField, message: string) => errors.push({ row, column, message });
    const before = errors.length;
    const name = cell(rec, "name");
    const norm = name ? normaliseName(name) : "";
    if (norm && !anyRow.has(norm)) anyRow.set(norm, row);
    if (!name || !norm) bad("name", "name is empty");
    else if (seen.has(norm)) bad("name", `"${name}" is already on row ${seen.get(norm)}`);
    const email = cell(rec, "email")?.toLowerCase() ?? null;
    if (email && checkEmail(email)) bad("email", checkEmail(email)!);
    const slack = cell(rec, "slack_user_id");
    if (slack && checkSlackId(slack)) bad("slack_user_id", checkSlackId(slack)!);
    const teams = cell(rec, "teams_user_id");
    const tz = cell(rec, "time_zone");
    if (tz && checkTimeZone(tz)) bad("time_zone", checkTimeZone(tz)!);
    const nation = cell(rec, "nation");
    if (nation && checkNation(nation)) bad("nation", checkNation(nation)!);
    const deputy = cell(rec, "deputy");
    if (deputy && normaliseName(deputy) === norm) bad("deputy", "a person cannot be their own deputy");
    for (const [col, v] of [
      ["email", email],
      ["slack_user_id", slack],
      ["teams_user_id", teams],
    ] as const) {
      if (!v) continue;
      const k = `${col}:${v}`;
      if (seenIds.has(k)) bad(col, `${v} is already given to row ${seenIds.get(k)}`);
    }
    if (errors.length > before || !name) return;
    seen.set(norm, row);
    for (const [col, v] of [
      ["email", email],
      ["slack_user_id", slack],
      ["teams_user_id", teams],
    ] as const)
      if (v) seenIds.set(`${col}:${v}`, row);
    rows.push({
      row,
      name,
      norm,
      email,
      slackUserId: slack,
      teamsUserId: teams,
      timeZone: tz,
      nation: nation?.toUpperCase() ?? null,
      deputy,
    });
  });

  // clashes with people already in the database, and deputies that name nobody
  const existing = await listPersonAccounts(db);
  const byNorm = new Map(existing.map((p) => [p.normName, p]));
  const clean: Row[] = [];
  for (const r of rows) {
    const before = errors.length;
    const self = byNorm.get(r.norm);
    for (const [col, field, v] of [
      ["email", "email", r.email],
      ["slack_user_id", "slackUserId", r.slackUserId],
      ["teams_user_id", "teamsUserId", r.teamsUserId],
    ] as const) {
      if (!v) continue;
      const other = existing.find((p) => p[field] === v && p.normName !== r.norm);
      if (other && other.id !== self?.id) errors.push({ row: r.row, column: col, message: `${v} already belongs to ${other.name}` });
    }
    if (errors.length === before) clean.push(r);
  }
  // a deputy must be in ragtime already or on an accepted row of this file
  const inFile = new Set(clean.map((r) => r.norm));
  const accepted: Row[] = [];
  for (const r of clean) {
    const dn = r.deputy ? normaliseName(r.deputy) : null;
    if (dn && !byNorm.has(dn) && !inFile.has(dn)) {
      const rejected = anyRow.get(dn) ?? null;
      errors.push({
        row: r.row,
        column: "deputy",
        message: rejected
          ? `deputy "${r.deputy}" is on row ${rejected}, which has errors`
          : `nobody called "${r.deputy}" is in ragtime or in this file`,
      });
    } else accepted.push(r);
  }
  errors.sort((a, b) => a.row - b.row);

  const report: PeopleImportReport = {
    rows: records.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    written: false,
    errors,
    ignoredColumns,
    people: [],
  };
  const skipWrite = opts.dryRun || (opts.strict && errors.length > 0);

  await db.$transaction(async (tx) => {
    const ids = new Map<string, string>();
    for (const r of accepted) {
      const current = await findPersonByNormName(tx, r.norm);
      const data: PersonFields = {};
      if (r.email) data.email = r.email;
      if (r.slackUserId) data.slackUserId = r.slackUserId;
      if (r.teamsUserId) data.teamsUserId = r.teamsUserId;
      if (r.timeZone) data.timeZone = r.timeZone;
      if (r.nation) data.nation = r.nation;
      if (!current) {
        report.created++;
        report.people.push({ row: r.row, name: r.name, outcome: "created" });
        if (skipWrite) continue;
        const p = await createPerson(tx, { name: r.name.replace(/\s+/g, " "), normName: r.norm, initials: initialsOf(r.name), ...data });
        ids.set(r.norm, p.id);
        continue;
      }
      ids.set(r.norm, current.id);
      const changed = Object.entries(data).filter(([k, v]) => (current as Record<string, unknown>)[k] !== v);
      const depChange = r.deputy ? (byNorm.get(normaliseName(r.deputy))?.id ?? "new") !== current.deputyId : false;
      const outcome = changed.length || depChange ? "updated" : "unchanged";
      report[outcome]++;
      report.people.push({ row: r.row, name: current.name, outcome });
      if (!skipWrite && changed.length) await updatePerson(tx, current.id, Object.fromEntries(changed));
    }
    if (skipWrite) return;
    for (const r of accepted) {
      if (!r.deputy) continue;
      const dn = normaliseName(r.deputy);
      const deputyId = ids.get(dn) ?? byNorm.get(dn)?.id;
      const selfId = ids.get(r.norm);
      if (deputyId && selfId) await updatePerson(tx, selfId, { deputyId });
    }
    report.written = true;
  });
  // chats the app was installed in before these people were mapped are theirs now
  if (report.written) report.linkedConversations = (await linkWaitingConversations(db)).linked.length;
  return report;
}

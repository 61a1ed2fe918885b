// What a column's cells look like, whatever its header says: how many parse as UK dates, are status words of a
// known scale, look like people or posts, look like refs (1.1, N7, P3), how long and how varied the text is,
// and whether it is a parent column filled down (written once, then blank or repeated). Pure.
import { parseUkDate } from "../core/dates.js";
import { readStatusCell, statusOfLabel } from "../core/plan-labels.js";
import { scaleOf } from "../core/status.js";
import { sectionParts } from "./sections.js";

export interface ColumnProfile {
  /** share of the rows with text in this column */
  fill: number;
  /** shares of the filled cells */
  date: number;
  status: number;
  person: number;
  ref: number;
  sectionLabel: number;
  percent: number;
  number: number;
  /** cells opening with an imperative verb ("Develop", "Ensure", "Review") - how plans write actions */
  verb: number;
  /** mean length of the filled cells, in characters */
  meanLen: number;
  /** distinct values / filled cells */
  distinct: number;
  /** rows blank or repeating the value above, after the first filled one: a parent column filled down */
  parent: number;
}

const RAG = scaleOf("rag");
const NUMERIC = scaleOf("numeric5");

const VERBS = new Set(
  (
    "achieve address agree align analyse appoint assess audit build carry challenge clarify co-ordinate coordinate commission " +
    "complete conduct confirm consider consult continue create deliver design develop devise embed enable engage ensure " +
    "establish evaluate expand explore extend finalise focus identify implement improve increase introduce invest launch " +
    "maintain manage map monitor move offer plan prepare produce promote provide publish raise recruit reduce refresh " +
    "reinforce relaunch renew report require resolve restructure retain review revise roll run secure set share " +
    "streamline strengthen support test track train undertake update use work write"
  ).split(" "),
);

const ROLE_WORDS =
  /\b(head|heads|manager|managers|director|directors|officer|officers|lead|leads|coordinator|co-ordinator|smt|dmt|slt|chair|principal|headteacher|commissioner|advisor|adviser|consultant|administrator|dcs|ceo)\b/i;
const INITIALS = /^[A-Z]{2,4}\??$/;
const NAME = /^(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?(?:[A-Z]\.?\s+|[A-Z][a-z'’-]+\s+)(?:[A-Z][a-z'’-]+\s+)?[A-Z][A-Za-z'’-]+$/;
const REF = /^(?:[A-Z]{1,3}\s?)?\d{1,3}(?:\.\d{1,3}){0,3}[a-z]?\.?$/;

export function looksLikePeople(v: string): boolean {
  if (v.length > 120 || v.split(/\s+/).length > 16) return false;
  const parts = v
    .split(/\s*(?:\/|,|&|;|\n|\band\b|\+)\s*/)
    .map((p) => p.replace(/\(.*?\)/g, "").trim())
    .filter(Boolean);
  if (parts.length === 0) return false;
  const post = (p: string) => ROLE_WORDS.test(p) && p.split(/\s+/).length <= 8;
  const person = (p: string) => INITIALS.test(p) || NAME.test(p) || post(p);
  // every part a person or a post, or a post written with its service ("Strategic Manager, Children's Services")
  return parts.every(person) || (parts.some(post) && parts.length <= 4);
}

export function looksLikeRef(v: string): boolean {
  return v.length <= 10 && REF.test(v);
}

function isStatus(v: string): boolean {
  if (statusOfLabel(v, RAG) || statusOfLabel(v, NUMERIC)) return true;
  return readStatusCell(v, RAG).kind === "status";
}

function isDate(v: string): boolean {
  if (/^[\d.,%\s-]+$/.test(v) && !/^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/.test(v)) return false;
  return parseUkDate(v).kind === "date";
}

const [DATE, STATUS, PERSON, REF_, SECTION, PERCENT, NUMBER, VERB] = [1, 2, 4, 8, 16, 32, 64, 128];
// the header row is looked for over the same cells many times, and plans repeat cells: each distinct text is
// read once (the cache is bounded; it only holds what a cell looks like)
const cache = new Map<string, number>();

function features(v: string): number {
  const hit = cache.get(v);
  if (hit !== undefined) return hit;
  let f = 0;
  if (isDate(v)) f |= DATE;
  if (isStatus(v)) f |= STATUS;
  if (looksLikePeople(v)) f |= PERSON;
  const ref = looksLikeRef(v);
  if (ref) f |= REF_;
  // "1. Recruiting ...", "Theme 2: ...", "Priority 3" (not "1.1 Develop ...", an action with its ref)
  if (v.length < 160 && !ref && /^\d+[a-z]?$/.test(sectionParts(v).number ?? "")) f |= SECTION;
  if (/^\d+(\.\d+)?\s*%$/.test(v)) f |= PERCENT;
  if (/^-?\d+(\.\d+)?$/.test(v)) f |= NUMBER;
  const first = /^[A-Za-z-]+/.exec(v)?.[0]?.toLowerCase();
  if (first && VERBS.has(first)) f |= VERB;
  if (cache.size > 50_000) cache.clear();
  cache.set(v, f);
  return f;
}

/** Profile one column from its cells (data rows only, in order). */
export function profileColumn(cells: string[]): ColumnProfile {
  const p: ColumnProfile = {
    fill: 0,
    date: 0,
    status: 0,
    person: 0,
    ref: 0,
    sectionLabel: 0,
    percent: 0,
    number: 0,
    verb: 0,
    meanLen: 0,
    distinct: 0,
    parent: 0,
  };
  const seen = new Set<string>();
  let filled = 0;
  let len = 0;
  let prev: string | null = null;
  let parentRows = 0;
  let after = 0;
  for (const raw of cells) {
    const v = raw.trim();
    if (prev !== null) {
      after++;
      if (v === "" || v === prev) parentRows++;
    }
    if (!v) continue;
    prev = v;
    filled++;
    len += v.length;
    seen.add(v);
    const f = features(v);
    if (f & DATE) p.date++;
    if (f & STATUS) p.status++;
    if (f & PERSON) p.person++;
    if (f & REF_) p.ref++;
    if (f & SECTION) p.sectionLabel++;
    if (f & PERCENT) p.percent++;
    if (f & NUMBER) p.number++;
    if (f & VERB) p.verb++;
  }
  if (filled === 0) return p;
  for (const k of ["date", "status", "person", "ref", "sectionLabel", "percent", "number", "verb"] as const) p[k] /= filled;
  p.fill = filled / Math.max(1, cells.length);
  p.meanLen = len / filled;
  p.distinct = seen.size / filled;
  p.parent = after ? parentRows / after : 0;
  return p;
}

/** How much a column reads as running text (not dates, people, statuses, refs or numbers). */
export function textness(p: ColumnProfile): number {
  if (p.fill === 0) return 0;
  const len = Math.min(1, Math.max(0, (p.meanLen - 8) / 32));
  return len * (1 - Math.max(p.date, p.person, p.status, p.ref, p.percent, p.number));
}

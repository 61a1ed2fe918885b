// Resolving the names in a question against the plans the asker can see: sections by number or fuzzy title,
// people by exact / initials / fuzzy name, actions by exact ref. fuse.js is pure, so this stays in core.
import Fuse from "fuse.js";
import { dayNumber, type MilestoneFact, type PersonFact, type PlanFacts, type SectionFact, statusWords } from "../digest/facts.js";
import { cmpRef, statusKey } from "../digest/model.js";
import { sectionHeading, sectionWordOf } from "../digest/sections.js";
import { normaliseName } from "../owners.js";

export interface IndexedSection extends SectionFact {
  heading: string;
  planName: string;
  /** what the plan calls its sections: "Priority", "Theme" */
  word: string;
}

export interface QuestionIndex {
  plans: PlanFacts[];
  planById: Map<string, PlanFacts>;
  sections: IndexedSection[];
  sectionById: Map<string, IndexedSection>;
  /** people who own or lead something in the visible plans */
  people: PersonFact[];
  personById: Map<string, PersonFact>;
  /** normalised ref -> milestones of the actions with that ref */
  byRef: Map<string, MilestoneFact[]>;
  milestones: MilestoneFact[];
  sectionFuse: Fuse<IndexedSection>;
  personFuse: Fuse<PersonFact>;
  actionFuse: Fuse<{ actionId: string; title: string }>;
  byAction: Map<string, MilestoneFact[]>;
  /** the milestone's status key on its plan's scale (cached) */
  statusKeyOf(m: MilestoneFact): string;
  /** the milestone's status in its plan's words (cached per plan + status + label) */
  statusWordsOf(m: MilestoneFact): string;
  metaOf(m: MilestoneFact): MilestoneMeta;
  /** metaOf of each of `milestones`, same order (scans by index skip the per-milestone look-up) */
  metas: MilestoneMeta[];
  /** per-index memo for derived tables (e.g. last update per milestone up to a date) */
  memo<T>(key: string, build: () => T): T;
}

export interface MilestoneMeta {
  key: string;
  words: string;
  dueDay: number | null;
  secPos: number;
  /** position of the milestone's ref in natural order (refless last) */
  refRank: number;
}

export function normRef(ref: string): string {
  return ref.replace(/\s+/g, "").toUpperCase();
}

/** Builds the lookup structures once for a set of plans (the bench measures questions on a prepared index). */
export function buildQuestionIndex(plans: PlanFacts[]): QuestionIndex {
  const sections: IndexedSection[] = [];
  const people = new Map<string, PersonFact>();
  const byRef = new Map<string, MilestoneFact[]>();
  const byAction = new Map<string, MilestoneFact[]>();
  const actions: { actionId: string; title: string }[] = [];
  const milestones: MilestoneFact[] = [];
  for (const p of plans) {
    const word = sectionWordOf(p.sections);
    for (const s of p.sections) sections.push({ ...s, heading: sectionHeading(s, word), planName: p.plan.name, word });
    const owners = new Set<string>();
    for (const m of p.milestones) {
      milestones.push(m);
      for (const o of m.owners) owners.add(o.id);
      if (m.ref) {
        const k = normRef(m.ref);
        const l = byRef.get(k);
        if (l) l.push(m);
        else byRef.set(k, [m]);
      }
      const a = byAction.get(m.actionId);
      if (a) a.push(m);
      else {
        byAction.set(m.actionId, [m]);
        actions.push({ actionId: m.actionId, title: m.actionTitle });
      }
    }
    for (const person of p.people) if (owners.has(person.id)) people.set(person.id, person);
  }
  const peopleList = [...people.values()];
  const scaleByPlan = new Map(plans.map((p) => [p.plan.id, p.plan.scale]));
  // per-milestone facts computed once per load: status key and words (via a per-combination cache), due day,
  // section position, so that questions over 20,000 milestones stay in the millisecond range
  const combo = new Map<string, { key: string; words: string }>();
  const secPos = new Map(sections.map((s) => [s.id, s.position]));
  const meta = new Map<MilestoneFact, MilestoneMeta>();
  const metas: MilestoneMeta[] = [];
  const refs = [...new Set(milestones.map((m) => m.ref).filter((r): r is string => r !== null))].sort(cmpRef);
  const rank = new Map(refs.map((r, i) => [r, i]));
  for (const m of milestones) {
    const k = `${m.planId}\u0000${m.status}\u0000${m.statusLabel ?? ""}`;
    let c = combo.get(k);
    if (!c) {
      const scale = scaleByPlan.get(m.planId)!;
      c = { key: statusKey(scale, m), words: statusWords(scale, m.status, m.statusLabel) };
      combo.set(k, c);
    }
    const mm: MilestoneMeta = {
      key: c.key,
      words: c.words,
      dueDay: m.due ? dayNumber(m.due) : null,
      secPos: m.sectionId ? (secPos.get(m.sectionId) ?? 1e6) : 1e6,
      refRank: m.ref ? (rank.get(m.ref) ?? 1e9) : 1e9,
    };
    metas.push(mm);
    meta.set(m, mm);
  }
  const metaOf = (m: MilestoneFact): MilestoneMeta => {
    const v = meta.get(m);
    if (v) return v;
    const scale = scaleByPlan.get(m.planId)!;
    return {
      key: statusKey(scale, m),
      words: statusWords(scale, m.status, m.statusLabel),
      dueDay: m.due ? dayNumber(m.due) : null,
      secPos: 1e6,
      refRank: 1e9,
    };
  };
  const memos = new Map<string, unknown>();
  return {
    metaOf,
    metas,
    memo<T>(key: string, build: () => T): T {
      if (!memos.has(key)) memos.set(key, build());
      return memos.get(key) as T;
    },
    statusKeyOf: (m) => metaOf(m).key,
    statusWordsOf: (m) => metaOf(m).words,
    plans,
    planById: new Map(plans.map((p) => [p.plan.id, p])),
    sections,
    sectionById: new Map(sections.map((s) => [s.id, s])),
    people: peopleList,
    personById: people,
    byRef,
    byAction,
    milestones,
    sectionFuse: new Fuse(sections, { keys: ["title", "label"], includeScore: true, threshold: 0.4, ignoreLocation: true }),
    personFuse: new Fuse(peopleList, { keys: ["name"], includeScore: true, threshold: 0.3, ignoreLocation: true }),
    actionFuse: new Fuse(actions, { keys: ["title"], includeScore: true, threshold: 0.35, ignoreLocation: true }),
  };
}

export type Resolved<T> = { kind: "one"; value: T } | { kind: "many"; options: T[] } | { kind: "none" };

export function resolveSection(ix: QuestionIndex, q: { number?: string; text?: string; word?: string }): Resolved<IndexedSection> {
  if (q.number) {
    const n = q.number.toLowerCase();
    let hits = ix.sections.filter((s) => s.number?.toLowerCase() === n);
    // "theme 2" when one plan has themes and another priorities: the plan's own word decides
    if (hits.length > 1 && q.word) {
      const same = hits.filter((s) => s.word.toLowerCase() === q.word!.toLowerCase());
      if (same.length >= 1) hits = same;
    }
    if (hits.length === 1) return { kind: "one", value: hits[0]! };
    return hits.length ? { kind: "many", options: hits } : { kind: "none" };
  }
  if (!q.text) return { kind: "none" };
  const res = ix.sectionFuse.search(q.text);
  if (!res.length) return { kind: "none" };
  const best = res[0]!.score ?? 0;
  const close = res.filter((r) => (r.score ?? 0) - best < 0.02);
  if (close.length > 1 && best > 0.001) return { kind: "many", options: close.map((r) => r.item).slice(0, 5) };
  return { kind: "one", value: res[0]!.item };
}

/** A person by name as asked: exact name, initials, all words as name parts (so "Kara" finds "Kara Haskayne"), then fuzzy. */
export function resolvePerson(ix: QuestionIndex, name: string): Resolved<PersonFact> {
  const n = normaliseName(name);
  if (!n) return { kind: "none" };
  const exact = ix.people.filter((p) => normaliseName(p.name) === n);
  if (exact.length === 1) return { kind: "one", value: exact[0]! };
  const words = n.split(" ");
  const partial = ix.people.filter((p) => {
    const parts = normaliseName(p.name).split(" ");
    return words.every((w) => parts.some((x) => x === w || (w.length >= 3 && x.startsWith(w))));
  });
  if (partial.length === 1) return { kind: "one", value: partial[0]! };
  if (partial.length > 1) return { kind: "many", options: partial.slice(0, 6) };
  if (words.length === 1 && n.length <= 3) {
    const initials = ix.people.filter((p) => normaliseName(p.name) === n || initialsOf(p.name) === n);
    if (initials.length === 1) return { kind: "one", value: initials[0]! };
    if (initials.length > 1) return { kind: "many", options: initials };
  }
  const res = ix.personFuse.search(name);
  if (!res.length) return { kind: "none" };
  const best = res[0]!.score ?? 0;
  const close = res.filter((r) => (r.score ?? 0) - best < 0.02);
  if (close.length > 1) return { kind: "many", options: close.map((r) => r.item).slice(0, 6) };
  return { kind: "one", value: res[0]!.item };
}

function initialsOf(name: string): string {
  return normaliseName(name)
    .split(" ")
    .map((w) => w[0])
    .join("");
}

export function resolveAction(ix: QuestionIndex, q: { ref?: string; text?: string }): Resolved<MilestoneFact[]> {
  if (q.ref) {
    const ms = ix.byRef.get(normRef(q.ref));
    if (!ms) return q.text ? resolveAction(ix, { text: q.text }) : { kind: "none" };
    const plans = new Set(ms.map((m) => m.planId));
    if (plans.size > 1) return { kind: "many", options: [...plans].map((p) => ms.filter((m) => m.planId === p)) };
    return { kind: "one", value: ms };
  }
  if (!q.text) return { kind: "none" };
  const res = ix.actionFuse.search(q.text);
  if (!res.length) return { kind: "none" };
  const best = res[0]!.score ?? 0;
  const close = res.filter((r) => (r.score ?? 0) - best < 0.02);
  if (close.length > 1 && best > 0.001)
    return { kind: "many", options: close.slice(0, 5).map((r) => ix.byAction.get(r.item.actionId) ?? []) };
  return { kind: "one", value: ix.byAction.get(res[0]!.item.actionId) ?? [] };
}

// What changed since the last digest (every kind of update: status moves, narrative-only, % only, impact,
// same-status confirmations and escalations), every revision of a slipped date, and who has not answered.
import { whoOf } from "./exceptions.js";
import { excerpt, isOpen, type MilestoneFact, type PlanFacts, type statusCache, type UpdateFact } from "./facts.js";
import type { ChangeItem, ChangeKind, DigestItem, DigestSnapshotRef, MissingItem, Revision } from "./types.js";

export interface ChangesInput {
  facts: PlanFacts;
  milestones: MilestoneFact[];
  item: (m: MilestoneFact) => DigestItem;
  since: string;
  until: string;
  cached: ReturnType<typeof statusCache>;
  /** per milestone position: its updates up to `until`, oldest first (positions.ts updatesAt) */
  ups: (UpdateFact[] | undefined)[];
  /** per milestone position: its status key in the previous period (previous digest or rating history) */
  previousKeyAt: (string | undefined)[] | null;
  /** where the previous period comes from; null on a first digest without history */
  previousSource: DigestSnapshotRef["source"] | null;
  /** filled with each change's milestone position, in step with the list returned */
  at?: number[];
}

export function changesSince(input: ChangesInput): ChangeItem[] {
  const { facts, milestones, item, since, cached, ups, previousKeyAt } = input;
  const scale = facts.plan.scale;
  const label = (key: string) => (key === "none" ? "No status" : (scale.options.find((o) => o.id === key)?.label ?? key));
  const out: ChangeItem[] = [];
  const NONE: UpdateFact[] = [];
  for (let mi = 0; mi < milestones.length; mi++) {
    const m = milestones[mi] as MilestoneFact;
    const list = ups[mi] ?? NONE;
    const cur = cached(m).key;
    // the updates people recorded in this period (imports of a newer export count for status only)
    let firstIn = list.length;
    for (let i = 0; i < list.length; i++)
      if ((list[i] as UpdateFact).createdAt > since) {
        firstIn = i;
        break;
      }
    let recentCount = 0;
    for (let i = firstIn; i < list.length; i++) if ((list[i] as UpdateFact).source !== "import") recentCount++;
    const before = firstIn > 0 ? list[firstIn - 1] : undefined;
    let from: string | undefined = previousKeyAt?.[mi];
    if (from === undefined) from = before ? cached(before).key : recentCount ? "none" : undefined;
    const statusMoved = from !== undefined && from !== cur;
    if (!statusMoved && recentCount === 0) continue;
    const recent = recentCount ? list.slice(firstIn).filter((u) => u.source !== "import") : NONE;

    const kinds = new Set<ChangeKind>();
    if (statusMoved) kinds.add("status");
    let narrative: string | null = null;
    let impact: string | null = null;
    let escalation: string | null = null;
    let percent: number | null = null;
    let previousPercent: number | null = null;
    for (let i = 0; i < firstIn; i++) {
      const p = (list[i] as UpdateFact).percentComplete;
      if (p !== null && p !== undefined) previousPercent = p;
    }
    for (const u of recent) {
      if (u.narrative) {
        narrative = u.narrative;
        kinds.add("narrative");
      }
      if (u.impact) {
        impact = u.impact;
        kinds.add("impact");
      }
      if (u.blockers) {
        escalation = u.blockers;
        kinds.add("escalation");
      }
      if (u.revisedDue) kinds.add("date");
      if (u.percentComplete !== null && u.percentComplete !== undefined) {
        if (u.percentComplete !== (percent ?? previousPercent)) kinds.add("percent");
        percent = u.percentComplete;
      }
    }
    if (kinds.size === 0) kinds.add("confirmed");
    const last = recent[recent.length - 1];
    input.at?.push(mi);
    out.push({
      ...item(m),
      from: label(from ?? cur),
      to: label(cur),
      kinds: [...kinds],
      by: last ? whoOf(last) : input.previousSource === "history" ? "the plan's rating history" : null,
      at: last ? last.createdAt.slice(0, 10) : null,
      narrative: excerpt(narrative, 280),
      impact: excerpt(impact, 280),
      percent,
      previousPercent,
      escalation: excerpt(escalation, 200),
    });
  }
  return out;
}

/** Every move of a milestone's due date, oldest first, each with its reason (recorded updates, then an import's). */
export function revisionsOf(m: MilestoneFact, ups: UpdateFact[] | undefined): Revision[] {
  const out: Revision[] = [];
  for (const u of ups ?? [])
    if (u.revisedDue) out.push({ due: u.revisedDue, reason: u.revisedReason ?? null, at: u.createdAt.slice(0, 10) });
  const last = out[out.length - 1];
  if (m.revisedDue && (!last || last.due !== m.revisedDue || (m.revisedReason && last.reason !== m.revisedReason)))
    out.push({ due: m.revisedDue, reason: m.revisedReason, at: null });
  return out;
}

/** the same order as String.prototype.localeCompare with no arguments (default locale), without a collator per call */
const collator = new Intl.Collator();

/**
 * Who has not updated: people asked in chat this period who have not answered (no_answer), and owners who
 * cannot be asked because they have no chat account (no_chat). Each person is in one list only: a reminder
 * "sent" to someone with no chat account went to the log, so they are unreachable, not "asked".
 */
export function missingUpdates(facts: PlanFacts, milestones: MilestoneFact[], since: string, until: string): MissingItem[] {
  // an unowned item ("Not mine") is with its lead to reassign: nobody is "not updating" it
  const open = milestones.filter((m) => isOpen(m) && !m.unowned);
  // by id only for the reminders' milestone lists (none on most plans): a 100,000-entry map costs more than the scan
  const openIds = facts.reminders.length ? new Set(open.map((m) => m.id)) : new Set<string>();
  // each milestone's last recorded update, for the reminders only (none on most plans: no 100,000-entry map)
  const lastUpdate = new Map<string, string>();
  if (facts.reminders.length)
    for (const u of facts.updates) {
      if (u.createdAt > until || u.source === "import") continue;
      const prev = lastUpdate.get(u.milestoneId);
      if (!prev || u.createdAt > prev) lastUpdate.set(u.milestoneId, u.createdAt);
    }
  const people = new Map(facts.people.map((p) => [p.id, p]));
  const asked = new Map<string, { items: Set<string>; askedOn: string }>();
  for (const r of facts.reminders) {
    if (r.plannedFor <= since || r.plannedFor > until) continue;
    for (const id of r.milestoneIds) {
      if (!openIds.has(id)) continue;
      const lu = lastUpdate.get(id);
      if (lu && lu >= r.plannedFor) continue;
      const who = r.onBehalfOfId ?? r.recipientId;
      if (!people.get(r.recipientId)?.hasChat) continue;
      let a = asked.get(who);
      if (!a) {
        a = { items: new Set(), askedOn: r.plannedFor };
        asked.set(who, a);
      }
      a.items.add(id);
      if (r.plannedFor < a.askedOn) a.askedOn = r.plannedFor;
    }
  }
  const out: MissingItem[] = [];
  for (const [pid, a] of asked) {
    const p = people.get(pid);
    const mention = p?.mention;
    out.push({
      personId: pid,
      name: p?.name ?? "Unknown person",
      reason: "no_answer",
      items: a.items.size,
      askedOn: a.askedOn.slice(0, 10),
      ...(mention && (mention.slackUserId || mention.teamsUserId) ? { mention: { ...mention } } : {}),
    });
  }
  const noChat = new Map<string, number>();
  for (const m of open) {
    for (const o of m.owners) {
      if (people.get(o.id)?.hasChat || asked.has(o.id)) continue;
      noChat.set(o.id, (noChat.get(o.id) ?? 0) + 1);
    }
  }
  for (const [pid, n] of noChat)
    out.push({ personId: pid, name: people.get(pid)?.name ?? pid, reason: "no_chat", items: n, askedOn: null });
  out.sort((a, b) => (a.reason === b.reason ? b.items - a.items || collator.compare(a.name, b.name) : a.reason === "no_answer" ? -1 : 1));
  return out;
}

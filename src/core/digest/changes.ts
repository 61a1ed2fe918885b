// What changed since the last digest (status moves, who and why) and who has not answered this cycle.
import { excerpt, isOpen, type MilestoneFact, type PlanFacts, type statusCache } from "./facts.js";
import type { ChangeItem, DigestInput, DigestItem, MissingItem } from "./model.js";

function whoOf(u: { byName: string | null; onBehalfOfName: string | null } | undefined): string | null {
  if (!u?.byName) return u?.onBehalfOfName ?? null;
  return u.onBehalfOfName && u.onBehalfOfName !== u.byName ? `${u.byName} on behalf of ${u.onBehalfOfName}` : u.byName;
}

export function changesSince(
  input: DigestInput,
  milestones: MilestoneFact[],
  item: (m: MilestoneFact) => DigestItem,
  since: string,
  until: string,
  cached: ReturnType<typeof statusCache>,
): ChangeItem[] {
  const scale = input.facts.plan.scale;
  const byMilestone = new Map<string, PlanFacts["updates"]>();
  for (const u of input.facts.updates) {
    if (u.createdAt > until) continue;
    let l = byMilestone.get(u.milestoneId);
    if (!l) {
      l = [];
      byMilestone.set(u.milestoneId, l);
    }
    l.push(u);
  }
  const out: ChangeItem[] = [];
  const label = (key: string) => (key === "none" ? "No status" : (scale.options.find((o) => o.id === key)?.label ?? key));
  const NONE: PlanFacts["updates"] = [];
  for (const m of milestones) {
    const ups = byMilestone.get(m.id) ?? NONE;
    const last = ups[ups.length - 1];
    let from: string | undefined;
    if (input.previous) {
      from = input.previous.statuses[m.id];
      if (from === undefined || from === cached(m).key) continue;
    } else {
      // first digest: status changes recorded in the window (not imports), compared with the status before it
      if (!last || last.createdAt <= since) continue;
      let base: PlanFacts["updates"][number] | undefined;
      let recent = false;
      for (const u of ups) {
        if (u.createdAt > since && u.source !== "import") recent = true;
        else base = u;
      }
      if (!recent) continue;
      from = base ? cached(base).key : "none";
      if (from === cached(m).key) continue;
    }
    const cur = cached(m).key;
    const recentNarr = [...ups].reverse().find((u) => u.createdAt > since && u.narrative);
    out.push({
      ...item(m),
      from: label(from),
      to: label(cur),
      by: last && last.createdAt > since ? whoOf(last) : null,
      at: last && last.createdAt > since ? last.createdAt.slice(0, 10) : null,
      narrative: excerpt(recentNarr?.narrative ?? null),
    });
  }
  return out;
}

/** the same order as String.prototype.localeCompare with no arguments (default locale), without a collator per call */
const collator = new Intl.Collator();

export function missingUpdates(facts: PlanFacts, milestones: MilestoneFact[], since: string, until: string): MissingItem[] {
  const openIds = new Map(milestones.filter(isOpen).map((m) => [m.id, m]));
  const lastUpdate = new Map<string, string>();
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
    const mention = people.get(pid)?.mention;
    out.push({
      personId: pid,
      name: people.get(pid)?.name ?? "Unknown person",
      reason: "no_answer",
      items: a.items.size,
      askedOn: a.askedOn.slice(0, 10),
      ...(mention && (mention.slackUserId || mention.teamsUserId) ? { mention: { ...mention } } : {}),
    });
  }
  const noChat = new Map<string, number>();
  for (const m of openIds.values()) {
    for (const o of m.owners) {
      if (people.get(o.id)?.hasChat) continue;
      noChat.set(o.id, (noChat.get(o.id) ?? 0) + 1);
    }
  }
  for (const [pid, n] of noChat)
    out.push({ personId: pid, name: people.get(pid)?.name ?? pid, reason: "no_chat", items: n, askedOn: null });
  out.sort((a, b) => (a.reason === b.reason ? b.items - a.items || collator.compare(a.name, b.name) : a.reason === "no_answer" ? -1 : 1));
  return out;
}

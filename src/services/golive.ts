// Plan lifecycle: an imported plan is a draft and sends nothing; `goLive` makes it live from an instant.
// `previewGoLive` runs the real planner over the first day (hourly ticks from the go-live instant, each
// tick seeing the reminders planned by the ticks before it), so the preview shows what going live sends:
// one catch-up per person for what was already overdue, no escalations for those items.
import { planReminders } from "../core/reminders/planner.js";
import type { PlannedReminder, SentReminder } from "../core/reminders/types.js";
import type { Db } from "../storage/db.js";
import { setPlanLive } from "../storage/plans.js";
import { loadPlannerData } from "../storage/reminders.js";

const HOUR = 3_600_000;

export interface KindSummary {
  kind: string;
  /** people who get at least one */
  people: number;
  /** messages */
  messages: number;
  /** items listed in them (a milestone counted once per message) */
  items: number;
}

export interface GoLivePreview {
  plan: { key: string; name: string; status: string; liveFrom: string | null };
  from: string;
  /** the planner's messages over the first 24 hours, as the tick would queue them */
  messages: { kind: string; to: string; items: { handle: string | null; milestone: string; due: string | null }[] }[];
  byKind: KindSummary[];
  /** "on go-live: 14 owners get a catch-up of 37 overdue items; 3 leads get 5 escalations" */
  sentence: string;
}

function summarise(planned: PlannedReminder[]): KindSummary[] {
  const by = new Map<string, { people: Set<string>; messages: number; items: number }>();
  for (const r of planned) {
    let k = by.get(r.kind);
    if (!k) {
      k = { people: new Set(), messages: 0, items: 0 };
      by.set(r.kind, k);
    }
    k.people.add(r.recipientId);
    k.messages++;
    k.items += r.milestoneIds.length;
  }
  const order = ["catchup", "due", "upcoming", "overdue", "cycle", "escalation"];
  return [...by.entries()]
    .map(([kind, v]) => ({ kind, people: v.people.size, messages: v.messages, items: v.items }))
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function previewSentence(byKind: KindSummary[]): string {
  const get = (k: string) => byKind.find((s) => s.kind === k);
  const parts: string[] = [];
  const c = get("catchup");
  parts.push(c ? `${plural(c.people, "owner")} get a catch-up of ${plural(c.items, "overdue item")}` : "no catch-up (nothing overdue)");
  for (const [kind, what] of [
    ["due", "due-today reminder"],
    ["upcoming", "coming-up reminder"],
    ["overdue", "chaser"],
    ["cycle", "board-cycle request"],
  ] as const) {
    const s = get(kind);
    if (s) parts.push(`${plural(s.people, "owner")} get ${plural(s.messages, what)}`);
  }
  const e = get("escalation");
  parts.push(e ? `${plural(e.people, "lead")} get ${plural(e.messages, "escalation")}` : "no escalations");
  return `on go-live: ${parts.join("; ")}`;
}

export class PlanNotFound extends Error {}

/** What going live at `from` sends over the first 24 hours; writes nothing. */
export async function previewGoLive(db: Db, planKey: string, from: Date): Promise<GoLivePreview> {
  const { input } = await loadPlannerData(db, { now: from, planKey });
  const plan = input.plans.find((p) => p.key === planKey);
  if (!plan) throw new PlanNotFound(planKey);
  const asLive = { ...plan, status: "live" as const, liveFrom: from };
  const history: SentReminder[] = [...input.history];
  const planned: PlannedReminder[] = [];
  // the go-live instant, then every hour on the hour for a day
  const ticks = [from.getTime()];
  for (let t = Math.floor(from.getTime() / HOUR) * HOUR + HOUR; t <= from.getTime() + 24 * HOUR; t += HOUR) ticks.push(t);
  for (const t of ticks) {
    const now = new Date(t);
    const rs = planReminders({ ...input, plans: [asLive], history, now });
    for (const r of rs) {
      planned.push(r);
      history.push({
        dedupeKey: r.dedupeKey,
        kind: r.kind,
        recipientId: r.recipientId,
        onBehalfOfId: r.onBehalfOfId,
        milestoneIds: r.milestoneIds,
        plannedFor: r.plannedFor,
      });
    }
  }
  const byKind = summarise(planned);
  return {
    plan: { key: plan.key, name: plan.name, status: plan.status, liveFrom: plan.liveFrom?.toISOString() ?? null },
    from: from.toISOString(),
    messages: planned.map((r) => ({
      kind: r.kind,
      to: r.view.recipientName,
      items: r.view.items.map((i) => ({ handle: i.ref, milestone: i.milestoneTitle, due: i.due })),
    })),
    byKind,
    sentence: previewSentence(byKind),
  };
}

/** Makes the plan live from `from` (reminders start with the next tick at or after it); returns the preview. */
export async function goLive(db: Db, planKey: string, from: Date): Promise<GoLivePreview> {
  const preview = await previewGoLive(db, planKey, from);
  await setPlanLive(db, planKey, from);
  return { ...preview, plan: { ...preview.plan, status: "live", liveFrom: from.toISOString() } };
}

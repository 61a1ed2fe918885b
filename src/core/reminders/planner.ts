// The pure reminder planner: (plans with milestones + boards, people, history, now) -> reminders due now.
//
// Each milestone/owner pair has a schedule of trigger dates in the OWNER's working-day calendar:
// upcoming (N working days before due), due (the due day, or the previous working day), overdue chaser i
// (i * every working days after due). The "current phase" is the latest trigger on or before the owner's
// local today. It is due now when no reminder of that kind for that milestone and owner was planned at or
// after the trigger (or after a snooze that ended later), and the RECIPIENT's delivery window is open.
// So a tick missed while the process was down is caught up on the next tick while the phase is current,
// and silently dropped once the milestone has moved on to its next phase (or was completed/re-dated).
// Items for the same recipient, kind and plan are batched into one reminder whose dedupe key names the
// recipient, kind, local day and a digest of its items: the same state always yields the same key.
import {
  addWorkingDays,
  calendarDaysBetween,
  type DeliveryWindow,
  inDeliveryWindow,
  isWorkingDay,
  localDate,
  zonedInstant,
} from "../calendar.js";
import type { ReminderItemView, ReminderKind } from "../cards/reminder.js";
import { catchupPhase, currentPhase, type Phase } from "./phases.js";
import { minutesOf, type ReminderPolicy } from "./policy.js";
import { actorsFor, routeFor } from "./routing.js";
import type { PlannedReminder, PlannerInput, PlannerMilestone, PlannerPerson, PlannerPlan, SentReminder } from "./types.js";

class History {
  /** `${kind}|${milestoneId}|${personId}` -> plannedFor times (ms) */
  private readonly times = new Map<string, number[]>();
  readonly keys = new Set<string>();

  constructor(rows: SentReminder[]) {
    for (const r of rows) {
      this.keys.add(r.dedupeKey);
      const t = r.plannedFor.getTime();
      const people = new Set([r.recipientId, ...(r.onBehalfOfId ? [r.onBehalfOfId] : [])]);
      for (const m of r.milestoneIds)
        for (const p of people) {
          const k = `${r.kind}|${m}|${p}`;
          const list = this.times.get(k);
          if (list) list.push(t);
          else this.times.set(k, [t]);
        }
    }
  }

  sentSince(kind: ReminderKind, milestoneId: string, personId: string, since: number): boolean {
    return (this.times.get(`${kind}|${milestoneId}|${personId}`) ?? []).some((t) => t >= since);
  }

  countBetween(kind: ReminderKind, milestoneId: string, personId: string, after: number, before: number): number {
    return (this.times.get(`${kind}|${milestoneId}|${personId}`) ?? []).filter((t) => t > after && t < before).length;
  }
}

interface Group {
  kind: ReminderKind;
  plan: PlannerPlan;
  recipient: PlannerPerson;
  onBehalfOf: PlannerPerson | null;
  escalatedFrom: Set<string>;
  items: Map<string, { m: PlannerMilestone; slot: string; today: string }>;
}

/** 64-bit FNV-1a of the sorted item slots, as 16 hex digits (stable, fast, no I/O). */
export function digest(parts: string[]): string {
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (const part of parts) {
    for (let i = 0; i <= part.length; i++) {
      const c = i < part.length ? part.charCodeAt(i) : 10;
      h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ c ^ (h1 >>> 7), 0x01000193) >>> 0;
    }
  }
  return h1.toString(16).padStart(8, "0") + h2.toString(16).padStart(8, "0");
}

/** Open for reminders: not complete, not paused, and owned (an unowned item is with its lead, not chased). */
function isOpen(m: PlannerMilestone): boolean {
  return m.status !== "complete" && !m.paused && !m.unowned;
}

/** Per-tick memo of zone/nation look-ups (10,000 owners share a handful of zones). */
class Clock {
  private readonly days = new Map<string, string>();
  private readonly open = new Map<string, boolean>();
  constructor(readonly now: Date) {}
  private readonly liveDays = new Map<string, string>();
  /** the local date of an instant (the go-live moment) in `timeZone` */
  localDay(instant: Date, timeZone: string): string {
    const k = `${instant.getTime()}|${timeZone}`;
    let d = this.liveDays.get(k);
    if (d === undefined) {
      d = localDate(instant, timeZone);
      this.liveDays.set(k, d);
    }
    return d;
  }
  today(timeZone: string): string {
    let d = this.days.get(timeZone);
    if (d === undefined) {
      d = localDate(this.now, timeZone);
      this.days.set(timeZone, d);
    }
    return d;
  }
  private readonly starts = new Map<string, number>();
  /** the instant local midnight of `date` happens in `timeZone` */
  dayStart(date: string, timeZone: string): number {
    const k = `${date}|${timeZone}`;
    let v = this.starts.get(k);
    if (v === undefined) {
      v = zonedInstant(date, 0, timeZone).getTime();
      this.starts.set(k, v);
    }
    return v;
  }
  isOpen(p: { timeZone: string; nation: string }, window: DeliveryWindow): boolean {
    const k = `${p.timeZone}|${p.nation}|${window.startMinutes}|${window.endMinutes}`;
    let v = this.open.get(k);
    if (v === undefined) {
      v = inDeliveryWindow(this.now, p, window);
      this.open.set(k, v);
    }
    return v;
  }
}

function windowOf(policy: ReminderPolicy): DeliveryWindow {
  return { startMinutes: minutesOf(policy.windowStart), endMinutes: minutesOf(policy.windowEnd) };
}

function inScope(m: PlannerMilestone, sections: string[] | null): boolean {
  return sections === null || (m.sectionNumber !== null && sections.includes(m.sectionNumber));
}

const daysMemo = new Map<string, number>();
function daysBetween(a: string, b: string): number {
  const k = a + b;
  let v = daysMemo.get(k);
  if (v === undefined) {
    v = calendarDaysBetween(a, b);
    if (daysMemo.size > 100_000) daysMemo.clear();
    daysMemo.set(k, v);
  }
  return v;
}

function itemView(m: PlannerMilestone, today: string, people: Map<string, PlannerPerson>): ReminderItemView {
  return {
    milestoneId: m.id,
    sectionLabel: m.sectionLabel,
    ref: m.ref,
    actionTitle: m.actionTitle,
    milestoneTitle: m.title,
    due: m.due,
    dueRaw: m.dueRaw,
    daysToDue: m.due ? daysBetween(today, m.due) : null,
    status: m.status,
    statusLabel: m.statusLabel,
    lastUpdateAt: m.lastUpdateAt ? m.lastUpdateAt.toISOString() : null,
    owners: m.ownerIds.map((id) => people.get(id)?.name ?? "?"),
  };
}

/** Plans every reminder due at `now` that has not been planned before. Deterministic for a given input. */
export function planReminders(input: PlannerInput): PlannedReminder[] {
  const { people, now } = input;
  const nowMs = now.getTime();
  const history = new History(input.history);
  const clock = new Clock(now);
  const phaseMemo = new Map<string, Phase | null>();
  const out: PlannedReminder[] = [];

  for (const plan of input.plans) {
    // a draft sends nothing; a plan going live later sends nothing until then
    if (plan.status !== "live") continue;
    const liveMs = plan.liveFrom ? plan.liveFrom.getTime() : null;
    if (liveMs !== null && liveMs > nowMs) continue;
    const liveDayOf = (timeZone: string): string | null => (plan.liveFrom ? clock.localDay(plan.liveFrom, timeZone) : null);
    const policy = plan.policy;
    const window = windowOf(policy);
    const groups = new Map<string, Group>();
    const add = (
      kind: ReminderKind,
      recipient: PlannerPerson,
      onBehalfOf: PlannerPerson | null,
      m: PlannerMilestone,
      slot: string,
      today: string,
      escalatedFrom?: string,
    ) => {
      const gk = `${kind}|${recipient.id}|${onBehalfOf?.id ?? ""}`;
      let g = groups.get(gk);
      if (!g) {
        g = { kind, plan, recipient, onBehalfOf, escalatedFrom: new Set(), items: new Map() };
        groups.set(gk, g);
      }
      if (escalatedFrom) g.escalatedFrom.add(escalatedFrom);
      if (!g.items.has(m.id)) g.items.set(m.id, { m, slot, today });
    };

    const chairFor = (m: PlannerMilestone): PlannerPerson | undefined => {
      for (const b of plan.boards) if (b.chairId && inScope(m, b.sections)) return people.get(b.chairId);
      return undefined;
    };

    for (const m of plan.milestones) {
      if (!isOpen(m) || !m.due) continue;
      const snoozeMs = m.snoozedUntil ? m.snoozedUntil.getTime() : 0;
      if (snoozeMs > nowMs) continue;
      for (const ownerId of m.ownerIds) {
        const owner = people.get(ownerId);
        if (!owner) continue;
        const today = clock.today(owner.timeZone);
        const liveDay = liveDayOf(owner.timeZone);
        // overdue before go-live: one catch-up, then chasers counted from the go-live day
        const caughtUp = liveDay !== null && m.due < liveDay;
        const memoKey = caughtUp ? `c|${owner.nation}|${liveDay}|${today}` : `${owner.nation}|${m.due}|${today}`;
        let phase = phaseMemo.get(memoKey);
        if (phase === undefined) {
          phase = caughtUp ? catchupPhase(liveDay, today, owner.nation, policy) : currentPhase(m.due, today, owner.nation, policy);
          phaseMemo.set(memoKey, phase);
        }
        if (!phase) continue;
        const since = Math.max(clock.dayStart(phase.date, owner.timeZone), snoozeMs);
        if (!history.sentSince(phase.kind, m.id, owner.id, since)) {
          const { recipient, onBehalfOf } = routeFor(owner, m.leadIds, people, now);
          if (clock.isOpen(recipient, window)) add(phase.kind, recipient, onBehalfOf, m, `${m.id}:${owner.id}:${phase.date}`, today);
        }
        if (phase.kind !== "overdue") continue;
        // escalation: chasers for this milestone and owner since their last update, before this slot
        // (chasers from before the plan went live do not count)
        const lastUpdate = Math.max(
          m.lastUpdateAt ? m.lastUpdateAt.getTime() : Number.NEGATIVE_INFINITY,
          liveMs ?? Number.NEGATIVE_INFINITY,
        );
        const unanswered = history.countBetween("overdue", m.id, owner.id, lastUpdate, since);
        let targets: PlannerPerson[] = [];
        if (unanswered >= policy.escalateToChairAfter) {
          const chair = chairFor(m);
          if (chair) targets = [chair];
        }
        if (targets.length === 0 && unanswered >= policy.escalateToLeadAfter)
          targets = m.leadIds.flatMap((id) => (id !== owner.id && people.get(id) ? [people.get(id) as PlannerPerson] : []));
        for (const t of targets) {
          if (t.id === owner.id || history.sentSince("escalation", m.id, t.id, since)) continue;
          if (!clock.isOpen(t, window)) continue;
          add("escalation", t, null, m, `${m.id}:${owner.id}:${phase.date}:esc`, clock.today(t.timeZone), owner.id);
        }
      }
    }

    for (const g of groups.values()) {
      const items = [...g.items.values()];
      const slots = items.map((i) => i.slot).sort();
      const day = clock.today(g.recipient.timeZone);
      const dedupeKey = `rem:${plan.key}:${g.kind}:${g.recipient.id}:${g.onBehalfOf?.id ?? "-"}:${day}:${digest(slots)}`;
      if (history.keys.has(dedupeKey)) continue;
      out.push({
        dedupeKey,
        kind: g.kind,
        planId: plan.id,
        planKey: plan.key,
        recipientId: g.recipient.id,
        onBehalfOfId: g.onBehalfOf?.id ?? null,
        escalatedFromIds: [...g.escalatedFrom],
        milestoneIds: items.map((i) => i.m.id),
        actorIds: actorsFor(
          g.recipient.id,
          items.map((i) => i.m),
          people,
        ),
        boardId: null,
        meeting: null,
        plannedFor: now,
        view: {
          kind: g.kind,
          planName: plan.name,
          scale: plan.scale,
          recipientName: g.recipient.name,
          onBehalfOf: g.onBehalfOf?.name ?? null,
          escalatedFrom: g.escalatedFrom.size ? [...g.escalatedFrom].map((id) => people.get(id)?.name ?? "?").join(", ") : null,
          items: items.map((i) => itemView(i.m, i.today, people)),
          ...(g.kind === "catchup" ? { liveFrom: liveDayOf(g.recipient.timeZone) } : {}),
        },
      });
    }

    out.push(...planCycle(plan, input, history, window, clock));
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return out.sort((a, b) => cmp(a.view.recipientName, b.view.recipientName) || cmp(a.kind, b.kind) || cmp(a.dedupeKey, b.dedupeKey));
}

/** Cycle reminders: N working days before each board meeting, one per owner listing all their open items in scope. */
function planCycle(plan: PlannerPlan, input: PlannerInput, history: History, window: DeliveryWindow, clock: Clock): PlannedReminder[] {
  const { people, now } = input;
  const n = plan.policy.cycleWorkingDays;
  if (n <= 0) return [];
  const out: PlannedReminder[] = [];
  for (const board of plan.boards) {
    const meetings = [...board.meetings].sort();
    if (meetings.length === 0) continue;
    const byOwner = new Map<string, PlannerMilestone[]>();
    for (const m of plan.milestones) {
      if (!isOpen(m) || !inScope(m, board.sections)) continue;
      if (m.snoozedUntil && m.snoozedUntil.getTime() > now.getTime()) continue;
      for (const o of m.ownerIds) {
        const list = byOwner.get(o);
        if (list) list.push(m);
        else byOwner.set(o, [m]);
      }
    }
    for (const [ownerId, items] of byOwner) {
      const owner = people.get(ownerId);
      if (!owner) continue;
      const today = clock.today(owner.timeZone);
      // the meeting whose cycle is current: trigger <= today < meeting
      const meeting = meetings.find((mt) => today < mt && addWorkingDays(mt, -n, owner.nation) <= today);
      if (!meeting) continue;
      const dedupeKey = `cyc:${plan.key}:${board.id}:${meeting}:${owner.id}`;
      if (history.keys.has(dedupeKey)) continue;
      const { recipient, onBehalfOf } = routeFor(owner, [], people, now);
      if (!clock.isOpen(recipient, window) || !isWorkingDay(today, owner.nation)) continue;
      out.push({
        dedupeKey,
        kind: "cycle",
        planId: plan.id,
        planKey: plan.key,
        recipientId: recipient.id,
        onBehalfOfId: onBehalfOf?.id ?? null,
        escalatedFromIds: [],
        milestoneIds: items.map((m) => m.id),
        actorIds: actorsFor(recipient.id, items, people),
        boardId: board.id,
        meeting,
        plannedFor: now,
        view: {
          kind: "cycle",
          planName: plan.name,
          scale: plan.scale,
          recipientName: recipient.name,
          onBehalfOf: onBehalfOf?.name ?? null,
          meeting,
          items: items.map((m) => itemView(m, today, people)),
        },
      });
    }
  }
  return out;
}

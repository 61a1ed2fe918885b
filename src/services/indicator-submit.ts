// Indicator values collected on cards: a separate submission kind beside status updates, with the same rules —
// who may submit (owner > owner's deputy, on behalf of the owner > plan admin > global admin), idempotent on
// the interaction's key (a redelivery or double click records once; an edit is a new, later value for the
// same period), requests through the outbox with a dedupe key (indicator, period).
import { type IndicatorCardView, indicatorRecordedCard, indicatorRequestCard, validateIndicatorForm } from "../core/cards/indicator.js";
import type { Card } from "../core/cards/model.js";
import { type Period, periodFromId } from "../core/indicators/periods.js";
import { directionArrow, standingOf, targetFor, valueSeries } from "../core/indicators/rag.js";
import { formatValue, unitLabel } from "../core/indicators/units.js";
import { scaleOf } from "../core/status.js";
import { type EnabledPlatforms, enqueueMessage, routeToPerson } from "../delivery/outbox.js";
import type { Db } from "../storage/db.js";
import { appendIndicatorValue, indicatorOwnership, isPlanAdmin, loadIndicator } from "../storage/indicators.js";
import { getPerson, routingInfo } from "../storage/people.js";
import { type AccessOptions, isGlobalAdminId } from "./access.js";

export type IndicatorAccess =
  | { allowed: true; reason: "owner" | "deputy" | "plan_admin" | "global_admin"; onBehalfOf: string | null }
  | { allowed: false; reason: "not_found" | "forbidden" };

export async function canSubmitIndicator(db: Db, indicatorId: string, personId: string, opts?: AccessOptions): Promise<IndicatorAccess> {
  const ind = await indicatorOwnership(db, indicatorId);
  if (!ind) return { allowed: false, reason: "not_found" };
  if (ind.ownerId === personId) return { allowed: true, reason: "owner", onBehalfOf: null };
  if (ind.ownerId && ind.owner?.deputyId === personId) return { allowed: true, reason: "deputy", onBehalfOf: ind.ownerId };
  if (await isPlanAdmin(db, ind.planId, personId)) return { allowed: true, reason: "plan_admin", onBehalfOf: null };
  if (await isGlobalAdminId(db, personId, opts)) return { allowed: true, reason: "global_admin", onBehalfOf: null };
  return { allowed: false, reason: "forbidden" };
}

/** What a card shows for an indicator and period (null when the indicator or period is unknown). */
export async function indicatorCardView(db: Db, indicatorId: string, periodId: string): Promise<IndicatorCardView | null> {
  const got = await loadIndicator(db, indicatorId);
  const period = periodFromId(periodId);
  if (!got || !period) return null;
  const f = got.facts;
  const series = valueSeries(f.values);
  const before = series.filter((v) => v.periodEnd < period.end).pop();
  const current = [...f.values].filter((v) => v.period === period.id).pop();
  const target = targetFor(f.targets, period.end);
  return {
    indicatorId: f.id,
    ref: f.ref,
    name: f.name,
    planName: got.plan.name,
    section: f.sectionLabel,
    period: { id: period.id, label: period.label },
    unit: f.unit,
    unitLabel: unitLabel(f.unit),
    target: target ? `${target.value === null ? target.raw || "TBC" : formatValue(target.value, f.unit)} by ${target.date}` : null,
    previous: before ? `${formatValue(before.value, f.unit)} for ${periodFromId(before.period)?.label ?? before.period}` : null,
    current: current && current.value !== null ? { value: String(current.value), note: current.note ?? null } : null,
  };
}

export interface SubmitIndicatorInput {
  indicatorId: string;
  periodId: string;
  actorPersonId: string;
  /** raw form values keyed by INDICATOR_INPUTS ids */
  values: Record<string, string | undefined>;
  source: "slack" | "teams" | "cli";
  idempotencyKey: string;
  now: Date;
}

export type SubmitIndicatorResult =
  | { ok: true; valueId: string; duplicate: boolean; card: Card }
  | { ok: false; reason: "not_found" | "forbidden"; message: string }
  | { ok: false; reason: "invalid"; errors: Record<string, string>; view: IndicatorCardView };

export async function submitIndicatorValue(db: Db, input: SubmitIndicatorInput, opts?: AccessOptions): Promise<SubmitIndicatorResult> {
  const access = await canSubmitIndicator(db, input.indicatorId, input.actorPersonId, opts);
  if (!access.allowed)
    return access.reason === "not_found"
      ? { ok: false, reason: "not_found", message: "That indicator is no longer in the plan." }
      : {
          ok: false,
          reason: "forbidden",
          message: "Only the indicator's owner, their deputy or a plan administrator can give its figures.",
        };
  const view = await indicatorCardView(db, input.indicatorId, input.periodId);
  if (!view) return { ok: false, reason: "not_found", message: "That indicator or period is no longer known." };
  const checked = validateIndicatorForm(input.values, view.unit);
  if (!checked.ok) return { ok: false, reason: "invalid", errors: checked.errors, view };
  const period = periodFromId(input.periodId) as Period;
  const saved = await appendIndicatorValue(db, {
    indicatorId: input.indicatorId,
    period: period.id,
    periodEnd: new Date(`${period.end}T00:00:00Z`),
    value: checked.value,
    raw: checked.raw,
    note: checked.note,
    byId: input.actorPersonId,
    source: input.source,
    idempotencyKey: input.idempotencyKey,
    createdAt: input.now,
  });
  const got = await loadIndicator(db, input.indicatorId);
  const facts = got?.facts;
  const standing = facts
    ? standingOf({ ...facts, values: facts.values.filter((v) => v.periodEnd <= period.end) }, scaleOf(got?.plan.scale))
    : null;
  const by = (await getPerson(db, input.actorPersonId))?.name ?? "someone";
  const onBehalfOf = access.onBehalfOf ? ((await getPerson(db, access.onBehalfOf))?.name ?? null) : null;
  const card = indicatorRecordedCard({
    view: { ...view, current: { value: checked.raw, note: checked.note } },
    valueText: formatValue(checked.value, view.unit),
    rag: standing?.rag.label ?? "No RAG",
    arrow: standing ? directionArrow(standing.direction) : "",
    by,
    onBehalfOf,
  });
  return { ok: true, valueId: saved.id, duplicate: saved.duplicate, card };
}

/**
 * Queues the owner's request card for one indicator and period. The dedupe key (indicator, period) makes it
 * once only, whoever or whatever asks again (a second tick, a second replica, the CLI).
 */
export async function requestIndicatorValue(
  db: Db,
  indicatorId: string,
  periodId: string,
  now: Date,
  enabled: EnabledPlatforms,
): Promise<{ outboxId: string; created: boolean; via: string } | null> {
  const ind = await indicatorOwnership(db, indicatorId);
  if (!ind?.ownerId) return null;
  const owner = await getPerson(db, ind.ownerId);
  const view = await indicatorCardView(db, indicatorId, periodId);
  if (!owner || !view) return null;
  const rt = routeToPerson(await routingInfo(db, owner), enabled);
  const card: Card = { ...indicatorRequestCard(view), actors: [owner.id, ...(owner.deputyId ? [owner.deputyId] : [])] };
  const r = await enqueueMessage(db, {
    dedupeKey: `indicator:${indicatorId}:${view.period.id}`,
    platform: rt.platform,
    channelKey: rt.channelKey,
    recipient: rt.recipient,
    card,
    notBefore: now,
  });
  return { outboxId: r.id, created: r.created, via: rt.platform };
}

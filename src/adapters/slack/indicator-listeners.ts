// Indicator cards in Slack: "Enter value"/"Edit" (stored and acked by the intake like any click) opens the
// value modal; its submission is validated before the ack (errors shown on the form), stored in the journal,
// acked, then recorded by the indicator service and the message is replaced by the recorded summary.
import type { App } from "@slack/bolt";
import { parseActionId } from "../../core/cards/actions.js";
import { indicatorFormCard, validateIndicatorForm } from "../../core/cards/indicator.js";
import { isUnit, type Unit } from "../../core/indicators/types.js";
import { canSubmitIndicator, indicatorCardView, submitIndicatorValue } from "../../services/indicator-submit.js";
import type { RawPayloadContext } from "./http-receiver.js";
import type { IntakeContext } from "./intake.js";
import type { ListenerDeps, SlackClient } from "./listener-deps.js";
import { formValuesFromState, renderMessage, renderModal } from "./render.js";

export const INDICATOR_CALLBACK_ID = "rt_indicator";
/** the journal kind of a stored indicator form submission (replay.ts processes it after a restart) */
export const INDICATOR_VIEW_KIND = "view_submission:indicator";

export interface IndicatorViewBody {
  user: { id: string };
  view: { id: string; hash: string; private_metadata: string; state: { values: unknown } };
}

export type HandleIndicatorView = (client: SlackClient, body: IndicatorViewBody, inboundId: string) => Promise<void>;

type CheckedIndicatorView =
  | { ok: true; meta: IndicatorMeta; values: ReturnType<typeof formValuesFromState>; key: string }
  | { ok: false; errors: Record<string, string> };

/** The form's metadata and values, checked against the unit (throws when the metadata is unreadable). */
function checkIndicatorView(body: IndicatorViewBody): CheckedIndicatorView {
  const meta = JSON.parse(body.view.private_metadata) as IndicatorMeta;
  if (!isUnit(meta.u)) throw new Error("bad unit");
  const values = formValuesFromState(body.view.state.values as never);
  const checked = validateIndicatorForm(values, meta.u);
  if (!checked.ok) return { ok: false, errors: checked.errors };
  return { ok: true, meta, values, key: `slack:view:${body.view.id}:${body.view.hash}` };
}

interface IndicatorMeta {
  /** indicator id, period id, unit (validation before the ack needs no database) */
  i: string;
  p: string;
  u: Unit;
  /** the message to replace after saving */
  c?: string;
  t?: string;
}

interface ClickBody {
  user: { id: string };
  trigger_id: string;
  container?: { message_ts?: string; channel_id?: string };
  channel?: { id: string };
  message?: { ts: string };
}

export function registerIndicatorListeners(app: App, deps: ListenerDeps): { handleIndicatorView: HandleIndicatorView } {
  const { db, log, services: s } = deps;
  const access = { admins: deps.admins ?? null };

  app.action({ action_id: /^rt\|ind_value\|/ }, async ({ ack, body, action, client, context }) => {
    await ack();
    const inboundId = (context as IntakeContext).inboundId;
    if (!inboundId) return;
    const b = body as unknown as ClickBody;
    const parsed = parseActionId((action as { action_id: string }).action_id);
    const channel = b.container?.channel_id ?? b.channel?.id;
    const ts = b.container?.message_ts ?? b.message?.ts;
    const refuse = async (text: string) => {
      if (channel) await client.chat.postEphemeral({ channel, user: b.user.id, text });
    };
    try {
      const person = await s.findPersonBySlackId(db, b.user.id);
      if (!person || !parsed) {
        await refuse(
          "ragtime does not know who you are yet, so nothing was recorded. Ask a plan administrator to link your Slack account.",
        );
        await s.markInboundProcessed(db, inboundId, { refused: "unknown_person" });
        return;
      }
      const ok = await canSubmitIndicator(db, parsed.milestoneId, person.id, access);
      const view = ok.allowed ? await indicatorCardView(db, parsed.milestoneId, parsed.value ?? "") : null;
      if (!ok.allowed || !view) {
        await refuse(
          !ok.allowed && ok.reason === "forbidden"
            ? "Only the indicator's owner, their deputy or a plan administrator can give its figures, so nothing was recorded."
            : "That indicator is no longer in the plan.",
        );
        await s.markInboundProcessed(db, inboundId, { refused: ok.allowed ? "not_found" : ok.reason });
        return;
      }
      const meta: IndicatorMeta = { i: view.indicatorId, p: view.period.id, u: view.unit, ...(channel && ts ? { c: channel, t: ts } : {}) };
      const modal = renderModal(indicatorFormCard(view), meta as never);
      await client.views.open({
        trigger_id: b.trigger_id,
        view: { ...modal, callback_id: INDICATOR_CALLBACK_ID, title: { type: "plain_text", text: "Indicator figure" } } as never,
      });
      await s.markInboundProcessed(db, inboundId, { modal: true });
    } catch (e) {
      log.error({ err: e }, "slack: indicator click failed");
      await s.markInboundProcessed(db, inboundId, e instanceof Error ? e : new Error(String(e)));
    }
  });

  app.view(INDICATOR_CALLBACK_ID, async ({ ack, body, client, context }) => {
    let checked: CheckedIndicatorView;
    try {
      checked = checkIndicatorView(body as unknown as IndicatorViewBody);
    } catch {
      await ack({ response_action: "errors", errors: { ind_value: "This form has expired; open it again from the card." } });
      return;
    }
    if (!checked.ok) {
      await ack({ response_action: "errors", errors: checked.errors });
      return;
    }
    let receipt: { id: string | null; fresh: boolean };
    try {
      receipt = await deps.journal.append({
        key: checked.key,
        source: "slack",
        kind: INDICATOR_VIEW_KIND,
        payload: (context as RawPayloadContext).rawPayload ?? body,
      });
    } catch (e) {
      log.error({ err: e }, "slack: could not store an indicator submission");
      await ack({
        response_action: "errors",
        errors: { ind_value: "Sorry — this was not saved because of an error on our side. Please try again." },
      });
      return;
    }
    await ack();
    const inboundId = receipt.id;
    if (!receipt.fresh || !inboundId) return;
    void deps
      .run(() => handleIndicatorView(client, body as unknown as IndicatorViewBody, inboundId))
      .catch((e: unknown) => log.error({ err: e }, "slack: work after ack failed"));
  });

  /** Records a stored, valid indicator form submission (fresh, or replayed after a restart: replay.ts). */
  async function handleIndicatorView(client: SlackClient, body: IndicatorViewBody, inboundId: string): Promise<void> {
    try {
      const checked = checkIndicatorView(body);
      if (!checked.ok) {
        await s.markInboundProcessed(db, inboundId, { invalid: checked.errors });
        return;
      }
      const { meta, values, key } = checked;
      const user = body.user.id;
      const person = await s.findPersonBySlackId(db, user);
      if (!person) {
        await s.markInboundProcessed(db, inboundId, { refused: "unknown_person" });
        return;
      }
      const r = await submitIndicatorValue(
        db,
        {
          indicatorId: meta.i,
          periodId: meta.p,
          actorPersonId: person.id,
          values,
          source: "slack",
          idempotencyKey: key,
          now: deps.now(),
        },
        access,
      );
      if (!r.ok) {
        if (meta.c && r.reason !== "invalid") await client.chat.postEphemeral({ channel: meta.c, user, text: r.message });
        await s.markInboundProcessed(db, inboundId, { refused: r.reason });
        return;
      }
      if (meta.c && meta.t && !r.duplicate) {
        const rendered = renderMessage(r.card, { milestoneId: meta.i, rev: body.view.id });
        await client.chat.update({ channel: meta.c, ts: meta.t, text: rendered.text, blocks: rendered.pages[0] as never });
      }
      await s.markInboundProcessed(db, inboundId, { indicatorValueId: r.valueId, duplicate: r.duplicate });
    } catch (e) {
      log.error({ err: e }, "slack: indicator submission failed");
      await s.markInboundProcessed(db, inboundId, e instanceof Error ? e : new Error(String(e)));
    }
  }

  return { handleIndicatorView };
}

// The "Add detail" modal's submission. Validated first (field errors go back in the ack, without a database
// round trip), then stored through the intake's journal before the ack closes the form, then processed:
// act (services/act.ts) records it, and the recorded summary replaces the item (a one-item reminder) or is
// posted in the reminder's thread.
import type { App } from "@slack/bolt";
import { localDate } from "../../core/calendar.js";
import type { DetailValues } from "../../core/cards/actions.js";
import { validateDetail } from "../../core/cards/detail.js";
import { scaleOf } from "../../core/status.js";
import type { RawPayloadContext } from "./http-receiver.js";
import { type ListenerDeps, type SlackClient, tellPerson } from "./listener-deps.js";
import { DETAIL_CALLBACK_ID, formValuesFromState, type ModalMeta, renderMessage } from "./render.js";

export interface ViewBody {
  user: { id: string };
  view: { id: string; hash: string; private_metadata: string; state: { values: unknown } };
}

/** YYYY-MM-DD of an instant in a time zone (UTC when the zone is unknown). */
export function todayIn(timeZone: string, at: Date): string {
  try {
    return localDate(at, timeZone);
  } catch {
    return at.toISOString().slice(0, 10);
  }
}

/** A submitted form's values and whether they pass the form's checks ("today" in the form's time zone). */
export function checkView(body: ViewBody, at: Date): { meta: ModalMeta; values: DetailValues; errors: Record<string, string> | null } {
  const meta = JSON.parse(body.view.private_metadata) as ModalMeta;
  const values = formValuesFromState(body.view.state.values as never) as DetailValues;
  const result = validateDetail(values, scaleOf(meta.s), todayIn(meta.tz, at));
  return { meta, values, errors: result.ok ? null : result.errors };
}

export const viewKey = (view: { id: string; hash: string }) => `slack:view:${view.id}:${view.hash}`;

export function registerViewListeners(app: App, deps: ListenerDeps): { handleView: typeof handleView } {
  const { db, log, services: s } = deps;

  app.view(DETAIL_CALLBACK_ID, async ({ ack, body, client, context }) => {
    let checked: ReturnType<typeof checkView>;
    try {
      checked = checkView(body as unknown as ViewBody, deps.now());
    } catch {
      await ack({ response_action: "errors", errors: { status: "This form has expired; open it again from the reminder." } });
      return;
    }
    if (checked.errors) {
      await ack({ response_action: "errors", errors: checked.errors });
      return;
    }
    // valid: stored before the ack closes the form, like a click (intake.ts); a resubmission has the same key
    let receipt: { id: string | null; fresh: boolean };
    try {
      receipt = await deps.journal.append({
        key: viewKey(body.view),
        source: "slack",
        kind: "view_submission",
        payload: (context as RawPayloadContext).rawPayload ?? body,
      });
    } catch (e) {
      log.error({ err: e }, "slack: could not store a form submission");
      await ack({
        response_action: "errors",
        errors: { status: "Sorry — this was not saved because of an error on our side. Please try again." },
      });
      return;
    }
    await ack();
    const inboundId = receipt.id;
    if (!receipt.fresh || !inboundId) return;
    const { meta, values } = checked;
    void deps
      .run(() => handleView(client, body as unknown as ViewBody, meta, values, inboundId))
      .catch((e: unknown) => log.error({ err: e }, "slack: work after ack failed"));
  });

  /** Records a stored, valid form submission (fresh, or replayed after a restart). */
  async function handleView(client: SlackClient, body: ViewBody, meta: ModalMeta, values: DetailValues, inboundId: string): Promise<void> {
    const view = body.view;
    const user = body.user.id;
    const key = viewKey(view);
    try {
      const outcome = await s.act(
        db,
        { kind: "submit_detail", milestoneId: meta.m, values },
        { platform: "slack", userId: user },
        { platform: "slack", answerKey: key },
        deps.now(),
      );
      if (outcome.kind === "card" && meta.c && meta.t && !outcome.duplicate) {
        const rendered = renderMessage(outcome.card, { milestoneId: meta.m, rev: view.id });
        const [first, ...more] = rendered.pages;
        // a one-item reminder is replaced in place; in a multi-item one the others keep their buttons
        if (meta.o === 1) await client.chat.update({ channel: meta.c, ts: meta.t, text: rendered.text, blocks: first as never });
        else await client.chat.postMessage({ channel: meta.c, thread_ts: meta.t, text: rendered.text, blocks: first as never });
        for (const page of more)
          await client.chat.postMessage({ channel: meta.c, thread_ts: meta.t, text: rendered.text, blocks: page as never });
      } else if (outcome.kind === "refusal" || outcome.kind === "form") {
        // the form can no longer show errors once it closed: the person is told in the conversation
        const r = renderMessage(outcome.card);
        await tellPerson(client, meta.c, user, { text: r.text, blocks: r.pages[0] });
      }
      await s.markInboundProcessed(db, inboundId, outcome.result);
    } catch (e) {
      log.error({ err: e, key }, "slack: detail submission failed");
      await s.markInboundProcessed(db, inboundId, e instanceof Error ? e : new Error(String(e)));
    }
  }

  return { handleView };
}

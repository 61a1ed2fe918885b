// One interaction that was stored (and acked) but not processed: left over from before a restart, or a database
// fault hit its first attempt. Called by the retry worker (services/inbound-retry.ts), which claims the row
// first; each is recorded once (idempotency keys). Clicks go back through the intake; form submissions (the
// status detail form and the indicator figure form) to their form's handler, since the listener would only see
// a duplicate of what is already stored. Nothing acknowledged expires: only what can no longer be done
// is closed unprocessed — a click on "Add detail" (its modal's trigger expired 3 s after the click, and it
// records nothing) and a command whose response_url expired (a question: there is nowhere left to answer it).
import { type HandleIndicatorView, INDICATOR_VIEW_KIND } from "./indicator-listeners.js";
import type { IntakeReceiver } from "./intake.js";
import type { ListenerDeps, SlackClient } from "./listener-deps.js";
import { checkView, type registerViewListeners, type ViewBody } from "./views.js";

/** Slack accepts replies on a slash command's response_url for 30 minutes. */
const RESPONSE_URL_MS = 30 * 60_000;

type HandleView = ReturnType<typeof registerViewListeners>["handleView"];

/** what processes a stored form submission, by form */
export interface StoredViewHandlers {
  detail: HandleView;
  indicator: HandleIndicatorView;
}

/** A stored interaction as the retry worker hands it over. */
export interface StoredInbound {
  id: string;
  kind: string;
  payloadJson: string;
  receivedAt: Date;
}

export async function processStored(
  deps: ListenerDeps,
  client: SlackClient,
  intake: IntakeReceiver,
  views: StoredViewHandlers,
  row: StoredInbound,
  now: Date,
): Promise<void> {
  const { db, log, services: s } = deps;
  try {
    const body = JSON.parse(row.payloadJson) as ViewBody;
    const age = now.getTime() - row.receivedAt.getTime();
    if (row.kind === "block_actions:detail" || (row.kind === "command" && age > RESPONSE_URL_MS)) {
      await s.markInboundProcessed(db, row.id, { expired: true });
      return;
    }
    if (row.kind === "view_submission") {
      const { meta, values, errors } = checkView(body, row.receivedAt);
      if (!errors) await views.detail(client, body, meta, values, row.id);
      else await s.markInboundProcessed(db, row.id, { invalid: errors });
    } else if (row.kind === INDICATOR_VIEW_KIND) {
      // an indicator figure (the form's own checks run again; the value is recorded once on its key)
      await views.indicator(client, body, row.id);
    } else await intake.dispatch(body, row.id, false, { replayedFrom: row.receivedAt.toISOString() });
  } catch (e) {
    log.error({ err: e, id: row.id }, "slack: replay failed");
    await s.markInboundProcessed(db, row.id, e instanceof Error ? e : new Error(String(e)));
  }
}

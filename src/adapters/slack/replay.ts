// One interaction that was stored (and acked) but not processed: left over from before a restart, or a database
// fault hit its first attempt. Called by the retry worker (services/inbound-retry.ts), which claims the row
// first; each is recorded once (idempotency keys). Nothing acknowledged expires: only what can no longer be done
// is closed unprocessed — a click on "Add detail" (its modal's trigger expired 3 s after the click, and it
// records nothing) and a command whose response_url expired (a question: there is nowhere left to answer it).
import type { IntakeReceiver } from "./intake.js";
import type { ListenerDeps, SlackClient } from "./listener-deps.js";
import { checkView, type registerViewListeners, type ViewBody } from "./views.js";

/** Slack accepts replies on a slash command's response_url for 30 minutes. */
const RESPONSE_URL_MS = 30 * 60_000;

type HandleView = ReturnType<typeof registerViewListeners>["handleView"];

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
  handleView: HandleView,
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
      if (!errors) await handleView(client, body, meta, values, row.id);
      else await s.markInboundProcessed(db, row.id, { invalid: errors });
    } else await intake.dispatch(body, row.id, false, { replayedFrom: row.receivedAt.toISOString() });
  } catch (e) {
    log.error({ err: e, id: row.id }, "slack: replay failed");
    await s.markInboundProcessed(db, row.id, e instanceof Error ? e : new Error(String(e)));
  }
}

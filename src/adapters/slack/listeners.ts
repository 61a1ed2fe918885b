// Bolt listeners, one module per concern (as the Bolt starter template lays them out): card clicks
// (actions.ts), the detail modal (views.ts), questions (questions.ts) and what was stored before a restart
// (replay.ts). Each parses the payload, calls one service and renders what it returns.
import type { App } from "@slack/bolt";
import { registerActionListeners } from "./actions.js";
import { registerIndicatorListeners } from "./indicator-listeners.js";
import type { IntakeReceiver } from "./intake.js";
import type { ListenerDeps } from "./listener-deps.js";
import { registerQuestionListeners } from "./questions.js";
import { processStored, type StoredInbound } from "./replay.js";
import { registerViewListeners } from "./views.js";

export type { ListenerDeps } from "./listener-deps.js";

export type { StoredInbound } from "./replay.js";

export interface Listeners {
  /** processes one interaction stored (and acked) but not processed (services/inbound-retry.ts claims it first) */
  processStored(intake: IntakeReceiver, row: StoredInbound, now: Date): Promise<void>;
}

export function registerListeners(app: App, deps: ListenerDeps): Listeners {
  registerActionListeners(app, deps);
  const { handleView } = registerViewListeners(app, deps);
  registerQuestionListeners(app, deps);
  const { handleIndicatorView } = registerIndicatorListeners(app, deps);
  const views = { detail: handleView, indicator: handleIndicatorView };
  return { processStored: (intake, row, now) => processStored(deps, app.client, intake, views, row, now) };
}

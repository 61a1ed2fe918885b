// Bolt listeners, one module per concern (as the Bolt starter template lays them out): card clicks
// (actions.ts), the detail modal (views.ts), questions (questions.ts) and what was stored before a restart
// (replay.ts). Each parses the payload, calls one service and renders what it returns.
import type { App } from "@slack/bolt";
import { registerActionListeners } from "./actions.js";
import { registerIndicatorListeners } from "./indicator-listeners.js";
import type { IntakeReceiver } from "./intake.js";
import type { ListenerDeps } from "./listener-deps.js";
import { registerQuestionListeners } from "./questions.js";
import { replayPending } from "./replay.js";
import { registerViewListeners } from "./views.js";

export type { ListenerDeps } from "./listener-deps.js";

export interface Listeners {
  /** processes what was stored (and acked) but not processed before `before`, e.g. before a restart */
  replayPending(intake: IntakeReceiver, before: Date): Promise<number>;
}

export function registerListeners(app: App, deps: ListenerDeps): Listeners {
  registerActionListeners(app, deps);
  const { handleView } = registerViewListeners(app, deps);
  registerQuestionListeners(app, deps);
  registerIndicatorListeners(app, deps);
  return { replayPending: (intake, before) => replayPending(deps, app.client, intake, handleView, before) };
}

// What a click or a form in the playground means: the one interaction service (services/act.ts) decides, as
// it does for the Slack listener and the Teams invoke handler, with the person chosen in the page as the actor
// (nobody signs in here). playground/views.ts renders its outcome the way each platform's adapter does.
import type { Submission } from "../core/cards/actions.js";
import type { EnabledPlatforms } from "../delivery/outbox.js";
import { type ActOutcome, act } from "../services/act.js";
import type { Db } from "../storage/db.js";

export interface Actor {
  id: string;
  name: string;
  timeZone: string;
}

export type Outcome = ActOutcome;

export interface ActDeps {
  db: Db;
  now: () => Date;
  admins?: string;
  enabled: EnabledPlatforms;
}

/** The submission as `person` in the playground; `key` is the answer's key (one per rendering and action). */
export function playgroundAct(deps: ActDeps, s: Submission, person: Actor, key: string): Promise<Outcome> {
  return act(
    { db: deps.db, now: deps.now(), admins: deps.admins ?? null, enabled: deps.enabled },
    s,
    { platform: "playground", personId: person.id },
    { platform: "playground", answerKey: key },
  );
}

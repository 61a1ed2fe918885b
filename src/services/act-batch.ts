// The interaction service (act.ts) for a burst: many submissions decided in order, the status answers among
// them recorded together (recordUpdates.ts: a few reads and one transaction for the lot, instead of about ten
// queries each).
//
// createActBatcher gives each interaction a place in line (reserve(), in the order the interactions were
// acknowledged) and runs the line in batches: the longest run of filled places at its head. A place given up
// without a submission (the click was not for act) is skipped. So submissions are decided in the order they
// were reserved — per person and per item too — whatever order their listeners reach act in; and between
// batches the batcher yields to the event loop (acks of requests still arriving go first).
import type { Submission } from "../core/cards/actions.js";
import {
  type ActDeps,
  type ActOutcome,
  type Actor,
  act,
  actorKey,
  personOf,
  recordedOutcome,
  recordInput,
  type Surface,
  unknownPersonRefusal,
} from "./act.js";
import type { Person } from "./people.js";
import type { RecordResult } from "./recordUpdate.js";
import { recordUpdates } from "./recordUpdates.js";
import { createTurns, type Turns } from "./turns.js";

export interface ActRequest {
  submission: Submission;
  actor: Actor;
  surface: Surface;
  /** the instant of the interaction (the composition root's clock) */
  now: Date;
}

/** an outcome, or why deciding it failed (a database fault: the caller leaves it for its retry) */
export type ActSettled = { ok: true; outcome: ActOutcome } | { ok: false; error: unknown };

/** act() for each request, in order; consecutive status answers are recorded together. */
export async function actMany(deps: Omit<ActDeps, "now">, reqs: ActRequest[]): Promise<ActSettled[]> {
  const out: ActSettled[] = [];
  let i = 0;
  while (i < reqs.length) {
    const r = reqs[i] as ActRequest;
    if (r.submission.kind !== "status") {
      out.push(await settle(() => act({ ...deps, now: r.now }, r.submission, r.actor, r.surface)));
      i += 1;
      continue;
    }
    let j = i;
    while (j < reqs.length && reqs[j]?.submission.kind === "status") j += 1;
    out.push(...(await statusRun(deps, reqs.slice(i, j))));
    i = j;
  }
  return out;
}

async function settle(f: () => Promise<ActOutcome>): Promise<ActSettled> {
  try {
    return { ok: true, outcome: await f() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** status answers: act's path for them (a person ragtime knows, then recordUpdate), for several at once */
async function statusRun(deps: Omit<ActDeps, "now">, reqs: ActRequest[]): Promise<ActSettled[]> {
  try {
    const people = new Map<string, Person | null>();
    for (const r of reqs) {
      const k = actorKey(r.actor);
      if (!people.has(k)) people.set(k, await personOf(deps.db, r.actor));
    }
    const known = reqs.flatMap((r, index) => {
      const person = people.get(actorKey(r.actor));
      const s = r.submission;
      return person && s.kind === "status"
        ? [{ index, input: recordInput(s.milestoneId, person, r.surface, r.now, { optionId: s.value }) }]
        : [];
    });
    const recorded = await recordUpdates(
      deps.db,
      known.map((k) => k.input),
      { admins: deps.admins ?? null },
    );
    const out: ActSettled[] = reqs.map((r) => ({ ok: true, outcome: unknownPersonRefusal(r.actor) }));
    known.forEach((k, n) => {
      out[k.index] = { ok: true, outcome: recordedOutcome(recorded[n] as RecordResult, k.input.milestoneId) };
    });
    return out;
  } catch (error) {
    return reqs.map(() => ({ ok: false, error }));
  }
}

export interface ActTicket {
  /** decides the submission in this ticket's place in line */
  act(req: ActRequest): Promise<ActOutcome>;
  /** gives the place up (nothing to decide); no-op once act was called */
  release(): void;
}

export interface ActBatcher {
  /** a place in line, in the order of calls */
  reserve(): ActTicket;
  readonly stats: { batches: number; submissions: number; largestBatch: number };
}

interface Place {
  req?: ActRequest;
  released?: boolean;
  resolve?(o: ActOutcome): void;
  reject?(e: unknown): void;
}

export function createActBatcher(
  run: (reqs: ActRequest[]) => Promise<ActSettled[]>,
  opts: { maxBatch?: number; turns?: Turns } = {},
): ActBatcher {
  const maxBatch = opts.maxBatch ?? 200;
  const turns = opts.turns ?? createTurns();
  const line: Place[] = [];
  const stats = { batches: 0, submissions: 0, largestBatch: 0 };
  let running = false;

  const ready = () => line.length > 0 && Boolean(line[0]?.req || line[0]?.released);
  const kick = () => {
    if (running || !ready()) return;
    running = true;
    // the submissions of this turn are gathered first
    setImmediate(() => void drain());
  };

  async function drain(): Promise<void> {
    try {
      for (;;) {
        const batch: Place[] = [];
        while (line.length > 0 && batch.length < maxBatch) {
          const head = line[0] as Place;
          if (head.req) batch.push(head);
          else if (!head.released) break;
          line.shift();
        }
        if (batch.length === 0) return;
        stats.batches += 1;
        stats.submissions += batch.length;
        stats.largestBatch = Math.max(stats.largestBatch, batch.length);
        let settled: ActSettled[];
        try {
          settled = await run(batch.map((p) => p.req as ActRequest));
        } catch (error) {
          settled = batch.map(() => ({ ok: false, error }));
        }
        // each submitter carries on (renders, updates the card) in a turn of its own
        for (const [i, p] of batch.entries()) {
          await turns.take();
          const s = settled[i];
          if (s?.ok) p.resolve?.(s.outcome);
          else p.reject?.(s ? s.error : new Error("act batch: no outcome"));
        }
        await turns.take();
      }
    } finally {
      running = false;
      kick();
    }
  }

  return {
    stats,
    reserve() {
      const place: Place = {};
      line.push(place);
      return {
        act(req) {
          return new Promise<ActOutcome>((resolve, reject) => {
            Object.assign(place, { req, resolve, reject });
            kick();
          });
        },
        release() {
          if (place.req || place.released) return;
          place.released = true;
          kick();
        },
      };
    },
  };
}

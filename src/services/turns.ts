// One piece of after-ack work per event-loop turn. Promises resolved together run their continuations back to
// back, and setImmediate callbacks queued together run in one check phase: either way no request is read in
// between. take() resumes a few waiters per turn (first come, first served), so acks of requests still
// arriving are read and answered between the pieces.
export interface Turns {
  /** resolves at a turn of its own, after the waiters before it */
  take(): Promise<void>;
  readonly waiting: number;
}

/** perTurn: how many waiters one turn resumes (each a small piece: a listener's render, Bolt's middleware) */
export function createTurns(opts: { perTurn?: number } = {}): Turns {
  const perTurn = opts.perTurn ?? 1;
  const waiters: (() => void)[] = [];
  let ticking = false;
  const tick = () => {
    for (const next of waiters.splice(0, perTurn)) next();
    if (waiters.length > 0) setImmediate(tick);
    else ticking = false;
  };
  return {
    take() {
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        if (!ticking) {
          ticking = true;
          setImmediate(tick);
        }
      });
    },
    get waiting() {
      return waiters.length;
    },
  };
}

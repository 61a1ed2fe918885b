// The one place ragtime reads the real clock. The composition roots (src/main.ts and the CLI's context)
// create a Clock and hand it to everything that needs "now": services, storage, the outbox worker, the
// scheduler and the chat surfaces. Tests pass a fixed or stepping clock, so nothing depends on today's date
// (tests/unit/clock-reads.test.ts keeps it that way; .ci/run also runs the suite with the system clock in 2031).
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that always says `at` (tests, `--as-of`). */
export function fixedClock(at: Date): Clock {
  return { now: () => new Date(at.getTime()) };
}

/** The system clock moved by `offsetMs` (which may change later): the playground's "advance the clock". */
export function offsetClock(base: Clock = systemClock): Clock & { advance(ms: number): void; offsetMs(): number } {
  let offset = 0;
  return {
    now: () => new Date(base.now().getTime() + offset),
    advance(ms: number) {
      offset += ms;
    },
    offsetMs: () => offset,
  };
}

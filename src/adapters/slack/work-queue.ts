// Work that follows an ack runs through a small queue that gives way to acks: while Slack requests are
// being answered, queued work waits (up to maxDeferMs), so a burst of clicks cannot push an ack past
// Slack's 3-second limit. The work itself may take longer; the raw payload is stored as its first step.
// Urgent jobs (opening a modal: its trigger_id expires 3 s after the click) skip the queue.
export interface WorkQueue {
  run<T>(job: () => Promise<T>, opts?: { urgent?: boolean }): Promise<T>;
  /** resolves when nothing is queued or running */
  idle(): Promise<void>;
  /** call when the gate may have opened (an ack finished) */
  pump(): void;
  readonly pending: number;
}

export interface WorkQueueOptions {
  concurrency: number;
  /** true when queued work may start (default: always) */
  gate?: () => boolean;
  /** a job never waits for the gate longer than this */
  maxDeferMs?: number;
}

export function createWorkQueue(o: WorkQueueOptions): WorkQueue {
  const gate = o.gate ?? (() => true);
  const maxDeferMs = o.maxDeferMs ?? 1000;
  const waiting: { at: number; go: () => void }[] = [];
  const all = new Set<Promise<unknown>>();
  let running = 0;
  let timer: NodeJS.Timeout | null = null;

  const pump = () => {
    while (running < o.concurrency && waiting.length > 0) {
      const head = waiting[0] as { at: number; go: () => void };
      if (!gate() && performance.now() - head.at < maxDeferMs) break;
      waiting.shift();
      running += 1;
      head.go();
    }
    if (waiting.length > 0 && !timer) {
      timer = setTimeout(() => {
        timer = null;
        pump();
      }, 20);
      timer.unref();
    }
  };
  const acquire = () =>
    new Promise<void>((resolve) => {
      waiting.push({ at: performance.now(), go: resolve }); // elapsed time only
      pump();
    });
  const release = () => {
    running -= 1;
    pump();
  };

  return {
    run<T>(job: () => Promise<T>, opts?: { urgent?: boolean }): Promise<T> {
      const p = (async () => {
        if (opts?.urgent) return job();
        await acquire();
        try {
          return await job();
        } finally {
          release();
        }
      })();
      all.add(p);
      void p.then(
        () => all.delete(p),
        () => all.delete(p),
      );
      return p;
    },
    async idle() {
      while (all.size > 0) await Promise.allSettled([...all]);
    },
    pump,
    get pending() {
      return all.size;
    },
  };
}

// WAL checkpoints off the event loop, for the long-running server on SQLite.
//
// better-sqlite3 is synchronous: when a commit pushes the WAL past SQLite's auto-checkpoint size (1,000
// pages), that commit copies the WAL into the database file and fsyncs it before returning, and the whole
// process (every Slack ack, every Teams invoke) waits. Measured in bench/slack.bench.ts: one such commit held
// the event loop for 447 ms. So the server turns auto-checkpointing off on its connection and a worker
// thread with its own connection runs PASSIVE checkpoints (which never wait for, or block, readers and
// writers). Commits still fsync the WAL (synchronous=FULL): a stored click survives a power cut, only the
// copying into the main file moved.
//
// The worker runs only while there is something to copy: a worker thread is a whole V8 isolate and Node
// environment, 16-17 MB of RSS measured on this machine, most of an idle service's margin (issue 20). Every
// `intervalMs` the main thread looks at the WAL file (one stat): when it has changed since the last complete
// checkpoint, the worker is started if it is not running and asked for a checkpoint; after `idleIntervals`
// intervals with no change it is stopped. A stat is all an idle service pays.
import { statSync } from "node:fs";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

// CommonJS, evaluated in the worker: it needs only the better-sqlite3 module path and the database file
const WORKER = `
const { workerData, parentPort } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true, timeout: 0 });
const checkpoint = () => {
  try {
    return db.pragma("wal_checkpoint(PASSIVE)")[0];
  } catch (e) {
    return { error: String(e && e.message) };
  }
};
parentPort.on("message", (m) => {
  if (m === "checkpoint") parentPort.postMessage({ checkpoint: checkpoint() });
  if (m === "stop") {
    const last = checkpoint();
    db.close();
    parentPort.postMessage({ stopped: true, last });
    parentPort.close();
  }
});
`;

export interface Checkpointer {
  /** runs a last checkpoint and ends the worker */
  stop(): Promise<void>;
  /** whether a worker thread is running now (started, not yet exited) */
  running(): boolean;
  /** how many times the worker has been started */
  starts(): number;
}

interface Result {
  busy?: number;
  log?: number;
  checkpointed?: number;
  error?: string;
}

/** every frame in the WAL copied into the database (a reader holding an old snapshot can leave some behind) */
const complete = (r: Result) => !r.error && r.busy === 0 && (r.log ?? 0) <= (r.checkpointed ?? 0);

export function startCheckpointer(
  file: string,
  opts: { intervalMs?: number; idleIntervals?: number; onError?: (e: Error) => void } = {},
): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const wal = `${file}-wal`;
  const idleIntervals = opts.idleIntervals ?? 30;
  let worker: { thread: Worker; exited: Promise<void> } | null = null;
  let ending: Promise<void> | null = null; // an idle worker being stopped
  let alive = 0;
  let started = 0;
  let failed = false;
  let asked = false;
  let pending = false; // the WAL has changed since the last complete checkpoint
  let seen = "";
  let quiet = 0;

  const spawn = () => {
    const thread = new Worker(WORKER, { eval: true, workerData: { file, driver } });
    started++;
    alive++;
    // never keeps the process alive by itself; if it dies, SQLite's own checkpoints are the fallback
    thread.unref();
    thread.on("message", (m: { checkpoint?: Result }) => {
      if (!m.checkpoint) return;
      asked = false;
      if (complete(m.checkpoint)) pending = false;
    });
    thread.on("error", (e) => {
      failed = true;
      opts.onError?.(e);
    });
    const me = {
      thread,
      exited: new Promise<void>((resolve) =>
        thread.once("exit", () => {
          alive--;
          if (worker === me) {
            worker = null;
            asked = false;
          }
          resolve();
        }),
      ),
    };
    return me;
  };

  const end = (w: { thread: Worker; exited: Promise<void> }): Promise<void> => {
    // keep the process alive until the worker has finished (unref'd, an exiting process would not wait)
    w.thread.ref();
    w.thread.postMessage("stop");
    return w.exited;
  };

  const look = () => {
    if (failed) return;
    let stamp = "empty";
    try {
      const st = statSync(wal);
      if (st.size > 0) stamp = `${st.mtimeMs}:${st.size}`;
    } catch {
      // no WAL file (yet): nothing to copy
    }
    if (stamp !== seen) {
      // the first look counts as a change: whatever a WAL holds at start is copied once
      seen = stamp;
      quiet = 0;
      pending = stamp !== "empty";
    } else quiet++;
    if (pending && !asked) {
      worker ??= spawn();
      asked = true;
      worker.thread.postMessage("checkpoint");
    } else if (!pending && worker && quiet >= idleIntervals) {
      const w = worker;
      worker = null;
      ending = end(w).finally(() => {
        ending = null;
      });
    }
  };
  const timer = setInterval(look, opts.intervalMs ?? 1000);
  timer.unref();
  look();

  let stopped: Promise<void> | null = null;
  return {
    stop() {
      clearInterval(timer);
      stopped ??= (async () => {
        if (worker) await end(worker);
        await ending;
      })();
      return stopped;
    },
    running: () => alive > 0,
    starts: () => started,
  };
}

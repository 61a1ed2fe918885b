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
// `intervalMs` the main thread stats the -wal file (never opens it, nor the -shm: closing any descriptor of a
// database file in this process would drop SQLite's POSIX locks on it, https://sqlite.org/howtocorrupt.html
// 2.2). After a complete checkpoint the next writer starts the WAL again from its beginning, reusing the file,
// so the file grows past its size at the last checkpoint only once at least that much is waiting: the worker
// is started when it has grown past that size and holds `minBytes` or more (default 1 MB; SQLite's own
// auto-checkpoint waits for 1,000 pages, ~4 MB), checkpoints while the WAL changes, and is stopped after
// `idleIntervals` intervals with no change. So the WAL stays near `minBytes`, and a /healthz probe's small
// commit every few seconds does not keep a thread alive: its frames go with the next checkpoint, or with the
// last connection's checkpoint at close.
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
  opts: { intervalMs?: number; idleIntervals?: number; minBytes?: number; onError?: (e: Error) => void } = {},
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
  let pending = false; // frames are waiting and the worker has not yet copied them all
  let seen = "";
  let quiet = 0;
  let sizeAtCheckpoint = 0;
  let sizeAsked = 0;
  const minBytes = opts.minBytes ?? 1_000_000;

  const spawn = () => {
    const thread = new Worker(WORKER, { eval: true, workerData: { file, driver } });
    started++;
    alive++;
    // never keeps the process alive by itself; if it dies, SQLite's own checkpoints are the fallback
    thread.unref();
    thread.on("message", (m: { checkpoint?: Result }) => {
      if (!m.checkpoint) return;
      asked = false;
      if (complete(m.checkpoint)) {
        pending = false;
        sizeAtCheckpoint = sizeAsked;
      }
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
    let size = 0;
    let stamp = "";
    try {
      const st = statSync(wal);
      size = st.size;
      stamp = `${st.mtimeMs}:${st.size}`;
    } catch {
      // no WAL file (yet): nothing written
    }
    const changed = stamp !== seen;
    if (changed) {
      seen = stamp;
      quiet = 0;
    } else quiet++;
    if ((size > sizeAtCheckpoint && size >= minBytes) || (worker && changed)) pending = true;
    if (pending && !asked) {
      worker ??= spawn();
      asked = true;
      sizeAsked = size;
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

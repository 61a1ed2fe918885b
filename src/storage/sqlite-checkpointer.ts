// WAL checkpoints off the event loop, for the long-running server on SQLite.
//
// better-sqlite3 is synchronous: when a commit pushes the WAL past SQLite's auto-checkpoint size (1,000
// pages), that commit copies the WAL into the database file and fsyncs it before returning, and the whole
// process (every Slack ack, every Teams invoke) waits. Measured in bench/slack.bench.ts: one such commit held
// the event loop for 447 ms. So the server turns auto-checkpointing off on its connection and a worker
// thread with its own connection runs PASSIVE checkpoints (which never wait for, or block, readers and
// writers) every `intervalMs`. Commits still fsync the WAL (synchronous=FULL): a stored click survives a
// power cut, only the copying into the main file moved.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

// CommonJS, evaluated in the worker: it needs only the better-sqlite3 module path and the database file
const WORKER = `
const { workerData, parentPort } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true, timeout: 0 });
let last = null;
const checkpoint = () => {
  try {
    last = db.pragma("wal_checkpoint(PASSIVE)")[0];
  } catch (e) {
    last = { error: String(e && e.message) };
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on("message", (m) => {
  if (m === "stop") {
    clearInterval(timer);
    checkpoint();
    db.close();
    parentPort.postMessage({ stopped: true, last });
    parentPort.close();
  }
});
`;

export interface Checkpointer {
  /** runs a last checkpoint and ends the worker */
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, opts: { intervalMs?: number; onError?: (e: Error) => void } = {}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver, intervalMs: opts.intervalMs ?? 1000 } });
  // never keeps the process alive by itself; if it dies, SQLite's own checkpoints are the fallback
  worker.unref();
  worker.on("error", (e) => opts.onError?.(e));
  let stopped: Promise<void> | null = null;
  return {
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        worker.once("exit", () => resolve());
        worker.once("error", () => resolve());
        // keep the process alive until the worker has finished (unref'd, an exiting process would not wait)
        worker.ref();
        worker.postMessage("stop");
      });
      return stopped;
    },
  };
}

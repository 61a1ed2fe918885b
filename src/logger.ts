// One logger for the server and the CLI: readable lines when stdout is a terminal (pino-pretty, in this thread,
// so a short CLI run exits with everything printed), JSON lines otherwise (files, pipes, log collectors).
import { pino } from "pino";
import pretty from "pino-pretty";

export type Logger = pino.Logger;
export type LogFormat = "auto" | "json" | "pretty";

/** Whether `format` means readable lines on this stdout. */
export function isPretty(format: LogFormat, stdoutIsTty: boolean = process.stdout.isTTY === true): boolean {
  return format === "pretty" || (format === "auto" && stdoutIsTty);
}

/**
 * JSON lines to stdout, each written as it is logged (as Node writes process.stdout to a pipe or a file on
 * Linux). pino's default destination buffers lines and writes what is left at exit with sonic-boom's
 * flushSync, which retries a failed write forever (sonic-boom 4.2: EPIPE too): a service whose log reader
 * had gone (a restarted collector, a closed terminal) never exited on SIGTERM. Written at once, a line
 * that gets EPIPE turns the log off (pino's own handling) and the process goes on, and exits when asked
 * (tests/faults/log-pipe.test.ts).
 */
function stdoutLines(): pino.DestinationStream {
  return pino.destination({ dest: 1, sync: true });
}

export function createLogger(level = "info", format: LogFormat = "auto", dest?: NodeJS.WritableStream): Logger {
  const opts = { level, base: { app: "ragtime" } };
  if (!isPretty(format)) return pino(opts, (dest as pino.DestinationStream | undefined) ?? stdoutLines());
  return pino(
    opts,
    pretty({
      colorize: format !== "pretty",
      sync: true,
      translateTime: "SYS:HH:MM:ss",
      ignore: "pid,hostname,app",
      ...(dest ? { destination: dest } : {}),
    }),
  );
}

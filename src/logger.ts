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

export function createLogger(level = "info", format: LogFormat = "auto", dest?: NodeJS.WritableStream): Logger {
  const opts = { level, base: { app: "ragtime" } };
  if (!isPretty(format)) return dest ? pino(opts, dest as pino.DestinationStream) : pino(opts);
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

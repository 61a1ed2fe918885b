// A process with ragtime's logger whose stdout is a pipe, for log-pipe.test.ts: on "go" (stdin) it logs a
// burst of lines and exits at once, as the service's shutdown does (a line, then process.exit).
import { createLogger } from "../../src/logger.js";

const log = createLogger("info", "json");
process.stdin.once("data", () => {
  for (let i = 0; i < 50; i++) log.info({ i }, "a line after the reader has gone");
  process.exit(0);
});
process.stderr.write("ready\n");

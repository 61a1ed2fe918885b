// `ragtime` admin CLI entry (bin/ragtime.mjs, `npm run ragtime`): the program (program.ts) on the process's
// own stdout, stderr and environment.
import { processIo } from "./io.js";
import { runCli } from "./program.js";

const io = processIo();
runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`ragtime: ${(e as Error).message}`);
    process.exitCode = 1;
  },
);

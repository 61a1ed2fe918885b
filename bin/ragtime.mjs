#!/usr/bin/env node
// `ragtime` admin CLI entry (package.json "bin", `npm run ragtime`): src/cli from its esbuild bundle in plain
// Node (bin/bundle.mjs), so a call does not pay for tsx's loader and per-file transforms (~1.7 s before).
import { runBundled } from "./bundle.mjs";

await runBundled("src/cli/index.ts", "cli");

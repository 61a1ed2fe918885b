import { writeFileSync } from "node:fs";
import { generate } from "./bench/import.bench.ts";
import { readPlanFile } from "./src/services/importPlan.ts";
writeFileSync("/tmp/rt-test/big.csv", generate(50000));
let t = performance.now();
const { model } = await readPlanFile({ file: "/tmp/rt-test/big.csv", planKey: "b" });
console.log("read", (performance.now() - t).toFixed(0), model.actions.length, model.milestones.length, process.resourceUsage().maxRSS / 1024);

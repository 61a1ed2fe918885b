export * from "./phases.js";
export * from "./planner.js";
export * from "./policy.js";
export * from "./routing.js";
export * from "./types.js";

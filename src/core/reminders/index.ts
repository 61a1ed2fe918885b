export * from "./planner.js";
export * from "./policy.js";
export * from "./types.js";

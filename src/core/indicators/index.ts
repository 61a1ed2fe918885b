export * from "./periods.js";
export * from "./rag.js";
export * from "./types.js";
export * from "./units.js";

export * from "./card.js";
export * from "./collection.js";
export * from "./digest.js";
export * from "./periods.js";
export * from "./rag.js";
export * from "./types.js";
export * from "./units.js";

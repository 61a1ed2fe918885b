export * from "./actions.js";
export * from "./detail.js";
export * from "./model.js";
export * from "./reminder.js";

export { SlackMessenger } from "./messenger.js";
export { createSlackSurface, SLACK_EVENTS_PATH, type SlackSurface, type SlackSurfaceDeps } from "./surface.js";

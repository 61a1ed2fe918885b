// Microsoft Teams surface (Teams SDK 2.0.x): createTeamsSurface for main.ts, the renderer and the messenger.

export { TeamsMessenger } from "./messenger.js";
export { renderAdaptiveCard } from "./render.js";
export { createTeamsSurface, MESSAGING_ENDPOINT, type TeamsSurface, type TeamsSurfaceDeps } from "./surface.js";

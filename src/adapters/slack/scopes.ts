// Which bot scope each Slack Web API method the adapter calls needs, and which scope each subscribed
// event / feature needs. tests/integration/slack-manifest.test.ts greps the adapter for client.<method>
// calls and checks every one maps here and every scope is declared in manifests/slack/manifest.json
// (and that the manifest declares nothing more).
export const METHOD_SCOPES: Record<string, string | null> = {
  "auth.test": null,
  "chat.postMessage": "chat:write",
  "chat.update": "chat:write",
  "chat.postEphemeral": "chat:write",
  "views.open": null,
  // files.uploadV2 = files.getUploadURLExternal + upload + files.completeUploadExternal
  "files.uploadV2": "files:write",
  "files.getUploadURLExternal": "files:write",
  "files.completeUploadExternal": "files:write",
};

/** Scopes needed by what the app subscribes to rather than calls. */
export const FEATURE_SCOPES: Record<string, string> = {
  "event:app_mention": "app_mentions:read",
  "event:message.im": "im:history",
  "command:/ragtime": "commands",
};

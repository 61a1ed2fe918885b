// adaptiveCard/action invoke value -> the platform-free Submission (core/cards/actions.ts), plus the invoke
// response shapes Teams expects back (a card, or a message).
import { createHash } from "node:crypto";
import { DETAIL_INPUTS, type DetailValues, INDICATOR_INPUTS, parseActionId, type Submission } from "../../core/cards/actions.js";
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard, REFRESH_VERB } from "./render.js";

export type TeamsInvoke =
  | { kind: "action"; submission: Submission; trigger: "manual" | "automatic" /** the card's message (data `m`) */; message?: string }
  | { kind: "refresh"; data: Record<string, string>; trigger: "manual" | "automatic" }
  | { kind: "unknown"; verb: string | null };

interface InvokeValue {
  action?: { type?: string; verb?: string; data?: Record<string, unknown> };
  trigger?: string;
}

const INPUT_IDS = new Set<string>([...Object.values(DETAIL_INPUTS), ...Object.values(INDICATOR_INPUTS)]);

/** Parses the `value` of an adaptiveCard/action invoke. Input values arrive merged into action.data. */
export function parseInvokeValue(value: unknown): TeamsInvoke {
  const v = (value ?? {}) as InvokeValue;
  const data = v.action?.data ?? {};
  const verb = v.action?.verb ?? (typeof data.rt === "string" ? data.rt : null);
  const trigger = v.trigger === "automatic" ? "automatic" : "manual";
  if (verb === REFRESH_VERB) {
    const d: Record<string, string> = {};
    for (const [k, x] of Object.entries(data)) if (typeof x === "string") d[k] = x;
    return { kind: "refresh", data: d, trigger };
  }
  const parsed = verb ? parseActionId(verb) : null;
  if (!parsed) return { kind: "unknown", verb };
  const values: DetailValues = {};
  for (const [k, x] of Object.entries(data)) {
    if (!INPUT_IDS.has(k) || x === undefined || x === null) continue;
    (values as Record<string, string>)[k] = String(x);
  }
  const submission: Submission = { ...parsed };
  if (Object.keys(values).length) submission.values = values;
  return { kind: "action", submission, trigger, ...(typeof data.m === "string" ? { message: data.m } : {}) };
}

/**
 * Dedupe key of an invoke, and the key of the answer it gives: the same person pressing the same button with
 * the same inputs on the same rendering of the card (its render version `v` is in the action data, see
 * render.ts RenderOptions.version) is one interaction, whatever activity id each retry or double click got; the
 * same button on a card rendered again is a new one.
 */
export function invokeKey(a: { fromId: string; conversationId: string; replyToId?: string | null; value: unknown }): string {
  const v = (a.value ?? {}) as InvokeValue;
  const data = { ...(v.action?.data ?? {}) };
  const canonical = JSON.stringify({
    u: a.fromId,
    c: a.conversationId.split(";")[0],
    m: a.replyToId ?? null,
    verb: v.action?.verb ?? null,
    data: Object.keys(data)
      .sort()
      .map((k) => [k, data[k]]),
  });
  return `teams:invoke:${createHash("sha256").update(canonical).digest("hex").slice(0, 40)}`;
}

export interface CardInvokeResponse {
  status: 200;
  body: { statusCode: 200; type: typeof ADAPTIVE_CARD_CONTENT_TYPE; value: AdaptiveCard };
}

export function cardResponse(card: AdaptiveCard): CardInvokeResponse {
  return { status: 200, body: { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card } };
}

export function messageResponse(text: string): {
  status: 200;
  body: { statusCode: 200; type: "application/vnd.microsoft.activity.message"; value: string };
} {
  return { status: 200, body: { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: text } };
}

/**
 * Universal Actions' error response (application/vnd.microsoft.error), for an invoke that could not be done: the
 * HTTP status is the error's own, as Bot Framework's InvokeException answers. Teams shows the person an error on
 * the card, which keeps its buttons, so they can press again; never a success for something not recorded.
 */
export interface ErrorInvokeResponse {
  status: 500;
  body: { statusCode: 500; type: "application/vnd.microsoft.error"; value: { code: string; message: string } };
}

export function unavailableResponse(): ErrorInvokeResponse {
  return {
    status: 500,
    body: {
      statusCode: 500,
      type: "application/vnd.microsoft.error",
      value: {
        code: "ServiceUnavailable",
        message:
          "ragtime could not save this just now (its database is unavailable), so nothing was recorded. Please press the button again in a minute.",
      },
    },
  };
}

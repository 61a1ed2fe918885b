// What /api/messages can tell from the Authorization header alone, before a byte of the body is read: Bot
// Framework always sends "Bearer <JWT>" signed RS256, for this bot (aud), not expired. Anything else is refused
// (401) unread; the signature, issuer and service URL are then checked by the Teams SDK on the (capped) body,
// as before. The audiences and the 5-minute clock tolerance are the SDK's own (teams.apps JwtValidator).
import type { AdmissionRule } from "../../http/admission.js";

const CLOCK_TOLERANCE_S = 300;
const JWT = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/;

function json(segment: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(Buffer.from(segment, "base64url").toString("utf8")) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The credentials part of the admission rule for a Bot Framework request to the bot with this app id. */
export function botFrameworkCredentials(authorization: string | undefined, appId: string, nowS: number): AdmissionRule["credentials"] {
  if (!authorization) return "missing";
  const m = JWT.exec(authorization.trim());
  if (!m) return { invalid: "the Authorization header is not a Bearer token (JWT)" };
  const head = json(m[1] as string);
  const body = json(m[2] as string);
  if (!head || !body) return { invalid: "the bearer token is not a readable JWT" };
  if (head.alg !== "RS256") return { invalid: "the bearer token is not signed RS256" };
  const audiences = [appId, `api://botid-${appId}`, `api://${appId}`];
  const aud = Array.isArray(body.aud) ? body.aud : [body.aud];
  if (!aud.some((a) => typeof a === "string" && audiences.includes(a))) return { invalid: "the bearer token is for another app" };
  if (typeof body.exp !== "number" || body.exp + CLOCK_TOLERANCE_S < nowS) return { invalid: "the bearer token has expired" };
  return "present";
}

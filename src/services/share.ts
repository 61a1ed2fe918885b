// `/ragtime share <question>` posts the answer into the channel for everyone in it. Plan content (which can name
// families) may only go where it belongs: a channel bound to a board of the plan (the answer is then about that
// plan only), or a channel chosen by an administrator (a plan administrator: about the plans they administer;
// a global admin: any). Anyone else gets a clear refusal, and the answer only for themselves.
import type { Db } from "../storage/db.js";
import { planKeysAdministeredBy, planKeysBoundToSlackChannel } from "../storage/share.js";

export type ShareScope = { allowed: true; planKeys: string[] | null } | { allowed: false; message: string };

export const SHARE_REFUSAL =
  'I can only share plan content in a channel bound to one of that plan\'s boards (`ragtime board add "<board>" --plan <key> --slack-channel <channel id>`), or when a plan administrator asks. Here is the answer just for you.';

/** planKeys: the plans the shared answer may cover (null: any the asker may see). */
export async function shareScope(
  db: Db,
  where: { slackChannelId: string },
  asker: { personId: string | null; isGlobalAdmin: boolean },
): Promise<ShareScope> {
  const bound = await planKeysBoundToSlackChannel(db, where.slackChannelId);
  if (bound.length > 0) return { allowed: true, planKeys: bound };
  if (asker.isGlobalAdmin) return { allowed: true, planKeys: null };
  const administered = asker.personId ? await planKeysAdministeredBy(db, asker.personId) : [];
  if (administered.length > 0) return { allowed: true, planKeys: administered };
  return { allowed: false, message: SHARE_REFUSAL };
}

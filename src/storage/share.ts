// What `/ragtime share` needs to know about a channel and a person (services/share.ts).
import type { Db, Tx } from "./db.js";

/** Keys of the plans whose boards post to this Slack channel. */
export async function planKeysBoundToSlackChannel(db: Db | Tx, channelId: string): Promise<string[]> {
  const boards = await db.board.findMany({ where: { slackChannelId: channelId }, select: { plan: { select: { key: true } } } });
  return [...new Set(boards.map((b) => b.plan.key))].sort();
}

/** Keys of the plans this person administers. */
export async function planKeysAdministeredBy(db: Db | Tx, personId: string): Promise<string[]> {
  const rows = await db.planAdmin.findMany({ where: { personId }, select: { plan: { select: { key: true } } } });
  return rows.map((r) => r.plan.key).sort();
}

// Board digests: build (model + card + chart), post (immutable snapshot + outbox rows) and the scheduled tick.

import type { Card } from "../core/cards/model.js";
import { cardToText } from "../core/cards/model.js";
import { digestCard } from "../core/digest/card.js";
import { buildDigestModel, type DigestModel, type DigestSnapshotRef, snapshotRef } from "../core/digest/model.js";
import { type PaperRow, paperRows } from "../core/digest/paper-rows.js";
import { latestSlot, parseSchedule } from "../core/digest/schedule.js";
import { UserError } from "../core/errors.js";
import type { Platform, Recipient } from "../delivery/messenger.js";
import { type EnabledPlatforms, enqueueMessage } from "../delivery/outbox.js";
import { type BoardWithPlan, getBoard, listBoards, teamsConversation } from "../storage/boards.js";
import type { Db } from "../storage/db.js";
import { createDigest, digestOutboxIds, findDigest, loadPlanFacts, previousDigest } from "../storage/digests.js";
import { isUniqueViolation } from "../storage/errors.js";
import { boardSections } from "./boards.js";
import { addIndicatorSection, indicatorSectionFor } from "./indicator-digest.js";

export class DigestError extends UserError {
  constructor(message: string, fix?: string) {
    super("digest.bad_input", message, fix);
  }
}

/** A digest is not posted for a plan that is not live (a draft, or going live later): nothing is sent before go-live. */
export class PlanNotLiveError extends UserError {
  constructor(
    readonly planKey: string,
    message: string,
  ) {
    super(
      "digest.plan_not_live",
      message,
      `Make the plan live first: \`ragtime plan go-live ${planKey}\` (add --preview to see what going live sends).`,
    );
  }
}

/** Why a digest may not be posted for this plan at `now` (null: it is live). */
export function notLiveReason(plan: { key: string; status: string; liveFrom: Date | null }, now: Date): string | null {
  if (plan.status !== "live") return `plan "${plan.key}" is a draft: it is not live, so no digest is posted for it`;
  if (plan.liveFrom && plan.liveFrom.getTime() > now.getTime())
    return `plan "${plan.key}" goes live on ${plan.liveFrom.toISOString().slice(0, 16).replace("T", " ")} UTC: no digest is posted for it before then`;
  return null;
}

export function asOfDate(iso: string): Date {
  // a round trip, because Date rolls "2024-02-31" over to 2 March
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) || ymd(new Date(`${iso}T00:00:00Z`)) !== iso)
    throw new DigestError(`"${iso}" is not a date in YYYY-MM-DD form`);
  return new Date(`${iso}T00:00:00Z`);
}
const ymd = (d: Date) => d.toISOString().slice(0, 10);

/** What a stored snapshot holds: the model and the card exactly as presented. */
export interface DigestSnapshot {
  presentedOn: string;
  postedAt: string;
  boardName: string;
  model: DigestModel;
  card: Card;
  text: string;
  /** the board paper's full table as of the digest (absent in snapshots stored before board papers) */
  paper?: PaperRow[];
}

export function parseSnapshot(json: string): DigestSnapshot | null {
  try {
    const v = JSON.parse(json) as DigestSnapshot;
    return v && typeof v === "object" && v.model ? v : null;
  } catch {
    return null;
  }
}

async function modelFor(db: Db, board: BoardWithPlan, asOf: Date): Promise<DigestModel> {
  return (await modelAndRows(db, board, asOf)).model;
}

async function modelAndRows(db: Db, board: BoardWithPlan, asOf: Date): Promise<{ model: DigestModel; paper: PaperRow[] }> {
  const prevRow = await previousDigest(db, board.id, asOf);
  const prevSnap = prevRow ? parseSnapshot(prevRow.snapshotJson) : null;
  const previous: DigestSnapshotRef | null = prevSnap ? snapshotRef(prevSnap.model) : null;
  const [facts] = await loadPlanFacts(db, [board.planId]);
  if (!facts) throw new DigestError(`plan of board "${board.name}" not found`);
  const sections = boardSections(board.sectionsJson);
  const model = buildDigestModel({ board: { id: board.id, name: board.name, sections }, facts, asOf: ymd(asOf), previous });
  const indicators = await indicatorSectionFor(db, {
    planId: board.planId,
    scaleId: model.plan.scaleId,
    sectionWord: model.plan.sectionWord,
    sections,
    asOf: model.asOf,
  });
  return { model: indicators ? { ...model, indicators } : model, paper: paperRows(facts, sections, ymd(asOf)) };
}

export async function buildDigest(db: Db, boardId: string, asOf: Date): Promise<DigestModel> {
  const board = await getBoard(db, boardId);
  if (!board) throw new DigestError(`no board with id ${boardId}`);
  return modelFor(db, board, asOf);
}

/** The card with its chart attached (chart failures leave the card without an image, never without a digest). */
export async function renderDigest(model: DigestModel, onChartError?: (e: unknown) => void): Promise<{ card: Card; png: Buffer | null }> {
  let png: Buffer | null = null;
  try {
    // loaded on first use: vega + resvg take ~2 s to import, which every CLI command would otherwise pay
    const { digestChartPng } = await import("../charts/digestChart.js");
    png = await digestChartPng(model);
  } catch (e) {
    onChartError?.(e);
  }
  const card = digestCard(model, png ? { chartPng: { base64: png.toString("base64") } } : {});
  return { card: await addIndicatorSection(card, model.indicators, model.asOf, onChartError), png };
}

interface Target {
  platform: Platform;
  channelKey: string;
  recipient: Recipient;
}

async function targetsFor(db: Db, board: BoardWithPlan, enabled: EnabledPlatforms): Promise<Target[]> {
  const out: Target[] = [];
  if (board.slackChannelId && enabled.slack)
    out.push({
      platform: "slack",
      channelKey: `slack:${board.slackChannelId}`,
      recipient: { boardId: board.id, slackChannelId: board.slackChannelId },
    });
  if (board.teamsConversationId && enabled.teams) {
    const ref = await teamsConversation(db, board.teamsConversationId);
    out.push({
      platform: "teams",
      channelKey: `teams:${board.teamsConversationId}`,
      recipient: { boardId: board.id, teamsConversationId: board.teamsConversationId, ...(ref ? { teamsServiceUrl: ref.serviceUrl } : {}) },
    });
  }
  if (out.length === 0) out.push({ platform: "log", channelKey: "log", recipient: { boardId: board.id } });
  return out;
}

export interface PostResult {
  digestId: string;
  outboxIds: string[];
  /** false when this board already had a digest for that date (nothing new stored or sent) */
  created: boolean;
  model: DigestModel;
  /** the card exactly as stored in the snapshot (as presented to the board) */
  card: Card;
}

/**
 * Stores the digest as the immutable snapshot "as presented to the board on <asOf>" and enqueues it to the
 * board's channels, in one transaction. At most one digest per board and date (Digest unique [boardId, asOf]).
 */
export async function postDigest(db: Db, boardId: string, asOf: Date, now: Date, enabled: EnabledPlatforms): Promise<PostResult> {
  const board = await getBoard(db, boardId);
  if (!board) throw new DigestError(`no board with id ${boardId}`);
  const notLive = notLiveReason(board.plan, now);
  if (notLive) throw new PlanNotLiveError(board.plan.key, `board "${board.name}": ${notLive}`);
  const existing = await findDigest(db, boardId, asOf);
  if (existing) return existingResult(db, existing.id, existing.snapshotJson, boardId, asOf);
  const { model, paper } = await modelAndRows(db, board, asOf);
  const { card } = await renderDigest(model);
  const targets = await targetsFor(db, board, enabled);
  const snapshot: DigestSnapshot = {
    presentedOn: ymd(asOf),
    postedAt: now.toISOString(),
    boardName: board.name,
    model,
    card,
    text: cardToText(card),
    paper,
  };
  try {
    return await db.$transaction(async (tx) => {
      const row = await createDigest(tx, {
        boardId,
        asOf,
        postedAt: now,
        score: model.score.current,
        snapshotJson: JSON.stringify(snapshot),
      });
      const outboxIds: string[] = [];
      for (const t of targets) {
        const r = await enqueueMessage(tx, {
          dedupeKey: `digest:${boardId}:${ymd(asOf)}:${t.platform}`,
          platform: t.platform,
          channelKey: t.channelKey,
          recipient: t.recipient,
          card,
          notBefore: now,
        });
        outboxIds.push(r.id);
      }
      return { digestId: row.id, outboxIds, created: true, model, card };
    });
  } catch (e) {
    // another replica posted the same digest first
    if (isUniqueViolation(e)) {
      const row = await findDigest(db, boardId, asOf);
      if (row) return existingResult(db, row.id, row.snapshotJson, boardId, asOf);
    }
    throw e;
  }
}

async function existingResult(db: Db, digestId: string, json: string, boardId: string, asOf: Date): Promise<PostResult> {
  const outboxIds = await digestOutboxIds(db, `digest:${boardId}:${ymd(asOf)}:`);
  const snap = parseSnapshot(json);
  if (!snap) throw new DigestError(`stored digest ${digestId} has an unreadable snapshot`);
  return { digestId, outboxIds, created: false, model: snap.model, card: snap.card };
}

export interface TickResult {
  boardId: string;
  board: string;
  asOf: string;
  digestId?: string;
  created?: boolean;
  /** not posted because the board's plan is not live (the slot is posted by no one: going live does not back-post it) */
  notLive?: string;
  /** the plan's key, with notLive */
  planKey?: string;
  error?: string;
}

/** Posts the digest of every board whose schedule slot has come (in its time zone), once per board and date. */
export async function runDigestTick(db: Db, now: Date, enabled: EnabledPlatforms): Promise<TickResult[]> {
  const out: TickResult[] = [];
  for (const b of await listBoards(db)) {
    let slot: ReturnType<typeof latestSlot>;
    try {
      slot = latestSlot(parseSchedule(b.schedule), now, b.timeZone);
    } catch (e) {
      out.push({ boardId: b.id, board: b.name, asOf: "", error: (e as Error).message });
      continue;
    }
    if (!slot || slot.at < b.createdAt) continue;
    // a slot before the plan went live is never posted (going live does not send the digest it missed)
    if (b.plan.status === "live" && b.plan.liveFrom && slot.at < b.plan.liveFrom) continue;
    const asOf = asOfDate(slot.localDate);
    const notLive = notLiveReason(b.plan, now);
    if (notLive) {
      out.push({ boardId: b.id, board: b.name, asOf: slot.localDate, notLive, planKey: b.plan.key });
      continue;
    }
    if (await findDigest(db, b.id, asOf)) continue;
    try {
      const r = await postDigest(db, b.id, asOf, now, enabled);
      out.push({ boardId: b.id, board: b.name, asOf: slot.localDate, digestId: r.digestId, created: r.created });
    } catch (e) {
      out.push({ boardId: b.id, board: b.name, asOf: slot.localDate, error: (e as Error).message });
    }
  }
  return out;
}

// Chart images for Teams cards. A Teams message is limited to about 28 KB, and a digest chart as a data URL
// alone is bigger, so with TEAMS_PUBLIC_URL set the card points at GET /teams/images/<outbox ref>/<key>.png
// on this server (signed, served from the outbox row that holds the PNG). Without it, small images go
// inline as data URLs and an image that would push the message over the limit is replaced by its
// description, so the message is still delivered.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Card, CardAttachment } from "../../core/cards/model.js";
import { storedCard } from "../../services/act-view.js";
import type { Db } from "../../storage/db.js";

export const IMAGE_PATH = "/teams/images/";
/** stay under Teams' ~28 KB message size with room for the envelope */

export function imageSignature(secret: string, ref: string, key: string): string {
  return createHmac("sha256", secret).update(`${ref}/${key}`).digest("base64url").slice(0, 32);
}

export function hostedImageUrl(publicUrl: string, secret: string, ref: string, key: string): string {
  return `${publicUrl.replace(/\/+$/, "")}${IMAGE_PATH}${encodeURIComponent(ref)}/${encodeURIComponent(key)}.png?sig=${imageSignature(secret, ref, key)}`;
}

export function dataUrl(a: CardAttachment): string {
  return `data:${a.mimeType};base64,${a.base64}`;
}

/** The card with its image blocks replaced by their description (for when the message would be too big). */
export function withoutImages(card: Card): Card {
  return {
    ...card,
    blocks: card.blocks.map((b) =>
      b.type === "image" ? { type: "context" as const, text: `Chart: ${b.alt} (too large to include in a Teams message)` } : b,
    ),
  };
}

/**
 * A card too big for one Teams message with its inline image, split after the image: the root keeps the
 * blocks up to and including the (last) image, the rest opens the thread. Null when the card has no image
 * block or nothing follows it.
 */
export function splitAfterImage(card: Card): { root: Card; rest: Card } | null {
  let at = -1;
  card.blocks.forEach((b, i) => {
    if (b.type === "image") at = i;
  });
  if (at < 0 || at === card.blocks.length - 1) return null;
  const rest = card.blocks.slice(at + 1);
  while (rest[0]?.type === "divider") rest.shift();
  const { thread: _, ...root } = card;
  return {
    root: { ...root, blocks: card.blocks.slice(0, at + 1) },
    rest: {
      purpose: `${card.purpose}_details`,
      title: card.title,
      fallback: card.fallback,
      blocks: rest,
      ...(card.mentions ? { mentions: card.mentions } : {}),
    },
  };
}

/** Serves GET /teams/images/<ref>/<key>.png?sig=...; returns false for other paths. */
export async function serveImage(db: Db, secret: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://local");
  if (!url.pathname.startsWith(IMAGE_PATH)) return false;
  const m = /^\/teams\/images\/([^/]+)\/([^/]+)\.png$/.exec(url.pathname);
  const notFound = () => {
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found\n");
    return true;
  };
  if (req.method !== "GET" || !m) return notFound();
  const ref = decodeURIComponent(m[1] ?? "");
  const key = decodeURIComponent(m[2] ?? "");
  const want = Buffer.from(imageSignature(secret, ref, key));
  const got = Buffer.from(url.searchParams.get("sig") ?? "");
  if (got.length !== want.length || !timingSafeEqual(got, want)) return notFound();
  // the message's cards may have been split to fit Teams (fit.ts): look in the root and every thread card
  const stored = await storedCard(db, ref.split(":")[0] ?? ref);
  if (!stored) return notFound();
  const a = [stored.card, ...(stored.card.thread ?? [])].flatMap((c) => c.attachments ?? []).find((x) => x.key === key);
  if (!a) return notFound();
  const body = Buffer.from(a.base64, "base64");
  res.writeHead(200, { "content-type": a.mimeType, "content-length": body.length, "cache-control": "private, max-age=604800, immutable" });
  res.end(body);
  return true;
}

// Teams conversation references: captured when the app is installed (personal, team, group chat) and linked
// to the Person (by AAD object id, else e-mail) or to the Board whose teamsConversationId it is. Proactive
// sends read the reference's service URL from here.
import type { Db } from "../../storage/db.js";

export type ConversationKind = "personal" | "channel" | "groupChat";

export interface CapturedReference {
  conversationId: string;
  kind: ConversationKind;
  serviceUrl: string;
  tenantId: string | null;
  /** the installing / chatting user's AAD object id (personal conversations) */
  aadObjectId: string | null;
  /** the user's e-mail / UPN when the roster told us */
  email?: string | null;
  botId: string | null;
}

export interface StoredReference {
  id: string;
  conversationId: string;
  kind: string;
  serviceUrl: string;
  personId: string | null;
  boardId: string | null;
}

/** "19:abc@thread.tacv2;messageid=123" -> "19:abc@thread.tacv2" */
export function baseConversationId(id: string): string {
  return id.split(";")[0] ?? id;
}

export function conversationKind(type: string | undefined | null): ConversationKind {
  if (type === "channel") return "channel";
  if (type === "groupChat") return "groupChat";
  return "personal";
}

/** Upserts the reference and links it; returns what it is linked to. */
export async function saveReference(db: Db, ref: CapturedReference): Promise<StoredReference> {
  const conversationId = baseConversationId(ref.conversationId);
  let personId: string | null = null;
  let boardId: string | null = null;
  if (ref.kind === "personal") {
    let person = ref.aadObjectId ? await db.person.findUnique({ where: { teamsUserId: ref.aadObjectId } }) : null;
    if (!person && ref.email) {
      const email = ref.email.trim().toLowerCase();
      person =
        (await db.person.findUnique({ where: { email } })) ??
        (await db.person.findFirst({ where: { email: { equals: ref.email.trim() } } }));
      // first contact by e-mail: remember the AAD id so later activities match directly
      if (person && !person.teamsUserId && ref.aadObjectId)
        person = await db.person.update({ where: { id: person.id }, data: { teamsUserId: ref.aadObjectId } });
    }
    personId = person?.id ?? null;
  } else {
    const board = await db.board.findFirst({ where: { teamsConversationId: conversationId } });
    boardId = board?.id ?? null;
  }
  const data = {
    kind: ref.kind,
    serviceUrl: ref.serviceUrl.replace(/\/+$/, ""),
    tenantId: ref.tenantId,
    aadObjectId: ref.aadObjectId,
    botId: ref.botId,
    personId,
    boardId,
  };
  const row = await db.conversationRef.upsert({
    where: { conversationId },
    create: { conversationId, ...data },
    update: data,
  });
  return { id: row.id, conversationId, kind: row.kind, serviceUrl: row.serviceUrl, personId, boardId };
}

export async function findReference(db: Db, conversationId: string) {
  return db.conversationRef.findUnique({ where: { conversationId: baseConversationId(conversationId) } });
}

/** A person's personal (1:1) conversation, if the app is installed for them. */
export async function personalReferenceOf(db: Db, personId: string) {
  return db.conversationRef.findFirst({ where: { personId, kind: "personal" }, orderBy: { updatedAt: "desc" } });
}

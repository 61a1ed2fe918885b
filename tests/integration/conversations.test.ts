// Teams installations through services/conversations.ts on a real database: linking a personal install to
// its person (AAD id, else e-mail as written), a channel install to its board, and the look-ups the adapter
// makes (reference by thread id, board of a conversation, latest digest, the conversations listing).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  boardOfConversation,
  findConversation,
  isLinkedTeamsUser,
  lastKnownServiceUrl,
  latestConversationDigest,
  listConversations,
  saveConversation,
  teamsUserIdsOfPeople,
} from "../../src/services/conversations.js";
import { createSqliteTestDb, type TestDb } from "../helpers/db.js";

const CHANNEL = "19:board-channel@thread.tacv2";
let t: TestDb;
let ids: { ana: string; ben: string; cat: string; board: string };

beforeAll(async () => {
  t = await createSqliteTestDb();
  const ana = await t.db.person.create({ data: { name: "Ana Aad", normName: "ana aad", teamsUserId: "aad-ana" } });
  const ben = await t.db.person.create({ data: { name: "Ben Mail", normName: "ben mail", email: "ben.mail@council.gov.uk" } });
  // an older row whose e-mail was stored as typed, not lower-case
  const cat = await t.db.person.create({ data: { name: "Cat Case", normName: "cat case", email: "Cat.Case@Council.gov.uk" } });
  const plan = await t.db.plan.create({ data: { key: "conv", name: "Conversation plan" } });
  const board = await t.db.board.create({ data: { name: "Improvement Board", planId: plan.id, teamsConversationId: CHANNEL } });
  ids = { ana: ana.id, ben: ben.id, cat: cat.id, board: board.id };
});
afterAll(async () => t?.cleanup());

const personal = (conversationId: string, aadObjectId: string | null, email: string | null = null) => ({
  conversationId,
  kind: "personal" as const,
  serviceUrl: "https://smba.example/uk/",
  tenantId: "tenant-1",
  aadObjectId,
  email,
  botId: "28:bot",
});

describe("saveConversation", () => {
  it("links a personal install by AAD object id and trims the service URL", async () => {
    expect(await isLinkedTeamsUser(t.db, "aad-ana")).toBe(true);
    const stored = await saveConversation(t.db, personal("a:ana", "aad-ana"));
    expect(stored).toMatchObject({ conversationId: "a:ana", kind: "personal", personId: ids.ana, boardId: null });
    expect(stored.serviceUrl).toBe("https://smba.example/uk");
  });

  it("links by e-mail when the AAD id is unknown and remembers the AAD id; an e-mail stored as typed still matches", async () => {
    expect(await isLinkedTeamsUser(t.db, "aad-ben")).toBe(false);
    const ben = await saveConversation(t.db, personal("a:ben", "aad-ben", " Ben.Mail@council.gov.uk "));
    expect(ben.personId).toBe(ids.ben);
    expect(await isLinkedTeamsUser(t.db, "aad-ben")).toBe(true);
    const cat = await saveConversation(t.db, personal("a:cat", "aad-cat", "Cat.Case@Council.gov.uk"));
    expect(cat.personId).toBe(ids.cat);
    expect((await t.db.person.findUniqueOrThrow({ where: { id: ids.cat } })).teamsUserId).toBe("aad-cat");
  });

  it("leaves an unknown user unlinked and re-saving the same conversation updates it in place", async () => {
    const first = await saveConversation(t.db, personal("a:zed", "aad-zed", "nobody@council.gov.uk"));
    expect(first.personId).toBeNull();
    const again = await saveConversation(t.db, { ...personal("a:zed", "aad-zed"), serviceUrl: "https://smba.example/emea" });
    expect(again.id).toBe(first.id);
    expect((await findConversation(t.db, "a:zed"))?.serviceUrl).toBe("https://smba.example/emea");
    expect(await lastKnownServiceUrl(t.db)).toBe("https://smba.example/emea");
  });

  it("links a channel install (stored without its thread suffix) to the board whose Teams conversation it is", async () => {
    const stored = await saveConversation(t.db, {
      ...personal(`${CHANNEL};messageid=123`, "aad-ana"),
      kind: "channel",
    });
    expect(stored).toMatchObject({ conversationId: CHANNEL, boardId: ids.board, personId: null });
    expect((await findConversation(t.db, `${CHANNEL};messageid=999`))?.id).toBe(stored.id);
  });
});

describe("look-ups for the adapter", () => {
  it("finds the board of a channel, and its latest digest snapshot", async () => {
    expect((await boardOfConversation(t.db, `${CHANNEL};messageid=5`))?.id).toBe(ids.board);
    expect(await boardOfConversation(t.db, "a:ana")).toBeNull();
    expect(await latestConversationDigest(t.db, "a:ana")).toBeNull();
    const none = await latestConversationDigest(t.db, CHANNEL);
    expect(none?.board.name).toBe("Improvement Board");
    expect(none?.snapshot).toBeNull();
    const snapshot = (title: string) =>
      JSON.stringify({ boardName: "Improvement Board", model: {}, card: { purpose: "digest", title, fallback: title, blocks: [] } });
    await t.db.digest.create({ data: { boardId: ids.board, asOf: new Date("2018-01-22T00:00:00Z"), snapshotJson: snapshot("older") } });
    await t.db.digest.create({ data: { boardId: ids.board, asOf: new Date("2018-01-29T00:00:00Z"), snapshotJson: snapshot("newer") } });
    const found = await latestConversationDigest(t.db, CHANNEL);
    expect(found?.snapshot?.card.title).toBe("newer");
  });

  it("gives the Teams ids of people who have one", async () => {
    expect((await teamsUserIdsOfPeople(t.db, [ids.ana, ids.ben, ids.cat])).sort()).toEqual(["aad-ana", "aad-ben", "aad-cat"]);
    expect(await teamsUserIdsOfPeople(t.db, [])).toEqual([]);
  });

  it("lists stored conversations oldest first with their person or board", async () => {
    const rows = await listConversations(t.db);
    expect(rows.map((r) => [r.conversationId, r.person ?? r.board])).toEqual([
      ["a:ana", "Ana Aad"],
      ["a:ben", "Ben Mail"],
      ["a:cat", "Cat Case"],
      ["a:zed", null],
      [CHANNEL, "Improvement Board"],
    ]);
  });
});

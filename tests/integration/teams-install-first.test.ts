// The app installed in a person's 1:1 chat before they are mapped: the chat is stored unlinked (with the
// roster's UPN), and linked when they are mapped later — by e-mail/UPN or by Teams user id (AAD object id),
// from `ragtime people set` or `ragtime teams install-check`; a reminder then reaches that chat.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { personalTeamsConversation, setPerson } from "../../src/services/people.js";
import { runCli } from "./cli.helper.js";
import { type Harness, installActivity, startHarness } from "./teams.harness.js";

const NOW = new Date("2018-01-31T10:12:00Z");
const UNA = { id: "29:una-pairwise", aadObjectId: "aad-una", name: "Una Early" };
const VIC = { id: "29:vic-pairwise", aadObjectId: "aad-vic", name: "Vic Early" };

let h: Harness;
beforeAll(async () => {
  h = await startHarness(NOW);
});
afterAll(async () => h?.close());

describe("Teams install before mapping", () => {
  it("a chat installed before mapping is linked when the person is mapped by e-mail (the roster's UPN)", async () => {
    h.connector.members.set(UNA.id, { ...UNA, userPrincipalName: "Una.Early@Thurrock.gov.uk" });
    expect((await h.post(installActivity(h, UNA, "a:1una-chat"))).status).toBe(200);
    const before = await h.t.db.conversationRef.findUniqueOrThrow({ where: { conversationId: "a:1una-chat" } });
    expect(before).toMatchObject({ personId: null, aadObjectId: "aad-una", upn: "una.early@thurrock.gov.uk" });
    // the welcome said they are not linked yet
    expect(JSON.stringify(h.connector.to("a:1una-chat")[0]?.activity)).toContain("not linked to a plan person yet");

    const una = await setPerson(h.t.db, "Una Early", { email: "una.early@thurrock.gov.uk" }, { create: true });
    const after = await h.t.db.conversationRef.findUniqueOrThrow({ where: { conversationId: "a:1una-chat" } });
    expect(after.personId).toBe(una.id);
    // the chat's AAD id is remembered, as on a first install
    expect(una.teamsUserId).toBe("aad-una");
    expect((await personalTeamsConversation(h.t.db, una.id))?.conversationId).toBe("a:1una-chat");
  });

  it("ragtime teams install-check lists a chat nobody is mapped to with the fix, and links it once they are", async () => {
    h.connector.members.delete(VIC.id); // the roster gives no e-mail
    expect((await h.post(installActivity(h, VIC, "a:1vic-chat"))).status).toBe(200);
    const waiting = await runCli(["teams", "install-check"], h.t.url);
    expect(waiting.code, waiting.stderr).toBe(0);
    expect(waiting.stdout).toContain("waiting");
    expect(waiting.stdout).toContain('fix: ragtime people set "<name as the plan writes it>" --teams aad-vic');
    expect(waiting.stdout).toContain("a:1vic-chat");

    // mapped by Teams user id directly in the database (as another tool or an import would), then the check links it
    await h.t.db.person.create({ data: { name: "Vic Early", normName: "vic early", teamsUserId: "aad-vic" } });
    const check = await runCli(["teams", "install-check", "--json"], h.t.url);
    expect(check.code, check.stderr).toBe(0);
    const r = JSON.parse(check.stdout) as { linked: { conversationId: string; person: string; by: string }[]; waiting: unknown[] };
    expect(r.linked).toEqual([{ conversationId: "a:1vic-chat", person: "Vic Early", by: "aad" }]);
    expect(r.waiting).toEqual([]);
    const ref = await h.t.db.conversationRef.findUniqueOrThrow({ where: { conversationId: "a:1vic-chat" }, include: { person: true } });
    expect(ref.person?.name).toBe("Vic Early");
  });

  it("an e-mail match never takes a chat from a person mapped to another Teams account", async () => {
    const W = { id: "29:w", aadObjectId: "aad-w-new", name: "W" };
    h.connector.members.set(W.id, { ...W, userPrincipalName: "w@thurrock.gov.uk" });
    await setPerson(h.t.db, "Wendy Other", { teamsUserId: "aad-w-old" }, { create: true });
    await h.post(installActivity(h, W, "a:1w-chat"));
    await setPerson(h.t.db, "Wendy Other", { email: "w@thurrock.gov.uk" });
    const ref = await h.t.db.conversationRef.findUniqueOrThrow({ where: { conversationId: "a:1w-chat" } });
    expect(ref.personId).toBeNull();
  });
});

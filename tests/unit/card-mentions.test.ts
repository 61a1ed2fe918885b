// @mention markers in the one card model: `@[token]` + card.mentions. Slack turns them into <@U…> for people
// with a Slack id, Teams into <at>Name</at> + an msteams mention entity for people with a Teams id, and every
// other output (plain text, fallback, headers) shows the name. A marker never reaches a user as "@[".
import { describe, expect, it } from "vitest";
import { blockKitProblems, LIMITS, type SlackBlock } from "../../src/adapters/slack/limits.js";
import { renderMessage, slackMentions, splitText } from "../../src/adapters/slack/render.js";
import { type AdaptiveCard, escTeams, renderAdaptiveCard } from "../../src/adapters/teams/render.js";
import { type Card, cardToText, mentionMarker, plainMentions, withoutMentions } from "../../src/core/cards/model.js";
import { digestCard } from "../../src/core/digest/card.js";
import type { MilestoneFact, PlanFacts } from "../../src/core/digest/facts.js";
import { buildDigestModel } from "../../src/core/digest/model.js";
import { scaleOf } from "../../src/core/status.js";

const KARA = "ckara0000000000000000001";
const SAM = "csam00000000000000000002";
const JO = "cjo000000000000000000003";
const TEAMS_KARA = "87d349ed-44d7-43e1-9a83-5f2406dee5bd";

/** Kara opted in (Slack + Teams ids), Jo opted in with a Slack id only; Sam did not opt in: plain name. */
function card(): Card {
  const k = mentionMarker(KARA);
  const j = mentionMarker(JO);
  return {
    purpose: "digest",
    title: "Thurrock Improvement Board — progress as of 15 Jan 2018",
    fallback: `Asked and not answered: ${k}, Sam Jones`,
    blocks: [
      { type: "heading", text: `Waiting for ${k}` },
      { type: "text", text: `• ${k} — asked on 8 Jan 2018, 2 items not updated\n• Sam Jones — asked on 8 Jan 2018, 1 item not updated` },
      { type: "context", text: `Also asked: ${j} & co <team>` },
      { type: "fields", fields: [{ label: "Chased", value: `${k} and Sam Jones` }] },
      { type: "table", columns: ["Who", "Items"], rows: [[j, "3"]] },
    ],
    mentions: {
      [KARA]: { name: "Kara Haskayne", slackUserId: "U0KARA0001", teamsUserId: TEAMS_KARA },
      [JO]: { name: "Jo O'Brien & Co", slackUserId: "U0JO000001", teamsUserId: null },
    },
  };
}

function slackStrings(pages: SlackBlock[][]): string {
  return JSON.stringify(pages);
}

describe("mention markers", () => {
  it("mentionMarker refuses tokens that could not be parsed back", () => {
    expect(mentionMarker("ck123_abc-X")).toBe("@[ck123_abc-X]");
    expect(() => mentionMarker("a]b")).toThrow(/cannot be a mention token/);
    expect(() => mentionMarker("")).toThrow();
  });

  it("cardToText shows names, never a marker", () => {
    const text = cardToText(card());
    expect(text).not.toContain("@[");
    expect(text).toContain("• Kara Haskayne — asked on 8 Jan 2018, 2 items not updated");
    expect(text).toContain("• Sam Jones — asked on 8 Jan 2018, 1 item not updated");
    expect(text).toContain("Also asked: Jo O'Brien & Co & co <team>");
    expect(text).toContain("Chased: Kara Haskayne and Sam Jones");
    expect(text).toContain("Jo O'Brien & Co | 3");
  });

  it("text that only looks like a marker (token not in card.mentions) is kept as written", () => {
    expect(plainMentions("email @[finance] or @[ckara0000000000000000001]", { [KARA]: { name: "Kara" } })).toBe("email @[finance] or Kara");
    expect(plainMentions("no mentions @[x]", undefined)).toBe("no mentions @[x]");
  });
});

describe("Slack renderer", () => {
  it("mentions the opted-in person with a Slack id as <@U…>; everyone else is a plain name", () => {
    const r = renderMessage(card());
    const json = slackStrings(r.pages);
    expect(json).not.toContain("@[");
    // the section with the list: Kara mentioned, Sam named
    const section = r.pages[0]!.find((b) => b.type === "section" && JSON.stringify(b).includes("asked on"))!;
    const text = (section.text as { text: string }).text;
    expect(text).toBe("• <@U0KARA0001> — asked on 8 Jan 2018, 2 items not updated\n• Sam Jones — asked on 8 Jan 2018, 1 item not updated");
    // context keeps escaping of plan text and of names; Jo is mentioned
    expect(json).toContain("Also asked: <@U0JO000001> &amp; co &lt;team&gt;");
    expect(json).toContain("<@U0KARA0001> and Sam Jones");
    // header blocks are plain_text: a mention cannot work there, so the name
    expect(r.pages[0]![0]).toMatchObject({ type: "header", text: { type: "plain_text", text: "Waiting for Kara Haskayne" } });
    // the notification text is plain
    expect(r.text).toBe("Asked and not answered: Kara Haskayne, Sam Jones");
    for (const p of r.pages) expect(blockKitProblems(p, LIMITS.messageBlocks)).toEqual([]);
  });

  it("without a (valid) Slack id the marker becomes the escaped name", () => {
    const c = card();
    c.mentions![KARA] = { name: "Kara <Haskayne>", slackUserId: null, teamsUserId: TEAMS_KARA };
    c.mentions![JO] = { name: "Jo", slackUserId: "not-an-id>", teamsUserId: null };
    const json = slackStrings(renderMessage(c).pages);
    expect(json).not.toContain("@[");
    expect(json).not.toContain("<@");
    expect(json).toContain("• Kara &lt;Haskayne&gt; — asked on");
    expect(json).toContain("Also asked: Jo &amp; co");
  });

  it("plan text cannot forge a mention: a literal <@U…> stays escaped", () => {
    const c: Card = { purpose: "answer", title: "t", fallback: "t", blocks: [{ type: "text", text: "ping <@U0EVIL0001>" }] };
    expect(slackStrings(renderMessage(c).pages)).toContain("ping &lt;@U0EVIL0001&gt;");
  });

  it("long text is split without cutting a mention, and nothing is lost", () => {
    const k = mentionMarker(KARA);
    const lines = Array.from({ length: 400 }, (_, i) => `${k}${i}`).join("");
    const c: Card = {
      purpose: "digest_list",
      title: "Asked and not answered",
      fallback: "Asked and not answered",
      blocks: [{ type: "text", text: lines }],
      mentions: { [KARA]: { name: "Kara Haskayne", slackUserId: "U0KARA0001" } },
    };
    const r = renderMessage(c);
    const texts = r.pages.flat().flatMap((b) => (b.type === "section" ? [(b.text as { text: string }).text] : []));
    expect(texts.length).toBeGreaterThan(1);
    for (const t of texts) {
      expect(t.length).toBeLessThanOrEqual(LIMITS.sectionText);
      // every "<" opens a whole mention in the same block
      expect(t.match(/</g)?.length).toBe(t.match(/<@U0KARA0001>/g)?.length);
    }
    expect(texts.join("")).toBe(Array.from({ length: 400 }, (_, i) => `<@U0KARA0001>${i}`).join(""));
    for (const p of r.pages) expect(blockKitProblems(p, LIMITS.messageBlocks)).toEqual([]);
  });

  it("splitText never cuts inside Slack markup", () => {
    const s = slackMentions(`${"x".repeat(95)}${mentionMarker(KARA)} tail`, { [KARA]: { name: "K", slackUserId: "U0KARA0001" } });
    const parts = splitText(s, 100);
    expect(parts[0]).toBe("x".repeat(95));
    expect(parts[1]).toBe("<@U0KARA0001> tail");
  });
});

function teamsTexts(ac: AdaptiveCard): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (o.type === "TextBlock") out.push(o.text as string);
      if (typeof o.title === "string" && typeof o.value === "string") out.push(o.title, o.value);
      for (const x of Object.values(o)) walk(x);
    }
  };
  walk(ac.body);
  return out;
}

describe("Teams renderer", () => {
  it("mentions the opted-in person with a Teams id as <at>Name</at> with one msteams mention entity", () => {
    const ac = renderAdaptiveCard(card());
    expect(JSON.stringify(ac)).not.toContain("@[");
    const texts = teamsTexts(ac);
    // first appearance (the heading) is the mention; later ones are the plain name (Teams matches entities in order)
    expect(texts).toContain("Waiting for <at>Kara Haskayne</at>");
    // one TextBlock per bullet line
    expect(texts).toContain("• Kara Haskayne — asked on 8 Jan 2018, 2 items not updated");
    expect(texts).toContain("• Sam Jones — asked on 8 Jan 2018, 1 item not updated");
    // Jo has no Teams id: name only
    // ...written inert for Teams: a zero-width space after "<", "&" and "]" (escTeams)
    expect(texts).toContain(escTeams("Also asked: Jo O'Brien & Co & co <team>"));
    expect(ac.msteams?.entities).toEqual([
      { type: "mention", text: "<at>Kara Haskayne</at>", mentioned: { id: TEAMS_KARA, name: "Kara Haskayne" } },
    ]);
    // every entity's text appears verbatim in the body, exactly once
    for (const e of ac.msteams!.entities!) expect(texts.join("\n").split(e.text)).toHaveLength(2);
    expect(ac.msteams?.width).toBe("Full");
    expect(ac.fallbackText).toBe("Asked and not answered: Kara Haskayne, Sam Jones");
    expect(ac.speak).not.toContain("@[");
  });

  it("mentions inside table cells and facts carry the entity too", () => {
    const c = card();
    c.blocks = [c.blocks[3]!, c.blocks[4]!];
    c.mentions![JO]!.teamsUserId = "29:1abcJo";
    const ac = renderAdaptiveCard(c);
    const texts = teamsTexts(ac);
    expect(texts).toContain("<at>Kara Haskayne</at> and Sam Jones");
    expect(texts).toContain("<at>Jo O'Brien & Co</at>");
    expect(ac.msteams?.entities?.map((e) => e.mentioned.id)).toEqual([TEAMS_KARA, "29:1abcJo"]);
  });

  it("a card without mentions has no entities", () => {
    const ac = renderAdaptiveCard({ purpose: "answer", title: "t", fallback: "t", blocks: [{ type: "text", text: "a @[b] c" }] });
    expect(ac.msteams).toEqual({ width: "Full" });
    expect(teamsTexts(ac)).toContain(escTeams("a @[b] c"));
  });
});

describe("digest card (pure): only opted-in people are mentioned", () => {
  const facts: PlanFacts = {
    plan: { id: "p1", key: "thurrock", name: "Thurrock Development Plan 2017-19", scale: scaleOf("numeric5") },
    sections: [{ id: "s1", planId: "p1", label: "Priority 1", number: "1", title: "Priority 1", position: 0 }],
    milestones: ["m1", "m2", "m3"].map(
      (id, i): MilestoneFact => ({
        id,
        planId: "p1",
        sectionId: "s1",
        actionId: "a1",
        ref: `1.${i + 1}`,
        actionTitle: "Action",
        title: `Milestone ${i + 1}`,
        owners: [{ id: [KARA, SAM, JO][i]!, name: ["Kara Haskayne", "Sam Jones", "Jo Bloggs"][i]! }],
        due: "2018-03-31",
        dueRaw: "Mar-18",
        baselineDue: "2018-03-31",
        revisedDue: null,
        revisedReason: null,
        revisionCount: 0,
        status: "on_track",
        statusLabel: "3",
        statusAt: null,
        latestUpdate: null,
        paused: false,
        position: i,
      }),
    ),
    updates: [],
    reminders: [KARA, SAM, JO].map((who, i) => ({
      id: `r${i}`,
      kind: "cycle",
      recipientId: who,
      onBehalfOfId: null,
      milestoneIds: [`m${i + 1}`],
      plannedFor: "2018-01-10T09:00:00.000Z",
    })),
    people: [
      { id: KARA, name: "Kara Haskayne", hasChat: true, mention: { slackUserId: "U0KARA0001", teamsUserId: TEAMS_KARA } },
      { id: SAM, name: "Sam Jones", hasChat: true },
      { id: JO, name: "Jo Bloggs", hasChat: true, mention: { slackUserId: null, teamsUserId: "29:1abcJo" } },
    ],
  };
  const model = buildDigestModel({ board: { id: "b1", name: "Board", sections: null }, facts, asOf: "2018-01-15", previous: null });

  it("the model keeps the mention ids of opted-in people only", () => {
    const byName = Object.fromEntries(model.missing.map((m) => [m.name, m]));
    expect(byName["Kara Haskayne"]?.mention).toEqual({ slackUserId: "U0KARA0001", teamsUserId: TEAMS_KARA });
    expect(byName["Sam Jones"]).not.toHaveProperty("mention");
    expect(byName["Jo Bloggs"]?.mention).toEqual({ slackUserId: null, teamsUserId: "29:1abcJo" });
  });

  it("main card and thread cards carry markers + mentions; both platforms render them; fallbacks agree", () => {
    for (const limit of [5, 1]) {
      const dc = digestCard(model, { limit });
      const all = [dc, ...(dc.thread ?? [])];
      const withList = all.filter((c) => JSON.stringify(c.blocks).includes("not updated"));
      expect(withList.length).toBeGreaterThan(0);
      const listText = JSON.stringify(withList.map((c) => c.blocks));
      expect(listText).toContain("Sam Jones — asked");
      if (limit === 1) {
        // Jo is first on the list: mentioned in the main message, only named in the thread's full list
        expect(JSON.stringify(dc.blocks)).toContain(`${mentionMarker(JO)} — asked`);
        const threadText = (dc.thread ?? []).map(cardToText).join("\n");
        expect(threadText).toContain("• Jo Bloggs — asked");
        expect(JSON.stringify(dc.thread)).not.toContain(mentionMarker(JO));
        expect(JSON.stringify(dc.thread)).toContain(mentionMarker(KARA));
      }
      if (limit === 5) {
        expect(listText).toContain(`${mentionMarker(KARA)} — asked`);
        expect(dc.mentions).toEqual({
          [KARA]: { name: "Kara Haskayne", slackUserId: "U0KARA0001", teamsUserId: TEAMS_KARA },
          [JO]: { name: "Jo Bloggs", slackUserId: null, teamsUserId: "29:1abcJo" },
        });
      }
      for (const c of all) {
        expect(c.fallback).not.toContain("@[");
        expect(cardToText(c)).not.toContain("@[");
        const slack = renderMessage(c);
        const teams = renderAdaptiveCard(c);
        expect(JSON.stringify(slack)).not.toContain("@[");
        expect(JSON.stringify(teams)).not.toContain("@[");
        expect(teams.fallbackText).toBe(slack.text);
      }
      const slackAll = all.map((c) => JSON.stringify(renderMessage(c).pages)).join("");
      expect(slackAll).toContain("<@U0KARA0001> — asked");
      expect(slackAll).toContain("• Jo Bloggs — asked"); // no Slack id
      // only people with a Slack id who opted in are mentioned (Kara); Sam and Jo are names
      expect(slackAll.match(/<@/g)?.length).toBe(slackAll.match(/<@U0KARA0001>/g)?.length);
      const teamsAll = all.map((c) => renderAdaptiveCard(c));
      const ids = teamsAll.flatMap((a) => a.msteams?.entities?.map((e) => e.mentioned.id) ?? []).sort();
      expect(ids).toEqual(["29:1abcJo", TEAMS_KARA].sort());
    }
  });
});

describe("withoutMentions (showing a stored card again)", () => {
  it("writes every marker as the name, drops card.mentions, keeps the rest", () => {
    const c = card();
    c.thread = [
      { purpose: "digest_list", title: "t", fallback: "t", blocks: [{ type: "text", text: mentionMarker(KARA) }], mentions: c.mentions },
    ];
    const plain = withoutMentions(c);
    expect(plain.mentions).toBeUndefined();
    expect(plain.thread?.[0]?.mentions).toBeUndefined();
    expect(JSON.stringify(plain)).not.toContain("@[");
    expect(cardToText(plain)).toBe(cardToText(c));
    const slack = JSON.stringify(renderMessage(plain).pages);
    expect(slack).not.toContain("<@");
    expect(slack).toContain("• Kara Haskayne — asked on 8 Jan 2018");
    expect(renderAdaptiveCard(plain).msteams).toEqual({ width: "Full" });
    expect(renderAdaptiveCard(plain.thread![0]!).body).toContainEqual(expect.objectContaining({ text: "Kara Haskayne" }));
    // the original is untouched
    expect(JSON.stringify(c.blocks)).toContain(mentionMarker(KARA));
  });
});

// "Not mine": an owner says a milestone is not theirs. The item becomes unowned (Milestone.unownedSince): the
// reminder planner skips it, so nobody is chased for it (no chaser, no escalation) until it is reassigned (a new
// owner on re-import, or `ragtime resume`), and the digest lists it as unowned. It goes to the action's lead(s);
// with none, to the plan's admins (the plan officer); with none of those, to the global admins in
// RAGTIME_ADMINS, through the outbox. One message per milestone, person and recipient: clicking twice, retries
// and replicas do not send it again.
import { type Card, messageCard } from "../core/cards/index.js";
import { normaliseName } from "../core/owners.js";
import type { Platform, Recipient } from "../delivery/messenger.js";
import { type EnabledPlatforms, enqueueMessage, routeToPerson } from "../delivery/outbox.js";
import type { Db } from "../storage/db.js";
import { getPerson, listAllPeople, milestoneOwnerNames, type Person, planAdmins, routingInfo } from "../storage/people.js";
import { actionLeadsOf, markUnowned } from "../storage/unowned.js";
import { milestoneContext } from "../storage/updates.js";
import { type AccessOptions, adminEntryMatches, parseAdmins } from "./access.js";

export interface NotMineOptions extends AccessOptions {
  /** platforms switched on (config.slack.enabled / config.teams.enabled) */
  enabled: EnabledPlatforms;
}

export interface NotMineResult {
  ok: boolean;
  /** who was asked to reassign */
  notified: { personId: string | null; name: string; platform: Platform }[];
  outboxIds: string[];
  /** how many outbox rows were new (0 on a repeat click) */
  created: number;
  /** acknowledgement to show the person who clicked */
  card: Card;
}

interface Target {
  key: string;
  name: string;
  personId: string | null;
  route: { platform: Platform; channelKey: string; recipient: Recipient };
}

async function globalAdminTargets(db: Db, entries: string[], enabled: EnabledPlatforms): Promise<Target[]> {
  const people = await listAllPeople(db);
  const out: Target[] = [];
  for (const entry of entries) {
    const p = people.find((x) => adminEntryMatches(entry, x));
    if (p) {
      out.push({ key: p.id, name: p.name, personId: p.id, route: routeToPerson(await routingInfo(db, p), enabled) });
    } else if (/^[UW][A-Z0-9]{6,}$/.test(entry) && enabled.slack) {
      out.push({
        key: entry,
        name: entry,
        personId: null,
        route: { platform: "slack", channelKey: "slack:dm", recipient: { slackUserId: entry, personName: entry } },
      });
    } else {
      out.push({
        key: normaliseName(entry) || entry,
        name: entry,
        personId: null,
        route: { platform: "log", channelKey: "log", recipient: { personName: entry } },
      });
    }
  }
  return out;
}

export async function notMine(db: Db, milestoneId: string, personId: string, now: Date, opts: NotMineOptions): Promise<NotMineResult> {
  const enabled = opts.enabled;
  const m = await milestoneContext(db, milestoneId);
  const who: Person | null = await getPerson(db, personId);
  if (!m || !who) {
    return {
      ok: false,
      notified: [],
      outboxIds: [],
      created: 0,
      card: messageCard("not_mine", "Not found", [
        !m ? "That milestone no longer exists in the plan." : "ragtime does not know who you are yet.",
      ]),
    };
  }
  const owners = await milestoneOwnerNames(db, milestoneId);
  const item = [m.action.handle ?? m.action.ref, m.title].filter(Boolean).join(" — ");
  const lines = [
    `${who.name} says this item in ${m.plan.name} is not theirs:`,
    `${item}${m.action.section ? ` (${m.action.section.label})` : ""}`,
    `Action: ${[m.action.handle ?? m.action.ref, m.action.title].filter(Boolean).join(" ")}`,
    `Owners in the plan: ${owners.join(", ") || "none recorded"}`,
    "Nobody is reminded about it until it is reassigned. Please confirm who owns it and update the plan (re-import it with the right owner, or `ragtime resume <plan> <ref>` if the owners are right after all).",
  ];
  const card = messageCard("not_mine", `Not mine: ${item}`.slice(0, 150), lines);

  const leads = (await actionLeadsOf(db, milestoneId)).filter((p) => p.id !== personId);
  const admins = leads.length > 0 ? leads : await planAdmins(db, m.plan.id);
  let targets: Target[];
  if (admins.length > 0) {
    targets = [];
    for (const a of admins)
      targets.push({ key: a.id, name: a.name, personId: a.id, route: routeToPerson(await routingInfo(db, a), enabled) });
  } else {
    const entries = parseAdmins(opts.admins);
    targets = await globalAdminTargets(db, entries, enabled);
  }

  const outboxIds: string[] = [];
  let created = 0;
  await db.$transaction(async (tx) => {
    await markUnowned(tx, milestoneId, personId, now);
    for (const t of targets) {
      const r = await enqueueMessage(tx, {
        dedupeKey: `not-mine|${milestoneId}|${personId}|${t.key}`,
        platform: t.route.platform,
        channelKey: t.route.channelKey,
        recipient: t.route.recipient,
        card,
        notBefore: now,
      });
      outboxIds.push(r.id);
      if (r.created) created++;
    }
  });

  const names = targets.map((t) => t.name);
  const ack = messageCard("not_mine_ack", "Thanks — passed on", [
    names.length
      ? `I've passed ${item} to ${names.join(", ")} to reassign. Nobody will be reminded about it until it is reassigned.`
      : `No plan administrator is set up for ${m.plan.name}, so nobody could be asked to reassign ${item}. Please tell the plan's owner.`,
  ]);
  return {
    ok: names.length > 0,
    notified: targets.map((t) => ({ personId: t.personId, name: t.name, platform: t.route.platform })),
    outboxIds,
    created,
    card: ack,
  };
}

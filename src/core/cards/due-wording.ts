// The one source of how a due date reads on a card: "overdue", "due today", "due in 3 days", for Slack and
// Teams alike. It reads each item's own days-to-due (counted from the recipient's today in their time zone by
// the planner), never the reminder's kind: a catch-up sent after downtime for a "due" reminder whose day has
// passed says "1 day overdue", not "due today".

export type DueState = "overdue" | "today" | "soon" | "undated";

export interface DueFacts {
  /** YYYY-MM-DD or null when the plan gives no date */
  due: string | null;
  dueRaw: string | null;
  /** positive = days until due, negative = days overdue, from the recipient's today */
  daysToDue: number | null;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function formatDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

function days(n: number): string {
  return `${n} day${n === 1 ? "" : "s"}`;
}

export function dueState(item: DueFacts): DueState {
  if (!item.due || item.daysToDue === null) return "undated";
  if (item.daysToDue < 0) return "overdue";
  if (item.daysToDue === 0) return "today";
  return "soon";
}

/** "31 Jan 2018 (1 day overdue)", "31 Jan 2018 (today)", "31 Jan 2018 (in 3 days)", "Termly (no fixed date)". */
export function dueText(item: DueFacts): string {
  if (!item.due) return item.dueRaw ? `${item.dueRaw} (no fixed date)` : "No date set";
  const base = formatDate(item.due);
  if (item.daysToDue === null) return base;
  if (item.daysToDue === 0) return `${base} (today)`;
  if (item.daysToDue > 0) return `${base} (in ${days(item.daysToDue)})`;
  return `${base} (${days(-item.daysToDue)} overdue)`;
}

/** The card's headline word for a set of items: the most pressing state among them. */
export function dueHeadline(items: DueFacts[]): string {
  const states = new Set(items.map(dueState));
  if (states.has("overdue")) return "Overdue";
  if (states.has("today")) return "Due today";
  if (states.has("soon")) return "Coming up";
  return "Update needed";
}

/** How one item stands, as the rest of a sentence: "is 1 day overdue", "is due today", "is due in 3 days". */
function oneItem(item: DueFacts): string {
  switch (dueState(item)) {
    case "overdue":
      return `is ${days(-(item.daysToDue as number))} overdue and not marked complete`;
    case "today":
      return "is due today";
    case "soon":
      return item.daysToDue === 1 ? "is due tomorrow" : `is due in ${days(item.daysToDue as number)}`;
    case "undated":
      return "has no fixed date";
  }
}

function list(parts: string[]): string {
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

/**
 * "this milestone in <plan> is 1 day overdue and not marked complete. Please update the status or give a
 * revised date." / "of these 3 milestones in <plan>, 1 is overdue and 2 are due today. What is the status?"
 */
export function dueSentence(items: DueFacts[], planName: string): string {
  const states = items.map(dueState);
  const ask = states.includes("overdue")
    ? "Please update the status or give a revised date."
    : states.includes("today")
      ? "What is the status?"
      : `How ${items.length === 1 ? "is it" : "are they"} going?`;
  if (items.length === 1) return `this milestone in ${planName} ${oneItem(items[0] as DueFacts)}. ${ask}`;
  const count = (s: DueState) => states.filter((x) => x === s).length;
  const phrase = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n} ${many}`);
  const parts = [
    count("overdue") ? phrase(count("overdue"), "is overdue", "are overdue") : "",
    count("today") ? phrase(count("today"), "is due today", "are due today") : "",
    count("soon") ? phrase(count("soon"), "is coming up", "are coming up") : "",
    count("undated") ? phrase(count("undated"), "has no fixed date", "have no fixed date") : "",
  ].filter(Boolean);
  if (parts.length === 1 && count("undated") === 0) {
    const verb = states[0] === "overdue" ? "are overdue" : states[0] === "today" ? "are due today" : "are coming up";
    return `these ${items.length} milestones in ${planName} ${verb}. ${ask}`;
  }
  return `of these ${items.length} milestones in ${planName}, ${list(parts)}. ${ask}`;
}

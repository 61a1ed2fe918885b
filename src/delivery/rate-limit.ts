// Per-platform / per-channel send limits. A small GCRA-style token bucket per rate-limit bucket (the outbox
// row's channelKey): each send is scheduled at max(now, next free slot), spacing sends evenly at the allowed
// rate with a configurable burst. A 429 from the platform pauses that bucket for Retry-After.
// (bottleneck / p-queue would work too; this is ~60 lines, deterministic under a fake clock, and needs
// no dependency.)

export interface RateRule {
  /** channelKey this rule applies to: exact ("slack:dm") or a prefix ending in "*" ("slack:*") */
  match: string;
  /** sends allowed per interval */
  count: number;
  intervalMs: number;
  /** sends allowed back to back before spacing applies (default 1: evenly spaced) */
  burst?: number;
}

export interface RateLimits {
  /** first matching rule wins; a channelKey matching no rule is unlimited */
  rules: RateRule[];
}

export interface LimitSettings {
  slackDmPerMinute: number;
  slackChannelPerSecond: number;
  teamsPerSecond: number;
}

export const DEFAULT_LIMIT_SETTINGS: LimitSettings = { slackDmPerMinute: 50, slackChannelPerSecond: 1, teamsPerSecond: 7 };

/** Defaults: Slack 1 msg/s per channel and 50/min for DMs (one bucket per workspace), Teams 7/s per conversation. */
export function defaultLimits(s: Partial<LimitSettings> = {}): RateLimits {
  const v = { ...DEFAULT_LIMIT_SETTINGS, ...s };
  return {
    rules: [
      { match: "slack:dm", count: v.slackDmPerMinute, intervalMs: 60_000 },
      { match: "slack:*", count: v.slackChannelPerSecond, intervalMs: 1000 },
      { match: "teams:*", count: v.teamsPerSecond, intervalMs: 1000 },
    ],
  };
}

/** From src/config.ts: SLACK_DM_PER_MINUTE, SLACK_CHANNEL_PER_SECOND, TEAMS_PER_SECOND. */
export function limitsFromConfig(c: {
  SLACK_DM_PER_MINUTE: number;
  SLACK_CHANNEL_PER_SECOND: number;
  TEAMS_PER_SECOND: number;
}): RateLimits {
  return defaultLimits({
    slackDmPerMinute: c.SLACK_DM_PER_MINUTE,
    slackChannelPerSecond: c.SLACK_CHANNEL_PER_SECOND,
    teamsPerSecond: c.TEAMS_PER_SECOND,
  });
}

export function ruleFor(limits: RateLimits, channelKey: string): RateRule | undefined {
  return limits.rules.find((r) => (r.match.endsWith("*") ? channelKey.startsWith(r.match.slice(0, -1)) : channelKey === r.match));
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class RateLimiter {
  /** theoretical arrival time per bucket (ms) */
  private readonly tat = new Map<string, number>();
  private readonly pausedUntil = new Map<string, number>();

  constructor(
    private readonly limits: RateLimits,
    // elapsed milliseconds for spacing sends (monotonic), not the domain clock
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Milliseconds until a send on this bucket is allowed; reserves the slot. */
  reserve(channelKey: string): number {
    const now = this.clock();
    const paused = this.pausedUntil.get(channelKey) ?? 0;
    const rule = ruleFor(this.limits, channelKey);
    if (!rule) return Math.max(0, paused - now);
    const spacing = rule.intervalMs / rule.count;
    const tolerance = spacing * ((rule.burst ?? 1) - 1);
    const tat = Math.max(this.tat.get(channelKey) ?? now, now, paused);
    const at = Math.max(now, paused, tat - tolerance);
    this.tat.set(channelKey, tat + spacing);
    return at - now;
  }

  /** Waits until a send on this bucket is allowed. */
  async take(channelKey: string): Promise<void> {
    const wait = this.reserve(channelKey);
    if (wait > 0) await sleep(wait);
  }

  /** The platform said 429: nothing goes to this bucket before now + ms. */
  pause(channelKey: string, ms: number): void {
    const until = this.clock() + Math.max(0, ms);
    this.pausedUntil.set(channelKey, Math.max(this.pausedUntil.get(channelKey) ?? 0, until));
    this.tat.set(channelKey, Math.max(this.tat.get(channelKey) ?? 0, until));
  }
}

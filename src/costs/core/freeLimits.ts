/**
 * OpenRouter's limits on `:free` models: 20 requests a minute, and 50 a day (1,000 once the account
 * has bought at least 10 credits). The gateway tells how close one is only on the 429 that says it
 * is too late, so requests are counted here as they leave. Pure: the adapter keeps the times.
 */

export const PER_MINUTE = 20;
export const PER_DAY_FREE_TIER = 50;
export const PER_DAY_PAID = 1000;
/** From this share of a limit on, the status bar warns. */
const NEAR = 0.8;

export interface FreeUsage {
  readonly lastMinute: number;
  readonly today: number;
  readonly perMinute: number;
  readonly perDay: number;
  readonly near: boolean;
}

/** Daily limits reset at midnight UTC. */
function utcDay(ms: number): number {
  return Math.floor(ms / 86_400_000);
}

/** The request times worth keeping: today's (UTC), which include the last minute's. */
export function keepTimes(times: readonly number[], now: number): number[] {
  return times.filter((t) => utcDay(t) === utcDay(now) || now - t < 60_000);
}

/**
 * Each window keeps the times of its own requests under a key of its own (the prefix and its
 * window's id), so that windows never overwrite each other's counts; every window reads them all.
 */
export const FREE_TIMES_PREFIX = 'switchboard.freeRequests.';

/** Every window's times still worth keeping, and the keys of windows that have none left. */
export function mergeFreeTimes(entries: ReadonlyArray<readonly [string, unknown]>, now: number): { readonly times: number[]; readonly stale: string[] } {
  const times: number[] = [];
  const stale: string[] = [];
  for (const [key, value] of entries) {
    const kept = keepTimes(Array.isArray(value) ? value.filter((t): t is number => typeof t === 'number' && Number.isFinite(t)) : [], now);
    if (kept.length === 0) stale.push(key);
    times.push(...kept);
  }
  return { times, stale };
}

/** How many free requests went in the last minute and today, against the key's limits. */
export function freeUsage(times: readonly number[], now: number, freeTier: boolean | undefined): FreeUsage {
  const lastMinute = times.filter((t) => t <= now && now - t < 60_000).length;
  const today = times.filter((t) => t <= now && utcDay(t) === utcDay(now)).length;
  // Unknown tier: assume the smaller allowance rather than promise requests that will be refused.
  const perDay = freeTier === false ? PER_DAY_PAID : PER_DAY_FREE_TIER;
  return { lastMinute, today, perMinute: PER_MINUTE, perDay, near: lastMinute >= PER_MINUTE * NEAR || today >= perDay * NEAR };
}

export function describeFreeUsage(usage: FreeUsage): { text: string; detail: string } {
  return {
    text: `free ${usage.lastMinute}/${usage.perMinute} a min · ${usage.today}/${usage.perDay} today`,
    detail: `Free models: ${usage.lastMinute} of ${usage.perMinute} requests in the last minute, ${usage.today} of ${usage.perDay} today (the day resets at midnight UTC).`,
  };
}

/**
 * Milliseconds until one more free request fits in the per-minute limit: none while the last
 * minute holds fewer, else until enough of them are a minute old.
 */
export function waitForSlot(times: readonly number[], now: number, perMinute = PER_MINUTE): number {
  const window = times.filter((t) => t <= now && now - t < 60_000).sort((a, b) => a - b);
  if (window.length < perMinute) return 0;
  return window[window.length - perMinute]! + 60_000 - now;
}

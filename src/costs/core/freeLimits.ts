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
  /** Whose count today's is: the gateway's (`/key`), or this machine's. */
  readonly counted: 'gateway' | 'here';
  /** Milliseconds until the day's count resets, at midnight UTC. */
  readonly resetsInMs: number;
}

/** OpenRouter's own count of today's free requests (`/key`'s `free_model_daily_requests`). */
export interface GatewayFreeCount {
  readonly limit: number;
  readonly used: number;
}

const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined);

/** The gateway's count from `/key`, when it gives a usable one. */
export function readFreeCount(value: unknown): GatewayFreeCount | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { limit, used, remaining } = value as Record<string, unknown>;
  const max = count(limit);
  if (max === undefined || max === 0) return undefined;
  const left = count(remaining);
  const spent = count(used) ?? (left === undefined ? undefined : Math.max(0, max - left));
  return spent === undefined ? undefined : { limit: max, used: spent };
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

/**
 * How many free requests went in the last minute and today, against the key's limits. Where the
 * gateway counted today's (for every machine using the key), its count and limit are taken, or
 * this machine's count when that is higher (requests sent since the gateway was asked).
 */
export function freeUsage(times: readonly number[], now: number, freeTier: boolean | undefined, fromGateway?: GatewayFreeCount): FreeUsage {
  const lastMinute = times.filter((t) => t <= now && now - t < 60_000).length;
  const here = times.filter((t) => t <= now && utcDay(t) === utcDay(now)).length;
  // Unknown tier: assume the smaller allowance rather than promise requests that will be refused.
  const perDay = fromGateway?.limit ?? (freeTier === false ? PER_DAY_PAID : PER_DAY_FREE_TIER);
  const today = Math.max(here, fromGateway?.used ?? 0);
  const resetsInMs = (utcDay(now) + 1) * 86_400_000 - now;
  return { lastMinute, today, perMinute: PER_MINUTE, perDay, near: lastMinute >= PER_MINUTE * NEAR || today >= perDay * NEAR, counted: fromGateway ? 'gateway' : 'here', resetsInMs };
}

/** "5 h 12 min", "40 min". */
function hoursAndMinutes(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
}

/** The status bar's short text, and the lines of its tooltip and details. */
export function describeFreeUsage(usage: FreeUsage): { text: string; details: readonly string[] } {
  const whose = usage.counted === 'gateway' ? 'the gateway’s count' : 'counted here';
  return {
    text: `free ${usage.lastMinute}/${usage.perMinute} a min · ${usage.today}/${usage.perDay} today`,
    details: [
      `Free models: ${usage.today} of ${usage.perDay} requests today (${whose}), ${usage.lastMinute} of ${usage.perMinute} this minute.`,
      `The day's count resets at midnight UTC, in ${hoursAndMinutes(usage.resetsInMs)}.`,
    ],
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

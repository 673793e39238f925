/**
 * What the status bar says about money left, from OpenRouter's `/key` (any key) and `/credits`
 * (management keys only). Pure: the adapter fetches, this decides the words and the warning.
 */
import { PER_DAY_FREE_TIER } from './freeLimits';
import { formatUnits } from './money';

export interface KeyData {
  readonly label?: unknown;
  readonly limit?: unknown;
  readonly limit_remaining?: unknown;
  readonly usage?: unknown;
  readonly usage_daily?: unknown;
  readonly usage_weekly?: unknown;
  readonly usage_monthly?: unknown;
  readonly is_free_tier?: unknown;
  /** `{ limit, remaining, used }` of free-model requests today (UTC). */
  readonly free_model_daily_requests?: unknown;
}

export interface CreditsData {
  readonly total_credits?: unknown;
  readonly total_usage?: unknown;
}

export interface CreditView {
  /** Short, for the status bar. */
  readonly text: string;
  /** Lines for the tooltip and the details. */
  readonly details: readonly string[];
  readonly low: boolean;
}

/** Dollars as `/key` and `/credits` give them, to the cent: "$7.50". */
const dollars = (amount: number): string => formatUnits(amount, 'USD', 2);

function amount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A dollar figure from `/key` or `/credits`, as "$7.50"; undefined when it is not a number. */
export function keyDollars(value: unknown): string | undefined {
  const n = amount(value);
  return n === undefined ? undefined : dollars(n);
}

/** What `/key`'s `is_free_tier: true` means for free models. */
export const FREE_TIER_NOTE = `Free tier: free models are limited to ${PER_DAY_FREE_TIER} requests a day.`;

/** Below this share of the limit, or this many dollars, the item turns to the warning colour. */
const LOW_SHARE = 0.1;
const LOW_DOLLARS = 1;

export function describeCredit(key: KeyData, credits: CreditsData | undefined): CreditView {
  const details: string[] = [];
  if (typeof key.label === 'string' && key.label) details.push(`Key: ${key.label}`);
  const daily = amount(key.usage_daily);
  const weekly = amount(key.usage_weekly);
  const monthly = amount(key.usage_monthly);
  if (daily !== undefined) details.push(`Spent today: ${dollars(daily)}`);
  if (weekly !== undefined) details.push(`Spent this week: ${dollars(weekly)}`);
  if (monthly !== undefined) details.push(`Spent this month: ${dollars(monthly)}`);
  if (key.is_free_tier === true) details.push(FREE_TIER_NOTE);

  const total = amount(credits?.total_credits);
  const used = amount(credits?.total_usage);
  if (total !== undefined && used !== undefined) {
    const balance = total - used;
    details.unshift(`Account balance: ${dollars(balance)} of ${dollars(total)} bought`);
    return { text: `${dollars(balance)} credit`, details, low: balance < LOW_DOLLARS || balance < total * LOW_SHARE };
  }
  const limit = amount(key.limit);
  const remaining = amount(key.limit_remaining);
  if (limit !== undefined && remaining !== undefined) {
    details.unshift(`Key limit: ${dollars(remaining)} left of ${dollars(limit)}`);
    return { text: `${dollars(remaining)} left`, details, low: remaining < LOW_DOLLARS || remaining < limit * LOW_SHARE };
  }
  details.unshift('This key has no spending limit.');
  const spent = [daily === undefined ? undefined : `${dollars(daily)} today`, monthly === undefined ? undefined : `${dollars(monthly)} this month`].filter(Boolean);
  return { text: spent.length ? spent.join(' · ') : 'no limit', details, low: false };
}

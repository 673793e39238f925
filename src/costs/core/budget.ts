/**
 * Spending limits, checked before a request leaves: what the request could cost at most (its
 * estimated prompt plus the most it may answer, at the model's prices) against a per-request
 * maximum and against what was already spent today and this month. Pure: the adapter reads the
 * settings and the ledger, asks the user, and sends or not.
 */
import type { ModelInfo } from '../../gateway/core/catalog';
import { amountIn, type Totals } from './ledger';
import { formatAmount, type Currency } from './money';
import { convert, perMillion, toNano } from './pricing';
import { toDecimal } from '../../base/core/decimal';
import { estimateTextTokens } from '../../base/core/tokenEstimate';

export interface Budget {
  /** The currency the limits are set in. */
  readonly currency: Currency;
  /** Limits in nano-units of that currency; undefined means no limit. */
  readonly daily?: bigint | undefined;
  readonly monthly?: bigint | undefined;
  readonly perRequest?: bigint | undefined;
  /** Spending past this share of a limit earns a warning. */
  readonly warnAtPercent: number;
}

/** Reads a limit as set in settings (a number of dollars or won); zero, negative or junk is no limit. */
export function limitFromSetting(value: unknown): bigint | undefined {
  if (typeof value !== 'number' || !(value > 0)) return undefined;
  const decimal = toDecimal(value);
  return decimal === undefined ? undefined : toNano(decimal);
}

/** Answers most models are allowed when neither the conversation nor the catalog says. */
export const ASSUMED_MAX_OUTPUT = 4096;

/** Prompt tokens: each message's text, estimated, and a few tokens for its framing. */
export function estimatePromptTokens(messages: ReadonlyArray<{ readonly content: string }>): number {
  let tokens = 0;
  for (const { content } of messages) tokens += estimateTextTokens(content) + 4;
  return tokens;
}

export interface Estimate {
  readonly promptTokens: number;
  readonly maxOutputTokens: number;
  /** The most the request can cost, in the budget's currency; undefined when the prices are unknown. */
  readonly most: bigint | undefined;
}

/**
 * The most a request can cost: its prompt (as `estimatePromptTokens` counts it, once for all the
 * models a request is weighed for) and its longest answer, at the model's prices.
 */
export function estimateRequest(
  promptTokens: number,
  maxTokens: number | undefined,
  model: ModelInfo | undefined,
  currency: Currency,
  krwPerUsd: string,
): Estimate {
  const maxOutputTokens = maxTokens ?? model?.maxOutput ?? ASSUMED_MAX_OUTPUT;
  if (model?.free) return { promptTokens, maxOutputTokens, most: 0n };
  // The budget's own currency where the catalog prices in it (BizRouter's won), else dollars.
  const ownPrices = currency === 'KRW' && model?.inputKrwPerM !== undefined && model.outputKrwPerM !== undefined;
  const [input, output] = ownPrices ? [model.inputKrwPerM, model.outputKrwPerM] : [model?.inputUsdPerM, model?.outputUsdPerM];
  if (input === undefined || output === undefined) return { promptTokens, maxOutputTokens, most: undefined };
  let most = perMillion([[promptTokens, input], [maxOutputTokens, output]]);
  if (!ownPrices && model?.requestUsd !== undefined) most += toNano(model.requestUsd);
  return { promptTokens, maxOutputTokens, most: currency === 'KRW' && !ownPrices ? convert(most, krwPerUsd) : most };
}

export type Verdict =
  | { readonly kind: 'ok' }
  | { readonly kind: 'warn'; readonly message: string; readonly period: 'today' | 'month' }
  | { readonly kind: 'block'; readonly message: string };

/** A count of tokens as messages write it: "2,525". */
export const thousands = (n: number): string => n.toLocaleString('en-US');

/**
 * Whether a request may go: blocked past a limit, warned past the threshold of one, else fine.
 * `inFlight` is the most that requests already sent and not yet ended may still cost, in the
 * budget's currency: it counts as spent.
 */
export function judge(budget: Budget, spent: { readonly today: Totals; readonly month: Totals }, estimate: Estimate, inFlight = 0n): Verdict {
  const money = (nano: bigint): string => formatAmount(nano, budget.currency);
  const most = estimate.most;
  // A request that cannot cost anything is never held back.
  if (most === 0n) return { kind: 'ok' };
  const pending = inFlight > 0n ? ` and up to ${money(inFlight)} for the requests still answering` : '';
  const request = most === undefined ? 'this request (its price is unknown)' : `up to ${money(most)} for this request`;
  if (budget.perRequest !== undefined && most === undefined) {
    return {
      kind: 'block',
      message: `The gateway lists no price for this model, so this request cannot be checked against your per-request maximum of ${money(budget.perRequest)}.`,
    };
  }
  if (budget.perRequest !== undefined && most !== undefined && most > budget.perRequest) {
    return {
      kind: 'block',
      message: `This request could cost up to ${money(most)} (about ${thousands(estimate.promptTokens)} prompt tokens and up to ${thousands(estimate.maxOutputTokens)} answer tokens), more than your per-request maximum of ${money(budget.perRequest)}.`,
    };
  }
  const periods = [
    { period: 'today', limit: budget.daily, spent: amountIn(spent.today, budget.currency), name: 'daily budget', when: 'Today' },
    { period: 'month', limit: budget.monthly, spent: amountIn(spent.month, budget.currency), name: 'monthly budget', when: 'This month' },
  ] as const;
  for (const { limit, spent: used, name, when } of periods) {
    if (limit !== undefined && used + inFlight + (most ?? 0n) > limit) {
      return { kind: 'block', message: `${when} you have spent ${money(used)}; with ${request}${pending} that would pass your ${name} of ${money(limit)}.` };
    }
  }
  for (const { period, limit, spent: used, name, when } of periods) {
    if (limit !== undefined && used * 100n >= limit * BigInt(budget.warnAtPercent)) {
      const percent = Number((used * 100n) / limit);
      return { kind: 'warn', period, message: `${when} you have spent ${money(used)}, ${percent}% of your ${name} of ${money(limit)}.` };
    }
  }
  return { kind: 'ok' };
}

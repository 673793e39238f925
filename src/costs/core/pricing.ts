/**
 * What an answer cost, exactly. Amounts are integer nano-units (10⁻⁹ of a dollar or a won) held
 * in bigints: OpenRouter bills to the hundred-millionth of a dollar, so micro-units would already
 * round its figures, and floating-point sums drift. Each cost keeps its source and the exchange rate
 * it was converted at, so history never changes when the rate does.
 */
import type { ModelInfo } from '../../gateway/core/catalog';
import type { Usage } from '../../gateway/core/chatStream';
import { toDecimal } from '../../base/core/decimal';
import { formatUnits, type Currency } from './money';

/**
 * Where a cost comes from: `billed`, the gateway's own figure (OpenRouter's generation record, or a
 * gateway's `usage.cost` where no record can be read); `estimated`, the figure streamed with the
 * answer or computed from prices, until the gateway's record of it is read; `computed`, from the
 * gateway's prices and the token counts, for gateways that keep no record to read.
 */
export type CostSource = 'billed' | 'estimated' | 'computed';

export const COST_SOURCES: readonly CostSource[] = ['billed', 'estimated', 'computed'];

/** Whose exchange rate a cost was converted at: the gateway's (BizRouter's), the user's setting, or the default. */
export type RateSource = 'gateway' | 'setting' | 'default';

export const RATE_SOURCES: readonly RateSource[] = ['gateway', 'setting', 'default'];

/** What an answer cost: integer nano-units (10⁻⁹) as decimal strings, since JSON has no bigint. */
export interface AnswerCost {
  readonly usdNano: string;
  readonly krwNano: string;
  readonly source: CostSource;
  /** KRW per USD the cost was converted at. */
  readonly krwPerUsd: string;
  /** Whose rate that is; costs recorded before it was kept have none. */
  readonly rateSource?: RateSource;
}

export interface Cost {
  readonly usdNano: bigint;
  readonly krwNano: bigint;
  readonly source: CostSource;
  /** KRW per USD used for the conversion, as an exact decimal string. */
  readonly krwPerUsd: string;
  readonly rateSource?: RateSource;
}

/** A cost (or a ledger line, which holds the same figures) as an answer keeps it, in JSON. */
export function answerCostOf(cost: Cost): AnswerCost {
  const { usdNano, krwNano, source, krwPerUsd, rateSource } = cost;
  return { usdNano: usdNano.toString(), krwNano: krwNano.toString(), source, krwPerUsd, ...(rateSource ? { rateSource } : {}) };
}

const NANO_DIGITS = 9;

interface Scaled {
  readonly digits: bigint;
  /** Decimal places: the value is digits / 10^scale. */
  readonly scale: number;
}

function scaled(decimal: string): Scaled {
  const [whole = '0', fraction = ''] = decimal.split('.');
  return { digits: BigInt(whole + fraction), scale: fraction.length };
}

/** value × 10^exponent, rounded half up to an integer. */
function shift(value: bigint, exponent: number): bigint {
  if (exponent >= 0) return value * 10n ** BigInt(exponent);
  const divisor = 10n ** BigInt(-exponent);
  return (value + divisor / 2n) / divisor;
}

/** A decimal amount of a currency in nano-units. */
export function toNano(decimal: string): bigint {
  const { digits, scale } = scaled(decimal);
  return shift(digits, NANO_DIGITS - scale);
}

/** Σ tokens × price per million tokens, in nano-units, rounded once at the end. */
export function perMillion(terms: ReadonlyArray<readonly [number, string]>): bigint {
  const parts = terms.map(([tokens, price]) => {
    const { digits, scale } = scaled(price);
    return { value: BigInt(tokens) * digits, scale };
  });
  const scale = Math.max(0, ...parts.map((p) => p.scale));
  const total = parts.reduce((sum, p) => sum + p.value * 10n ** BigInt(scale - p.scale), 0n);
  return shift(total, NANO_DIGITS - 6 - scale);
}

/** Dollars to won at an exact rate, in nano-units. */
export function convert(usdNano: bigint, krwPerUsd: string): bigint {
  const { digits, scale } = scaled(krwPerUsd);
  return shift(usdNano * digits, -scale);
}

/**
 * Tokens times prices, in nano-units. Cached prompt tokens, cache writes and reasoning tokens are
 * priced at their own rates when the model lists them, else as ordinary prompt or completion
 * tokens; a per-request price is added once.
 */
function tokenCost(usage: Usage, model: ModelInfo, input: string, output: string, withExtras: boolean): bigint {
  const extras: Partial<ModelInfo> = withExtras ? model : {};
  const split = (total: number, part: number | undefined, price: string | undefined): Array<readonly [number, string]> =>
    part === undefined || price === undefined ? [] : [[Math.min(part, total), price]];
  const cached = split(usage.promptTokens, usage.cachedTokens, extras.cacheReadUsdPerM);
  const written = split(usage.promptTokens - (cached[0]?.[0] ?? 0), usage.cacheWriteTokens, extras.cacheWriteUsdPerM);
  const reasoning = split(usage.completionTokens, usage.reasoningTokens, extras.reasoningUsdPerM);
  const plainPrompt = usage.promptTokens - (cached[0]?.[0] ?? 0) - (written[0]?.[0] ?? 0);
  const plainCompletion = usage.completionTokens - (reasoning[0]?.[0] ?? 0);
  const perRequest = withExtras && model.requestUsd !== undefined ? toNano(model.requestUsd) : 0n;
  return perMillion([[plainPrompt, input], ...cached, ...written, [plainCompletion, output], ...reasoning]) + perRequest;
}

/**
 * The cost of one answer: the gateway's billed figure when it gives one, else usage times the
 * catalog's prices (BizRouter's KRW prices taken as they are); undefined when neither is known.
 */
export function answerCost(usage: Usage, model: ModelInfo | undefined, krwPerUsd: string): Cost | undefined {
  const billed = usage.billedUsd === undefined ? undefined : toDecimal(usage.billedUsd);
  if (billed !== undefined) {
    // With the user's own provider key, the provider's charge is what the answer cost beyond the gateway's fee.
    const upstream = usage.upstreamUsd === undefined ? undefined : toDecimal(usage.upstreamUsd);
    const usdNano = toNano(billed) + (upstream === undefined ? 0n : toNano(upstream));
    return { usdNano, krwNano: convert(usdNano, krwPerUsd), source: 'billed', krwPerUsd };
  }
  if (!model || model.inputUsdPerM === undefined || model.outputUsdPerM === undefined) return undefined;
  const usdNano = tokenCost(usage, model, model.inputUsdPerM, model.outputUsdPerM, true);
  // KRW price lists (BizRouter) have no cache or reasoning rates: their tokens go at the base rates.
  const krwNano =
    model.inputKrwPerM === undefined || model.outputKrwPerM === undefined
      ? convert(usdNano, krwPerUsd)
      : tokenCost(usage, model, model.inputKrwPerM, model.outputKrwPerM, false);
  return { usdNano, krwNano, source: 'computed', krwPerUsd };
}

/** Prices per million tokens, as a model or one of its providers lists them. */
export type ListedPrices = Partial<Pick<ModelInfo, 'inputUsdPerM' | 'outputUsdPerM' | 'inputKrwPerM' | 'outputKrwPerM'>>;

/** A price per million tokens in `currency`, from the gateway's own list in it or converted at the rate. */
function priceIn(currency: Currency, usdPerM: string | undefined, krwPerM: string | undefined, krwPerUsd: string): number | undefined {
  if (currency === 'KRW' && krwPerM !== undefined) return Number(krwPerM);
  if (usdPerM === undefined) return undefined;
  return currency === 'USD' ? Number(usdPerM) : Number(convert(toNano(usdPerM), krwPerUsd)) / 1e9;
}

/** "input / output" per million tokens in `currency`, such as "$0.22 / $0.95"; undefined without both prices. */
export function perMillionText(prices: ListedPrices, currency: Currency, krwPerUsd: string): string | undefined {
  const input = priceIn(currency, prices.inputUsdPerM, prices.inputKrwPerM, krwPerUsd);
  const output = priceIn(currency, prices.outputUsdPerM, prices.outputKrwPerM, krwPerUsd);
  if (input === undefined || output === undefined) return undefined;
  return `${formatUnits(input, currency, 4)} / ${formatUnits(output, currency, 4)}`;
}

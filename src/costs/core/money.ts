/**
 * Costs for people: dollars with enough decimals to show a tiny sum, won without decimals, in the
 * user's locale. Amounts are integer nano-units, summed as bigints. Pure and import-free but for
 * types, so that the webview and the host (status bar) format money the same way.
 */
import type { AnswerCost, RateSource } from './pricing';

export type Currency = 'USD' | 'KRW';

const NANO = 1_000_000_000n;

/**
 * A figure in whole units of a currency (a price, a balance) with at most `maxDecimals` decimals;
 * dollars always show their cents, won never have decimals.
 */
export function formatUnits(value: number, currency: Currency, maxDecimals: number): string {
  const decimals = currency === 'KRW' ? { maximumFractionDigits: 0 } : { minimumFractionDigits: 2, maximumFractionDigits: Math.max(2, maxDecimals) };
  return new Intl.NumberFormat(undefined, { style: 'currency', currency, ...decimals }).format(value);
}

/** One amount in one currency. */
export function formatAmount(nano: bigint, currency: Currency): string {
  if (currency === 'KRW') {
    // Won have no subunit: an amount that is not yet one won says so rather than showing ₩0.
    if (nano > 0n && nano < NANO) return `< ${formatUnits(1, 'KRW', 0)}`;
    return formatUnits(Number((nano + NANO / 2n) / NANO), 'KRW', 0);
  }
  const dollars = Number(nano) / 1e9;
  const small = dollars > 0 && dollars < 0.01;
  return new Intl.NumberFormat(undefined, {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: small ? 6 : 4,
    ...(small ? { maximumSignificantDigits: 3, minimumSignificantDigits: 1 } : {}),
  }).format(dollars);
}

/** "$0.00135 · ₩2" with the lead currency first. */
export function formatPair(usdNano: bigint, krwNano: bigint, lead: Currency): string {
  const usd = formatAmount(usdNano, 'USD');
  const krw = formatAmount(krwNano, 'KRW');
  return lead === 'KRW' ? `${krw} · ${usd}` : `${usd} · ${krw}`;
}

/** What a cost's figure is, said where it is shown. */
const SOURCE_WORD: Record<AnswerCost['source'], string> = { billed: 'billed', estimated: 'estimated', computed: 'from prices' };

/** "$0.00135 · ₩2 · billed": the amount in both currencies, and which kind of figure it is (an estimate marked ≈). */
export function costText(cost: Pick<AnswerCost, 'usdNano' | 'krwNano' | 'source'>, lead: Currency): string {
  return `${cost.source === 'estimated' ? '≈ ' : ''}${formatPair(BigInt(cost.usdNano), BigInt(cost.krwNano), lead)} · ${SOURCE_WORD[cost.source]}`;
}

/** The default KRW per USD, and where it comes from. */
export const DEFAULT_RATE = { krwPerUsd: '1470', of: 'BizRouter’s published price list of 2025-12-08' } as const;

const RATE_FROM: Record<RateSource, string> = { gateway: 'the gateway’s own rate', setting: 'your exchange-rate setting', default: `the default rate, from ${DEFAULT_RATE.of}` };

export function describeSource(cost: AnswerCost): string {
  const rate = `won at ${cost.krwPerUsd} per dollar${cost.rateSource ? `, ${RATE_FROM[cost.rateSource]}` : ''}`;
  if (cost.source === 'billed') return `Billed by the gateway, as its own record of the answer says; ${rate}.`;
  if (cost.source === 'estimated') return `Estimated as the answer ended, until the gateway's bill for it is read (a few seconds later); ${rate}.`;
  return `Computed from the gateway's prices and the token counts (this gateway keeps no bill to read); ${rate}.`;
}

export function totalOf(costs: Iterable<Pick<AnswerCost, 'usdNano' | 'krwNano'>>): { usdNano: bigint; krwNano: bigint } {
  let usdNano = 0n;
  let krwNano = 0n;
  for (const cost of costs) {
    usdNano += BigInt(cost.usdNano);
    krwNano += BigInt(cost.krwNano);
  }
  return { usdNano, krwNano };
}

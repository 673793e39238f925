/**
 * The spend ledger: one line per priced answer, kept so that totals for today, this month, each
 * gateway and each model are exact sums of what each answer cost (at the rate of its day).
 * Pure: parsing, totals and CSV; the adapter appends lines and reads the file.
 */
import type { Currency } from './money';
import { COST_SOURCES, RATE_SOURCES, convert, toNano, type Cost, type CostSource, type RateSource } from './pricing';
import { definedFields } from '../../base/core/definedFields';
import { isJsonObject, readJsonLines } from '../../base/core/json';
import type { GenerationRecord } from '../../gateway/core/generation';

export interface LedgerEntry {
  /** ISO 8601 time the answer ended. */
  readonly at: string;
  readonly gatewayId: string;
  readonly model: string;
  readonly usdNano: bigint;
  readonly krwNano: bigint;
  readonly source: CostSource;
  readonly krwPerUsd: string;
  /** Whose rate `krwPerUsd` is. */
  readonly rateSource?: RateSource;
  /** The gateway's id of the answer, where its bill can be read: a later line with the same id replaces this one. */
  readonly generationId?: string;
  /** On a billed line: the estimate it replaced. */
  readonly estimate?: { readonly usdNano: bigint; readonly krwNano: bigint };
  /** On a billed line: the provider that served the answer, as the gateway names it. */
  readonly provider?: string;
}

/** The ledger's line for an answer served at a known cost. */
export function entryOf(served: { readonly at: string; readonly gatewayId: string; readonly model: string; readonly cost: Cost; readonly generationId?: string }): LedgerEntry {
  const { at, gatewayId, model, cost, generationId } = served;
  const { usdNano, krwNano, source, krwPerUsd, rateSource } = cost;
  return { at, gatewayId, model, usdNano, krwNano, source, krwPerUsd, ...definedFields({ rateSource, generationId }) };
}

/**
 * The line that replaces an estimate once the gateway's bill is read: what it charged, and with
 * the user's own provider key what that provider charged, in won at the estimate's rate (a bill
 * read later never changes the rate an answer was converted at).
 */
export function billedEntry(estimated: LedgerEntry, bill: GenerationRecord): LedgerEntry {
  const usdNano = toNano(bill.totalUsd) + (bill.upstreamUsd === undefined ? 0n : toNano(bill.upstreamUsd));
  return {
    ...estimated,
    usdNano,
    krwNano: convert(usdNano, estimated.krwPerUsd),
    source: 'billed',
    estimate: estimated.estimate ?? { usdNano: estimated.usdNano, krwNano: estimated.krwNano },
    ...(bill.provider === undefined ? {} : { provider: bill.provider }),
  };
}

/** How long after an answer its bill is still looked for when Switchboard starts again. */
export const BILL_LOOKUP_WINDOW_MS = 60 * 60 * 1000;

/** Estimates whose bill can still be read: recent ones with a generation id. */
export function awaitingBills(entries: readonly LedgerEntry[], now: Date): LedgerEntry[] {
  return entries.filter((e) => e.source === 'estimated' && e.generationId !== undefined && now.getTime() - Date.parse(e.at) < BILL_LOOKUP_WINDOW_MS);
}

export interface Totals {
  readonly usdNano: bigint;
  readonly krwNano: bigint;
  readonly answers: number;
}

const EMPTY: Totals = { usdNano: 0n, krwNano: 0n, answers: 0 };

/** A total in one of its two currencies, in nano-units. */
export function amountIn(totals: Totals, currency: Currency): bigint {
  return currency === 'KRW' ? totals.krwNano : totals.usdNano;
}

export function entryLine(entry: LedgerEntry): string {
  const { estimate, ...rest } = entry;
  const amounts = { usdNano: entry.usdNano.toString(), krwNano: entry.krwNano.toString() };
  const estimated = estimate ? { estimateUsdNano: estimate.usdNano.toString(), estimateKrwNano: estimate.krwNano.toString() } : {};
  return `${JSON.stringify({ ...rest, ...amounts, ...estimated })}\n`;
}

const nano = (value: unknown): bigint | undefined => (typeof value === 'string' && /^\d{1,30}$/.test(value) ? BigInt(value) : undefined);
const shortText = (value: unknown, max: number): string | undefined => (typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined);

/** An entry read back from its line, or nothing for a line of another shape. */
function entryFrom(value: unknown): LedgerEntry | undefined {
  if (!isJsonObject(value)) return undefined;
  const { at, gatewayId, model, source, krwPerUsd } = value;
  const usdNano = nano(value['usdNano']);
  const krwNano = nano(value['krwNano']);
  if (typeof at !== 'string' || typeof gatewayId !== 'string' || typeof model !== 'string' || typeof krwPerUsd !== 'string') return undefined;
  if (usdNano === undefined || krwNano === undefined || !COST_SOURCES.includes(source as CostSource)) return undefined;
  const estimateUsd = nano(value['estimateUsdNano']);
  const estimateKrw = nano(value['estimateKrwNano']);
  const optional = {
    rateSource: RATE_SOURCES.find((known) => known === value['rateSource']),
    generationId: shortText(value['generationId'], 200),
    estimate: estimateUsd === undefined || estimateKrw === undefined ? undefined : { usdNano: estimateUsd, krwNano: estimateKrw },
    provider: shortText(value['provider'], 80),
  };
  return { at, gatewayId, model, usdNano, krwNano, source: source as CostSource, krwPerUsd, ...definedFields(optional) };
}

/**
 * Reads the ledger; a damaged line (a crash mid-write) is skipped, not fatal. A line naming a
 * generation already in the ledger (its bill, read after its estimate) takes the earlier line's
 * place, so every answer counts once, at its latest figure.
 */
export function parseLedger(text: string): { entries: LedgerEntry[]; skipped: number } {
  const { items, skipped } = readJsonLines(text, entryFrom);
  const entries: LedgerEntry[] = [];
  const byGeneration = new Map<string, number>();
  for (const entry of items) {
    const at = entry.generationId === undefined ? undefined : byGeneration.get(entry.generationId);
    if (at !== undefined) {
      entries[at] = entry;
      continue;
    }
    if (entry.generationId !== undefined) byGeneration.set(entry.generationId, entries.length);
    entries.push(entry);
  }
  return { entries, skipped };
}

function add(totals: Totals, entry: LedgerEntry): Totals {
  return { usdNano: totals.usdNano + entry.usdNano, krwNano: totals.krwNano + entry.krwNano, answers: totals.answers + 1 };
}

/** Local calendar day of an ISO time, as YYYY-MM-DD. */
export function localDay(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export interface Breakdown {
  readonly today: Totals;
  readonly month: Totals;
  readonly byGateway: ReadonlyMap<string, Totals>;
  readonly byModel: ReadonlyMap<string, Totals>;
}

/** Totals for the day and month of `now` (local time), and this month by gateway and by model. */
export function breakdown(entries: readonly LedgerEntry[], now: Date, gatewayId?: string): Breakdown {
  const today = localDay(now.toISOString());
  const month = today.slice(0, 7);
  let todayTotals = EMPTY;
  let monthTotals = EMPTY;
  const byGateway = new Map<string, Totals>();
  const byModel = new Map<string, Totals>();
  for (const entry of entries) {
    if (gatewayId !== undefined && entry.gatewayId !== gatewayId) continue;
    const day = localDay(entry.at);
    if (day.slice(0, 7) !== month) continue;
    monthTotals = add(monthTotals, entry);
    if (day === today) todayTotals = add(todayTotals, entry);
    byGateway.set(entry.gatewayId, add(byGateway.get(entry.gatewayId) ?? EMPTY, entry));
    byModel.set(entry.model, add(byModel.get(entry.model) ?? EMPTY, entry));
  }
  return { today: todayTotals, month: monthTotals, byGateway, byModel };
}

function decimal(nano: bigint): string {
  const whole = nano / 1_000_000_000n;
  const fraction = (nano % 1_000_000_000n).toString().padStart(9, '0');
  return `${whole}.${fraction}`;
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Every entry as CSV, amounts as exact decimals (nine places): the figure that counts (billed when
 * the bill was read) and the estimate it replaced, side by side.
 */
export function toCsv(entries: readonly LedgerEntry[]): string {
  const rows = [['time', 'gateway', 'model', 'usd', 'krw', 'source', 'krw_per_usd', 'rate_from', 'estimated_usd', 'estimated_krw', 'provider', 'generation']];
  for (const e of entries) {
    const estimate = e.estimate ?? (e.source === 'estimated' ? e : undefined);
    const estimated = estimate ? [decimal(estimate.usdNano), decimal(estimate.krwNano)] : ['', ''];
    rows.push([e.at, e.gatewayId, e.model, decimal(e.usdNano), decimal(e.krwNano), e.source, e.krwPerUsd, e.rateSource ?? '', ...estimated, e.provider ?? '', e.generationId ?? '']);
  }
  return `${rows.map((row) => row.map(csvField).join(',')).join('\n')}\n`;
}

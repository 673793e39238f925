/**
 * The spend ledger: one line per priced answer, kept so that totals for today, this month, each
 * gateway and each model are exact sums of what each answer cost (at the rate of its day).
 * Pure: parsing, totals and CSV; the adapter appends lines and reads the file.
 */
import type { Currency } from './money';
import type { Cost } from './pricing';
import { isJsonObject, readJsonLines } from '../../base/core/json';

export interface LedgerEntry {
  /** ISO 8601 time the answer ended. */
  readonly at: string;
  readonly gatewayId: string;
  readonly model: string;
  readonly usdNano: bigint;
  readonly krwNano: bigint;
  readonly source: 'billed' | 'computed';
  readonly krwPerUsd: string;
}

/** The ledger's line for an answer served at a known cost. */
export function entryOf(served: { readonly at: string; readonly gatewayId: string; readonly model: string; readonly cost: Cost }): LedgerEntry {
  const { at, gatewayId, model, cost } = served;
  return { at, gatewayId, model, usdNano: cost.usdNano, krwNano: cost.krwNano, source: cost.source, krwPerUsd: cost.krwPerUsd };
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
  return `${JSON.stringify({ ...entry, usdNano: entry.usdNano.toString(), krwNano: entry.krwNano.toString() })}\n`;
}

/** An entry read back from its line, or nothing for a line of another shape. */
function entryFrom(value: unknown): LedgerEntry | undefined {
  if (!isJsonObject(value)) return undefined;
  const { at, gatewayId, model, usdNano, krwNano, source, krwPerUsd } = value;
  if (typeof at !== 'string' || typeof gatewayId !== 'string' || typeof model !== 'string' || typeof krwPerUsd !== 'string') return undefined;
  if (typeof usdNano !== 'string' || typeof krwNano !== 'string' || !/^\d+$/.test(usdNano) || !/^\d+$/.test(krwNano)) return undefined;
  if (source !== 'billed' && source !== 'computed') return undefined;
  return { at, gatewayId, model, usdNano: BigInt(usdNano), krwNano: BigInt(krwNano), source, krwPerUsd };
}

/** Reads the ledger; a damaged line (a crash mid-write) is skipped, not fatal. */
export function parseLedger(text: string): { entries: LedgerEntry[]; skipped: number } {
  const { items, skipped } = readJsonLines(text, entryFrom);
  return { entries: items, skipped };
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

/** Every entry as CSV, amounts as exact decimals (nine places). */
export function toCsv(entries: readonly LedgerEntry[]): string {
  const rows = [['time', 'gateway', 'model', 'usd', 'krw', 'source', 'krw_per_usd']];
  for (const e of entries) rows.push([e.at, e.gatewayId, e.model, decimal(e.usdNano), decimal(e.krwNano), e.source, e.krwPerUsd]);
  return `${rows.map((row) => row.map(csvField).join(',')).join('\n')}\n`;
}

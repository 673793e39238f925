/**
 * The spending breakdown as a Markdown document: today, this month, each gateway and model this
 * month, and each of the last days, in both currencies with the lead one first, and how much of it
 * the gateways billed rather than Switchboard computed. Pure.
 */
import { amountIn, breakdown, localDay, type LedgerEntry, type Totals } from './ledger';
import { formatAmount, type Currency } from './money';
import { markdownText } from '../../base/core/markdown';

const DAYS_SHOWN = 14;

function table(title: string, rows: ReadonlyArray<readonly [string, Totals]>, lead: Currency): string[] {
  const other: Currency = lead === 'USD' ? 'KRW' : 'USD';
  const amount = (t: Totals, currency: Currency): string => formatAmount(amountIn(t, currency), currency);
  return [
    `## ${title}`,
    '',
    `| | ${lead} | ${other} | Answers |`,
    '|---|---:|---:|---:|',
    ...rows.map(([name, t]) => `| ${markdownText(name)} | ${amount(t, lead)} | ${amount(t, other)} | ${t.answers} |`),
    '',
  ];
}

function byUsd(map: ReadonlyMap<string, Totals>): Array<[string, Totals]> {
  return [...map.entries()].sort(([a, x], [b, y]) => (y.usdNano > x.usdNano ? 1 : y.usdNano < x.usdNano ? -1 : a.localeCompare(b)));
}

export function spendingReport(entries: readonly LedgerEntry[], now: Date, lead: Currency): string {
  const totals = breakdown(entries, now);
  const billed = breakdown(entries.filter((e) => e.source === 'billed'), now);
  const estimated = breakdown(entries.filter((e) => e.source === 'estimated'), now);
  const days: Array<[string, Totals]> = [];
  for (let back = 0; back < DAYS_SHOWN; back++) {
    const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() - back, 12);
    days.push([localDay(day.toISOString()), breakdown(entries, day).today]);
  }
  const lines = [
    '# Switchboard spending',
    '',
    `As of ${now.toLocaleString()}, from what this machine recorded after each priced answer. Won are at the rate of each answer's day.`,
    '',
    ...table('Totals', [['Today', totals.today], ['This month', totals.month], ['Billed by the gateways, this month', billed.month], ['Estimated, bill not read yet, this month', estimated.month]], lead),
    ...table('This month by gateway', byUsd(totals.byGateway), lead),
    ...table('This month by model', byUsd(totals.byModel), lead),
    ...table(`The last ${DAYS_SHOWN} days`, days, lead),
  ];
  return `${lines.join('\n')}\n`;
}

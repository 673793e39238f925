/**
 * What a comparison says about its answers: how each column is named (a letter while blind), the
 * rankings by speed and by cost, the Markdown of an export, and how a column's news changes it.
 * Pure and import-free but for types and money formatting: the panel uses it too, so both say the same.
 */
import type { Column, Comparison } from './compare';
import type { Message } from '../../chat/core/message';
import { formatAmount } from '../../costs/core/money';
import { markdownText } from '../../base/core/markdown';

/** The comparison with one column replaced; it streams while any column does. */
export function withColumn(message: Message, column: Column): Message {
  const comparison = message.comparison;
  if (!comparison) return message;
  const columns = comparison.columns.map((c) => (c.id === column.id ? column : c));
  return { ...message, status: columns.some((c) => c.answer.status === 'streaming') ? 'streaming' : 'done', comparison: { ...comparison, columns } };
}

/** Names are hidden while a blind comparison waits for the user's pick. */
export function namesHidden(comparison: Comparison): boolean {
  return comparison.blind && comparison.picked === undefined;
}

/** What a column asked: its model, and the provider it is pinned to, which tells apart one model's columns. */
export function columnLabel(column: Pick<Column, 'model' | 'provider'>): string {
  return column.provider === undefined ? column.model : `${column.model} on ${column.provider}`;
}

export function columnName(comparison: Comparison, column: Column): string {
  const index = comparison.columns.findIndex((c) => c.id === column.id);
  return namesHidden(comparison) ? `Answer ${String.fromCharCode(65 + Math.max(index, 0))}` : columnLabel(column);
}

/** Finished answers, quickest first: by duration, then by time to first token. */
export function rankBySpeed(columns: readonly Column[]): Column[] {
  const finished = columns.filter((c) => c.answer.status === 'done' && c.answer.metrics);
  return finished.sort((a, b) => a.answer.metrics!.durationMs - b.answer.metrics!.durationMs || (a.answer.metrics!.firstTokenMs ?? 0) - (b.answer.metrics!.firstTokenMs ?? 0));
}

/** Finished answers with a known cost, cheapest first (compared in dollars, as gateways bill). */
export function rankByCost(columns: readonly Column[]): Column[] {
  const priced = columns.filter((c) => c.answer.status === 'done' && c.answer.cost);
  return priced.sort((a, b) => {
    const difference = BigInt(a.answer.cost!.usdNano) - BigInt(b.answer.cost!.usdNano);
    return difference < 0n ? -1 : difference > 0n ? 1 : 0;
  });
}

const seconds = (ms: number | undefined): string => (ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`);

function tableRow(cells: readonly string[]): string {
  return `| ${cells.map(markdownText).join(' | ')} |`;
}

/** The answers one after another, then a table of their metrics. */
export function comparisonMarkdown(comparison: Comparison): string {
  const parts = [`## Comparison of ${comparison.columns.length} models`];
  for (const column of comparison.columns) {
    const { answer } = column;
    const answered = answer.model && answer.model !== column.model ? ` — answered by ${answer.model}` : '';
    parts.push('', `### ${columnName(comparison, column)} (${column.gatewayLabel})${answered}`, '', answer.text.trim() || '_(no text)_');
    if (answer.error) parts.push('', `> ${answer.error}`);
    else if (answer.status === 'stopped') parts.push('', '> Stopped before the end.');
  }
  parts.push('', tableRow(['Model', 'First token', 'Tokens/s', 'Duration', 'Tokens in → out', 'Cost (USD)', 'Cost (KRW)', 'Finish']), '|---|---|---|---|---|---|---|---|');
  for (const column of comparison.columns) {
    const { metrics, cost, finishReason, status } = column.answer;
    const tokens = metrics?.promptTokens !== undefined || metrics?.completionTokens !== undefined ? `${metrics.promptTokens ?? '–'} → ${metrics.completionTokens ?? '–'}` : '–';
    parts.push(
      tableRow([
        columnName(comparison, column),
        seconds(metrics?.firstTokenMs),
        metrics?.tokensPerSecond === undefined ? '–' : String(Math.round(metrics.tokensPerSecond)),
        seconds(metrics?.durationMs),
        tokens,
        cost ? formatAmount(BigInt(cost.usdNano), 'USD') : '–',
        cost ? formatAmount(BigInt(cost.krwNano), 'KRW') : '–',
        finishReason ?? (status === 'done' ? '–' : status),
      ]),
    );
  }
  if (comparison.picked) {
    const picked = comparison.columns.find((c) => c.id === comparison.picked);
    if (picked) parts.push('', `Picked as the better answer: **${picked.model}**.`);
  }
  return parts.join('\n');
}

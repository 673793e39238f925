/**
 * What `@switchboard` writes in VS Code's Chat, as Markdown: the cost line under an answer, Auto's
 * choice with its reasons, and the spending summary. Names from a gateway are set as text.
 */
import { markdownText } from '../../base/core/markdown';
import type { Totals } from '../../costs/core/ledger';
import { costText, formatPair, type Currency } from '../../costs/core/money';
import type { Cost } from '../../costs/core/pricing';
import type { Route } from '../../router/core/route';
import type { Column } from '../../compare/core/compare';
import { columnLabel } from '../../compare/core/compareSummary';

const SPENT: Record<Cost['source'], string> = { billed: 'billed by the gateway', estimated: 'estimated until the gateway bills it', computed: 'computed from its prices' };

/** The line under an answer: the model that answered and what it cost, billed, estimated or computed. */
export function costLine(model: string, cost: Cost | undefined, lead: Currency): string {
  const spent = cost ? `${cost.source === 'estimated' ? '≈ ' : ''}${formatPair(cost.usdNano, cost.krwNano, lead)}, ${SPENT[cost.source]}` : 'cost unknown';
  return `*${markdownText(model)} · ${spent}*`;
}

/** Auto's choice for a prompt, and each step of its reasoning. */
export function routeMarkdown(route: Route): string {
  return [`**${markdownText(route.label)}**`, '', ...route.reasons.map((reason) => `- ${markdownText(reason)}`), '', 'Nothing was sent. Ask without `/route` to send it.'].join('\n');
}

/** Spending today, this month and in this chat, each in both currencies, the lead one first. */
export function costMarkdown(spent: { readonly today: Totals; readonly month: Totals }, chat: Totals, lead: Currency): string {
  const row = (label: string, totals: Totals): string => `| ${label} | ${formatPair(totals.usdNano, totals.krwNano, lead)} | ${totals.answers} |`;
  return [
    '| | spent | answers |',
    '|---|---|---:|',
    row('Today', spent.today),
    row('This month', spent.month),
    row('This chat', chat),
    '',
    'From the answers recorded on this machine, across all gateways. Switchboard: Show Credits has the breakdown.',
  ].join('\n');
}

/** One model's answer in a comparison, as it ends: its name, metrics and cost, then its text. */
export function columnMarkdown(column: Column, lead: Currency): string {
  const { answer } = column;
  const answered = answer.model && answer.model !== column.model ? ` — answered by ${markdownText(answer.model)}` : '';
  const metrics = answer.metrics;
  const facts = [
    metrics?.firstTokenMs === undefined ? undefined : `first token ${(metrics.firstTokenMs / 1000).toFixed(1)} s`,
    metrics?.tokensPerSecond === undefined ? undefined : `${Math.round(metrics.tokensPerSecond)} tokens/s`,
    metrics?.completionTokens === undefined ? undefined : `${metrics.completionTokens}${metrics.estimated ? ' ≈' : ''} tokens`,
    answer.provider === undefined ? undefined : `served by ${markdownText(answer.provider)}`,
    answer.cost ? costText(answer.cost, lead) : 'cost unknown',
  ].filter((fact): fact is string => fact !== undefined);
  const ending = answer.error ? [`> ${markdownText(answer.error)}`] : answer.status === 'stopped' ? ['> Stopped before the end.'] : [];
  return [`### ${markdownText(columnLabel(column))} (${markdownText(column.gatewayLabel)})${answered}`, '', `*${facts.join(' · ')}*`, '', answer.text.trim() || '_(no text)_', ...(ending.length ? ['', ...ending] : []), '', ''].join('\n');
}

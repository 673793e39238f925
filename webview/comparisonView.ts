/**
 * A comparison in the log: one column per model, side by side (stacked when the panel is narrow),
 * each with its live metrics and its own stop, retry, copy, continue and diff; below them a summary
 * ranking the answers by speed and by cost. While a blind comparison waits for the user's pick,
 * names, gateways and costs stay hidden.
 */
import type { AnswerMetrics, Column, Comparison, Message } from '../src/protocol';
import { columnName, namesHidden, rankByCost, rankBySpeed, withColumn } from '../src/compare/core/compareSummary';
import { costText, describeSource, formatPair } from '../src/costs/core/money';
import { StreamingMarkdown } from './markdown/streamingMarkdown';
import { display, el, outcomeLines, seconds } from './messageView';

const STATUS: Record<Message['status'], string> = { streaming: 'Answering…', done: 'Done', stopped: 'Stopped', error: 'Failed' };

function fact(list: HTMLElement, name: string, label: string, value: string, title?: string): void {
  list.append(el('dt', {}, label), el('dd', { 'data-testid': `column-${name}`, ...(title ? { title } : {}) }, value));
}

/** Time to first token, speed, duration, tokens, cost and finish reason: what is known so far. */
function facts(column: Column, hidden: boolean, live: AnswerMetrics | undefined): HTMLElement {
  const { answer } = column;
  const metrics = answer.metrics ?? live;
  const list = el('dl', { class: 'facts', 'data-testid': 'column-facts' });
  if (metrics?.firstTokenMs !== undefined) fact(list, 'ttft', 'First token', seconds(metrics.firstTokenMs));
  if (metrics?.tokensPerSecond !== undefined) fact(list, 'rate', 'Speed', `${metrics.estimated ? '≈' : ''}${Math.round(metrics.tokensPerSecond)} tok/s`);
  if (metrics) fact(list, 'duration', 'Duration', seconds(metrics.durationMs));
  if (metrics?.completionTokens !== undefined) fact(list, 'tokens', 'Tokens', `${metrics.promptTokens ?? '?'} → ${metrics.estimated ? '≈' : ''}${metrics.completionTokens}`);
  if (answer.cost && !hidden) fact(list, 'cost', 'Cost', costText(answer.cost, display.currency), describeSource(answer.cost));
  if (answer.finishReason) fact(list, 'finish', 'Finish', answer.finishReason);
  if (answer.model && answer.model !== column.model && !hidden) fact(list, 'answered-by', 'Answered by', answer.model);
  if (answer.provider && !hidden) fact(list, 'provider', 'Served by', answer.provider, column.provider === undefined ? 'The provider OpenRouter chose' : `Asked of ${column.provider} alone`);
  return list;
}

function actions(comparison: Comparison, column: Column): HTMLElement {
  const bar = el('div', { class: 'column-actions' });
  const button = (action: string, label: string, title: string): void => {
    bar.append(el('button', { type: 'button', class: 'action', 'data-column-action': action, 'data-testid': `column-${action}`, title }, label));
  };
  const name = columnName(comparison, column);
  if (column.answer.status === 'streaming') {
    button('stop', 'Stop', `Stop ${name}; the other answers go on`);
    return bar;
  }
  if (comparison.blind && comparison.picked === undefined) button('pick', 'This one is better', 'Pick this answer: the names are shown, and the pick counts on the leaderboard');
  button('retry', 'Retry', `Ask ${name} again`);
  button('copy', 'Copy', 'Copy this answer');
  button('diff', 'Diff with…', 'Open this answer beside another in the diff editor');
  // Going on with a model would name it: in a blind comparison, only after the pick.
  if (column.answer.text && !namesHidden(comparison)) button('continue', 'Continue with this', 'Make this answer part of the chat and go on with its model');
  return bar;
}

function head(comparison: Comparison, column: Column, live: AnswerMetrics | undefined): HTMLElement {
  const hidden = namesHidden(comparison);
  const header = el('header', { class: 'column-head' });
  const title = el('div', { class: 'column-title' });
  title.append(el('span', { class: 'column-name', 'data-testid': 'column-name' }, columnName(comparison, column)));
  if (!hidden) title.append(el('span', { class: 'column-gateway', 'data-testid': 'column-gateway' }, column.gatewayLabel));
  if (comparison.picked === column.id) title.append(el('span', { class: 'picked', 'data-testid': 'column-picked' }, 'Your pick'));
  title.append(el('span', { class: `status ${column.answer.status}`, 'data-testid': 'column-status' }, STATUS[column.answer.status]));
  header.append(title, facts(column, hidden, live), actions(comparison, column));
  return header;
}

/** One column; its body streams through the incremental markdown renderer. */
export class ColumnBox {
  readonly element: HTMLElement;
  private readonly body = el('div', { class: 'body markdown' });
  private readonly markdown: StreamingMarkdown;
  private outcome: HTMLElement[] = [];

  constructor(
    private comparison: Comparison,
    private column: Column,
  ) {
    this.element = el('section', { class: 'column', 'data-testid': 'column', 'data-column-id': column.id, 'data-status': column.answer.status, 'aria-label': columnName(comparison, column) });
    this.markdown = new StreamingMarkdown(this.body);
    if (column.answer.text) this.markdown.append(column.answer.text);
    if (column.answer.status !== 'streaming') this.markdown.finish();
    this.element.append(head(comparison, column, undefined), this.body);
    this.showOutcome(column.answer);
  }

  append(text: string, metrics: AnswerMetrics | undefined): void {
    if (text) this.markdown.append(text);
    if (metrics) this.element.querySelector('.facts')?.replaceWith(facts(this.column, namesHidden(this.comparison), metrics));
  }

  setNotice(notice: string | undefined): void {
    const { notice: _shown, ...answer } = this.column.answer;
    this.showOutcome(notice === undefined ? answer : { ...answer, notice });
  }

  /** The column's answer ended: the open block is rendered once more, the head and outcome updated. */
  finish(column: Column, comparison: Comparison): void {
    this.markdown.finish();
    this.update(column, comparison);
  }

  /** The column's answer changed after it ended (its bill was read): the head shows it, the text stays. */
  update(column: Column, comparison: Comparison): void {
    this.column = column;
    this.comparison = comparison;
    this.refresh();
  }

  private refresh(): void {
    this.element.dataset['status'] = this.column.answer.status;
    this.element.setAttribute('aria-label', columnName(this.comparison, this.column));
    this.element.querySelector('.column-head')?.replaceWith(head(this.comparison, this.column, undefined));
    this.showOutcome(this.column.answer);
  }

  private showOutcome(answer: Message): void {
    for (const line of this.outcome) line.remove();
    this.outcome = outcomeLines(answer, 'column');
    this.element.append(...this.outcome);
  }
}

function ranking(title: string, testId: string, comparison: Comparison, ranked: readonly Column[], value: (column: Column) => string): HTMLElement {
  const box = el('div', { class: 'ranking' });
  box.append(el('h3', {}, title));
  const list = el('ol', { 'data-testid': testId });
  for (const column of ranked) list.append(el('li', {}, `${columnName(comparison, column)} — ${value(column)}`));
  if (ranked.length === 0) list.append(el('li', { class: 'none' }, 'No finished answer yet'));
  box.append(list);
  return box;
}

/** The rankings by speed and by cost, over the answers that finished. */
export function summary(comparison: Comparison): HTMLElement {
  const box = el('div', { class: 'comparison-summary', 'data-testid': 'comparison-summary' });
  const speed = ranking('Fastest', 'summary-speed', comparison, rankBySpeed(comparison.columns), (c) => {
    const m = c.answer.metrics!;
    return `${seconds(m.durationMs)}${m.firstTokenMs !== undefined ? `, first token ${seconds(m.firstTokenMs)}` : ''}`;
  });
  box.append(speed);
  if (!namesHidden(comparison)) {
    box.append(ranking('Cheapest', 'summary-cost', comparison, rankByCost(comparison.columns), (c) => formatPair(BigInt(c.answer.cost!.usdNano), BigInt(c.answer.cost!.krwNano), display.currency)));
  } else {
    box.append(el('p', { class: 'blind-hint', 'data-testid': 'blind-hint' }, 'Blind: names and costs show once you pick the better answer.'));
  }
  return box;
}

/** The whole comparison: the columns, then the summary. */
export class ComparisonBlock {
  readonly element: HTMLElement;
  readonly columns = new Map<string, ColumnBox>();
  private readonly grid = el('div', { class: 'columns' });

  constructor(private message: Message) {
    const comparison = message.comparison!;
    this.element = el('article', { class: 'message comparison', 'data-testid': 'comparison', 'data-id': message.id, 'data-role': 'assistant', 'data-blind': String(comparison.blind) });
    const who = el('div', { class: 'who' }, `Comparing ${comparison.columns.length} models${comparison.blind ? ' · blind' : ''}${comparison.withHistory ? ' · with the conversation' : ''}`);
    this.element.append(who, this.grid);
    for (const column of comparison.columns) {
      const box = new ColumnBox(comparison, column);
      this.columns.set(column.id, box);
      this.grid.append(box.element);
    }
    this.element.append(summary(comparison));
  }

  get view(): Message {
    return this.message;
  }

  /** A column started again: its box is new. */
  restart(column: Column): ColumnBox {
    this.message = withColumn(this.message, column);
    const box = new ColumnBox(this.message.comparison!, column);
    this.columns.get(column.id)?.element.replaceWith(box.element);
    this.columns.set(column.id, box);
    return box;
  }

  finishColumn(column: Column): void {
    this.message = withColumn(this.message, column);
    this.columns.get(column.id)?.finish(column, this.message.comparison!);
    this.element.querySelector('.comparison-summary')?.replaceWith(summary(this.message.comparison!));
  }

  /** The comparison as it is now (a column's bill was read): every finished column's head and the summary again. */
  billed(message: Message): void {
    this.message = message;
    for (const column of message.comparison?.columns ?? []) if (column.answer.status !== 'streaming') this.columns.get(column.id)?.update(column, message.comparison!);
    this.element.querySelector('.comparison-summary')?.replaceWith(summary(message.comparison!));
  }
}


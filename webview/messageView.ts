/** One message in the log: a finished one rendered whole, or the answer being streamed. */
import type { AnswerMetrics, Attachment, Message, Route } from '../src/protocol';
import { attachmentName } from '../src/context/core/attachmentName';
import { StreamingMarkdown } from './markdown/streamingMarkdown';
import { renderPromptMarkdown } from './markdown/render';
import { costText, describeSource, type Currency } from '../src/costs/core/money';

/** Which currency leads in cost figures; set from each snapshot. */
export const display: { currency: Currency } = { currency: 'USD' };

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

const STATUS_LABEL: Record<Message['status'], string> = { streaming: 'Answering…', done: '', stopped: 'Stopped', error: 'Failed' };

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

/** "12 → 340 tokens · first token 0.4 s · 85 tokens/s · 4.4 s", leaving out what is unknown. */
export function describeMetrics(metrics: AnswerMetrics): string {
  const parts: string[] = [];
  if (metrics.promptTokens !== undefined && metrics.completionTokens !== undefined) parts.push(`${metrics.promptTokens} → ${metrics.estimated ? '≈' : ''}${metrics.completionTokens} tokens`);
  if (metrics.firstTokenMs !== undefined) parts.push(`first token ${seconds(metrics.firstTokenMs)}`);
  if (metrics.tokensPerSecond !== undefined) parts.push(`${Math.round(metrics.tokensPerSecond)} tokens/s`);
  parts.push(seconds(metrics.durationMs));
  return parts.join(' · ');
}

function metricsLine(metrics: AnswerMetrics): HTMLElement {
  return el('span', { class: 'metrics', 'data-testid': 'message-metrics' }, describeMetrics(metrics));
}

function reasoningBox(text: string): { box: HTMLDetailsElement; body: HTMLElement } {
  const box = el('details', { class: 'reasoning', 'data-testid': 'reasoning' });
  box.append(el('summary', {}, 'Reasoning'));
  const body = el('div', { class: 'reasoning-text' }, text);
  box.append(body);
  return { box, body };
}

/** Where an outcome is shown: under a chat answer, or in a comparison's column (their test ids differ). */
type Place = 'message' | 'column';

function noticeLine(notice: string, place: Place): HTMLElement {
  return el('div', { class: 'notice', role: 'status', 'data-testid': `${place}-notice` }, notice);
}

/**
 * How the model was chosen: the chip says it in a line, hovering shows the reasoning, opening it
 * (click, Enter or Space) lists it; "Other model…" asks the last prompt again elsewhere.
 */
function routeLine(route: Route, answeredBy: string | undefined, finished: boolean): HTMLElement {
  const reasons = answeredBy && answeredBy !== route.model ? [...route.reasons, `Answered by ${answeredBy}.`] : route.reasons;
  const line = el('div', { class: 'route-line', 'data-testid': 'route' });
  const chip = el('details', { class: `route ${route.chosenBy}` });
  chip.append(el('summary', { title: reasons.join('\n'), 'data-testid': 'route-label' }, route.label));
  const list = el('ul', { class: 'route-reasons', 'data-testid': 'route-reasons' });
  for (const reason of reasons) list.append(el('li', {}, reason));
  chip.append(list);
  line.append(chip);
  if (finished) {
    line.append(el('button', { type: 'button', class: 'action', 'data-message-action': 'reroute', 'data-testid': 'message-reroute', 'aria-label': 'Ask another model instead', title: 'Ask the same prompt of a model you choose' }, 'Other model…'));
  }
  return line;
}

/** The context sent with a prompt: a chip for each, which opens its source. */
function attachmentList(attachments: readonly Attachment[]): HTMLElement {
  const list = el('ul', { class: 'attachments', 'data-testid': 'message-attachments', 'aria-label': 'Attached context' });
  for (const attachment of attachments) {
    const left = attachment.omittedLines > 0 ? `; the last ${attachment.omittedLines} lines were left out for length` : '';
    const item = el('li', { class: 'attachment' });
    if (attachment.image && attachment.data) item.append(el('img', { class: 'attachment-thumbnail', src: `data:${attachment.image.mimeType};base64,${attachment.data}`, alt: attachment.path }));
    if (attachment.kind === 'image') item.append(el('span', { class: 'attachment-image-name' }, attachmentName(attachment)));
    else item.append(el('button', { type: 'button', class: 'attachment-name', 'data-message-action': 'openAttachment', 'data-attachment-id': attachment.id, title: `${attachment.path}: sent as it read then${left}. Click to open it.` }, attachmentName(attachment)));
    list.append(item);
  }
  return list;
}

function frame(message: Message): { article: HTMLElement; body: HTMLElement } {
  const article = el('article', { 'data-testid': 'message', 'data-role': message.role, 'data-id': message.id, 'data-status': message.status, class: `message ${message.role}` });
  const who = el('div', { class: 'who' }, message.role === 'user' ? 'You' : (message.model ?? 'Assistant'));
  const status = STATUS_LABEL[message.status];
  if (status) who.append(el('span', { class: `status ${message.status}` }, status));
  if (message.metrics) who.append(metricsLine(message.metrics));
  if (message.cost) {
    const { cost } = message;
    const attributes = { class: 'metrics cost', 'data-testid': 'message-cost', 'data-source': cost.source, 'data-usd-nano': cost.usdNano, 'data-krw-nano': cost.krwNano, title: describeSource(cost) };
    who.append(el('span', attributes, costText(cost, display.currency)));
  }
  const body = el('div', { class: message.role === 'user' ? 'body markdown prompt' : 'body markdown' });
  if (message.status !== 'streaming') who.append(messageActions(message));
  article.append(who);
  if (message.route) article.append(routeLine(message.route, message.model, message.status !== 'streaming'));
  if (message.reasoning) article.append(reasoningBox(message.reasoning).box);
  if (message.attachments?.length) article.append(attachmentList(message.attachments));
  article.append(body);
  return { article, body };
}

const ACTIONS: Record<Message['role'], ReadonlyArray<readonly [string, string]>> = {
  user: [['edit', 'Edit'], ['copy', 'Copy'], ['delete', 'Delete']],
  assistant: [['regenerate', 'Regenerate'], ['copy', 'Copy'], ['delete', 'Delete']],
};

function messageActions(message: Message): HTMLElement {
  const bar = el('span', { class: 'message-actions' });
  for (const [action, label] of ACTIONS[message.role]) {
    bar.append(el('button', { type: 'button', class: 'action', 'data-message-action': action, 'data-testid': `message-${action}`, 'aria-label': `${label} this message` }, label));
  }
  return bar;
}

/** How an answer ended, if not plainly: its error, or the notice of a wait still under way. */
export function outcomeLines(message: Message, place: Place): HTMLElement[] {
  const lines: HTMLElement[] = [];
  if (message.error) lines.push(el('div', { class: 'error', role: 'alert', 'data-testid': `${place}-error` }, message.error));
  if (message.notice) lines.push(noticeLine(message.notice, place));
  return lines;
}

/** A message that is not streaming (any more): rendered once, whole. */
export function renderMessage(message: Message): HTMLElement {
  const { article, body } = frame(message);
  if (message.role === 'user') body.append(renderPromptMarkdown(message.text));
  else StreamingMarkdown.renderAll(body, message.text);
  article.append(...outcomeLines(message, 'message'));
  return article;
}

/** A rendered message's header and route line, made again for what the message is now; its text is left as it is. */
export function replaceHead(rendered: HTMLElement, message: Message): void {
  const { article } = frame(message);
  const who = article.querySelector('.who');
  const oldWho = rendered.querySelector('.who');
  if (who && oldWho) oldWho.replaceWith(who);
  const route = article.querySelector('.route-line');
  rendered.querySelector('.route-line')?.remove();
  if (route && who) who.after(route);
}

/** The answer being streamed: text goes through the incremental markdown renderer. */
export class LiveAnswer {
  readonly article: HTMLElement;
  private readonly markdown: StreamingMarkdown;
  private readonly body: HTMLElement;
  private reasoning: HTMLElement | undefined;

  constructor(message: Message) {
    const { reasoning: _later, ...head } = message;
    const { article, body } = frame(head);
    this.article = article;
    this.body = body;
    this.markdown = new StreamingMarkdown(body);
    if (message.text) this.markdown.append(message.text);
    if (message.reasoning) this.appendReasoning(message.reasoning);
    if (message.notice) this.setNotice(message.notice);
  }

  append(text: string, reasoning: string): void {
    if (reasoning) this.appendReasoning(reasoning);
    if (text) this.markdown.append(text);
  }

  /**
   * The answer ended: only the open block is rendered once more, and the header and outcome are
   * updated in place. The text already on screen is neither rendered nor moved again, which on a
   * long answer would mean restyling and laying out all of it at once.
   */
  finish(message: Message): void {
    this.markdown.finish();
    replaceHead(this.article, message);
    this.article.dataset['status'] = message.status;
    this.setNotice(undefined);
    this.article.append(...outcomeLines(message, 'message'));
  }

  /** Auto chose the model while the answer was starting. */
  setRoute(route: Route): void {
    this.article.querySelector('.route-line')?.remove();
    this.article.querySelector('.who')?.after(routeLine(route, undefined, false));
  }

  /** What is measured so far while the answer streams: tokens (estimated), first token, speed. */
  setMetrics(metrics: AnswerMetrics): void {
    const shown = this.article.querySelector('.who [data-testid=message-metrics]');
    // The text changes in place: a new element would cost the whole answer's layout again.
    if (shown) shown.textContent = describeMetrics(metrics);
    else this.article.querySelector('.who .status')?.after(metricsLine(metrics));
  }

  setNotice(notice: string | undefined): void {
    this.article.querySelector('.notice')?.remove();
    if (notice) this.article.append(noticeLine(notice, 'message'));
  }

  private appendReasoning(text: string): void {
    if (!this.reasoning) {
      const { box, body } = reasoningBox('');
      this.article.insertBefore(box, this.body);
      this.reasoning = body;
    }
    this.reasoning.append(text);
  }
}

/**
 * The chat panel's DOM: header, message log and composer. Streamed text is appended to the open
 * message at most once per animation frame; finished messages are never touched again.
 */
import type { ChatSnapshot, MessageView } from '../src/protocol';
import { LiveAnswer, el, renderMessage } from './messageView';

export interface ChatViewActions {
  send(text: string): void;
  stop(runId: string): void;
  draftChanged(draft: string): void;
}

interface TextAreaElement extends HTMLElement {
  value: string;
}

interface OpenRun {
  readonly runId: string;
  seq: number;
  pending: string;
  pendingReasoning: string;
  readonly answer: LiveAnswer;
}

export class ChatView {
  private readonly gateway = el('span', { 'data-testid': 'gateway' });
  private readonly model = el('span', { 'data-testid': 'model', class: 'model' });
  private readonly keyWarning = el('span', { 'data-testid': 'key-warning', class: 'warning', hidden: '' }, 'No API key set');
  private readonly log = el('main', { role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation', 'data-testid': 'messages', class: 'log' });
  private readonly empty = el('p', { class: 'empty' }, 'Ask anything. Enter sends, Shift+Enter starts a new line.');
  private readonly composer = document.createElement('vscode-textarea') as TextAreaElement;
  private readonly sendButton = document.createElement('vscode-button');
  private readonly stopButton = document.createElement('vscode-button');
  private run: OpenRun | undefined;
  private frame: number | undefined;

  constructor(root: HTMLElement, private readonly actions: ChatViewActions, draft: string) {
    const header = el('header', { class: 'bar' });
    header.append(this.gateway, el('span', { class: 'sep', 'aria-hidden': 'true' }, '·'), this.model, this.keyWarning);

    this.composer.setAttribute('data-testid', 'composer');
    this.composer.setAttribute('placeholder', 'Message the model');
    this.composer.setAttribute('aria-label', 'Message');
    this.composer.setAttribute('rows', '3');
    this.composer.setAttribute('resize', 'vertical');
    this.composer.value = draft;
    this.sendButton.setAttribute('data-testid', 'send');
    this.sendButton.textContent = 'Send';
    this.stopButton.setAttribute('data-testid', 'stop');
    this.stopButton.setAttribute('secondary', '');
    this.stopButton.textContent = 'Stop';
    this.stopButton.hidden = true;
    const buttons = el('div', { class: 'buttons' });
    buttons.append(this.sendButton, this.stopButton);
    const footer = el('footer', { class: 'composer' });
    footer.append(this.composer, buttons);

    this.log.append(this.empty);
    root.append(header, this.log, footer);

    this.composer.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    });
    this.composer.addEventListener('input', () => actions.draftChanged(this.composer.value));
    this.sendButton.addEventListener('click', () => this.submit());
    this.stopButton.addEventListener('click', () => {
      if (this.run) actions.stop(this.run.runId);
    });
    this.composer.focus();
  }

  showSnapshot(snapshot: ChatSnapshot): void {
    this.gateway.textContent = snapshot.gateway?.label ?? 'No gateway';
    this.model.textContent = snapshot.model;
    this.keyWarning.hidden = !snapshot.gateway || snapshot.gateway.hasKey || !snapshot.gateway.keyRequired;
    this.cancelFrame();
    this.run = undefined;
    this.log.replaceChildren();
    const active = snapshot.activeRun;
    const last = snapshot.messages.at(-1);
    for (const message of snapshot.messages) {
      if (active && message === last && message.status === 'streaming') {
        const answer = new LiveAnswer(message);
        this.log.append(answer.article);
        this.run = { runId: active.runId, seq: active.seq, pending: '', pendingReasoning: '', answer };
      } else {
        this.log.append(renderMessage(message));
      }
    }
    if (snapshot.messages.length === 0) this.log.append(this.empty);
    this.setBusy(this.run !== undefined);
    this.scrollToEnd();
  }

  runStarted(runId: string, user: MessageView, assistant: MessageView): void {
    this.empty.remove();
    const answer = new LiveAnswer(assistant);
    this.log.append(renderMessage(user), answer.article);
    this.run = { runId, seq: 0, pending: '', pendingReasoning: '', answer };
    this.setBusy(true);
    this.scrollToEnd();
  }

  /** False when a delta was missed, so the caller can ask the host for a fresh snapshot. */
  appendDelta(runId: string, seq: number, text: string, reasoning: string): boolean {
    const run = this.run;
    if (!run || run.runId !== runId) return true;
    if (seq !== run.seq + 1) return false;
    run.seq = seq;
    run.pending += text;
    run.pendingReasoning += reasoning;
    this.frame ??= requestAnimationFrame(() => this.paint());
    return true;
  }

  runNotice(runId: string, notice: string | undefined): void {
    if (this.run?.runId === runId) this.run.answer.setNotice(notice);
  }

  runEnded(runId: string, message: MessageView): void {
    if (this.run?.runId !== runId) return;
    this.cancelFrame();
    const node = this.log.querySelector<HTMLElement>(`[data-id="${CSS.escape(message.id)}"]`);
    node?.replaceWith(renderMessage(message));
    this.run = undefined;
    this.setBusy(false);
    this.scrollToEnd();
  }

  private paint(): void {
    this.frame = undefined;
    const run = this.run;
    if (!run || (!run.pending && !run.pendingReasoning)) return;
    const stick = this.atEnd();
    run.answer.append(run.pending, run.pendingReasoning);
    run.pending = '';
    run.pendingReasoning = '';
    if (stick) this.scrollToEnd();
  }

  private cancelFrame(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
  }

  private submit(): void {
    const text = this.composer.value;
    if (!text.trim() || this.run) return;
    this.actions.send(text);
    this.composer.value = '';
    this.actions.draftChanged('');
  }

  private setBusy(busy: boolean): void {
    this.sendButton.toggleAttribute('disabled', busy);
    this.stopButton.hidden = !busy;
  }

  /** Whether the user is reading the newest text; if they scrolled up, streaming leaves them there. */
  private atEnd(): boolean {
    return this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 40;
  }

  private scrollToEnd(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }
}

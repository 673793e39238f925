/**
 * The chat panel's DOM: header, history, message log and composer. Streamed text is appended to
 * the open message at most once per animation frame; finished messages are never touched again.
 */
import type { ChatSnapshot, ConversationSummary, MessageView, ModelView, RouteView, WebviewMessage } from '../src/protocol';
import { Composer } from './composer';
import { HistoryView } from './historyView';
import { LiveAnswer, display, el, renderMessage } from './messageView';
import { formatPair, totalOf } from '../src/core/money';
import { ModelPicker } from './modelPicker';
import { SettingsView } from './settingsView';

interface OpenRun {
  readonly runId: string;
  seq: number;
  pending: string;
  pendingReasoning: string;
  readonly answer: LiveAnswer;
}

type Post = (message: WebviewMessage) => void;

export class ChatView {
  private readonly title = el('span', { 'data-testid': 'conversation-title', class: 'title' });
  private readonly gateway = el('span', { 'data-testid': 'gateway' });
  private readonly cost = el('span', { 'data-testid': 'conversation-cost', class: 'conversation-cost', title: 'What this conversation cost so far' });
  private readonly keyWarning = el('span', { 'data-testid': 'key-warning', class: 'warning', hidden: '' }, 'No API key set');
  private readonly log = el('main', { role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation', 'data-testid': 'messages', class: 'log' });
  private readonly empty = el('p', { class: 'empty' }, 'Ask anything. Enter sends, Shift+Enter starts a new line.');
  private readonly history: HistoryView;
  private readonly picker: ModelPicker;
  private readonly settings: SettingsView;
  private readonly composer: Composer;
  private conversationId = '';
  private messages: MessageView[] = [];
  private run: OpenRun | undefined;
  private frame: number | undefined;

  constructor(
    root: HTMLElement,
    private readonly post: Post,
    draft: string,
    onDraft: (draft: string) => void,
  ) {
    this.history = new HistoryView(post);
    this.picker = new ModelPicker(post);
    this.settings = new SettingsView(post);
    this.composer = new Composer(
      {
        send: (text) => post({ type: 'send', payload: { text } }),
        resend: (messageId, text) => post({ type: 'editAndResend', payload: { messageId, text } }),
        stop: () => this.run && post({ type: 'stop', payload: { runId: this.run.runId } }),
        draftChanged: onDraft,
      },
      draft,
    );
    const buttons = el('span', { class: 'bar-buttons' });
    const newChat = el('button', { type: 'button', class: 'action', 'data-testid': 'new-chat', title: 'Start a new conversation' }, 'New');
    const historyToggle = el('button', { type: 'button', class: 'action', 'data-testid': 'history-toggle', 'aria-expanded': 'false', title: 'Saved conversations' }, 'History');
    const exportButton = el('button', { type: 'button', class: 'action', 'data-testid': 'export', title: 'Export this conversation as Markdown' }, 'Export');
    const settingsToggle = el('button', { type: 'button', class: 'action', 'data-testid': 'settings-toggle', 'aria-expanded': 'false', title: 'System prompt, temperature and max tokens for this conversation' }, 'Settings');
    buttons.append(newChat, historyToggle, settingsToggle, exportButton);
    const header = el('header', { class: 'bar' });
    const where = el('span', { class: 'where' });
    where.append(this.gateway, el('span', { class: 'sep', 'aria-hidden': 'true' }, '·'), this.picker.button);
    header.append(this.title, where, this.cost, this.keyWarning, buttons);
    const middle = el('div', { class: 'middle' });
    const column = el('div', { class: 'column' });
    column.append(this.picker.panel, this.settings.element, this.log);
    middle.append(this.history.element, column);
    this.log.append(this.empty);
    root.append(header, middle, this.composer.element);

    newChat.addEventListener('click', () => post({ type: 'newChat', payload: {} }));
    historyToggle.addEventListener('click', () => {
      this.history.toggle();
      historyToggle.setAttribute('aria-expanded', String(this.history.visible));
    });
    exportButton.addEventListener('click', () => post({ type: 'exportConversation', payload: { id: this.conversationId } }));
    settingsToggle.addEventListener('click', () => settingsToggle.setAttribute('aria-expanded', String(this.settings.toggle())));
    this.log.addEventListener('click', (event) => this.onMessageAction(event));
    this.composer.focus();
  }

  setDraft(text: string): void {
    this.composer.draft(text);
  }

  showSnapshot(snapshot: ChatSnapshot): void {
    this.conversationId = snapshot.conversationId;
    this.history.setCurrent(snapshot.conversationId);
    this.title.textContent = snapshot.title;
    this.gateway.textContent = snapshot.gateway?.label ?? 'No gateway';
    display.currency = snapshot.currency;
    this.picker.setCurrent(snapshot.model);
    this.picker.setFreeOnly(snapshot.freeModelsOnly);
    this.settings.show(snapshot.settings);
    this.keyWarning.hidden = !snapshot.gateway || snapshot.gateway.hasKey || !snapshot.gateway.keyRequired;
    this.cancelFrame();
    this.run = undefined;
    this.messages = [...snapshot.messages];
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
    this.afterChange();
    this.scrollToEnd();
  }

  showHistory(conversations: readonly ConversationSummary[]): void {
    this.history.show(conversations);
  }

  showModels(models: readonly ModelView[], error: string | undefined): void {
    this.picker.show(models, error);
  }

  runStarted(runId: string, user: MessageView, assistant: MessageView, title: string, dropFrom: string | undefined): void {
    this.empty.remove();
    this.title.textContent = title;
    const dropIndex = dropFrom === undefined ? -1 : this.messages.findIndex((m) => m.id === dropFrom);
    if (dropIndex >= 0) {
      for (const dropped of this.messages.splice(dropIndex)) this.log.querySelector(`[data-id="${CSS.escape(dropped.id)}"]`)?.remove();
    }
    const answer = new LiveAnswer(assistant);
    this.log.append(renderMessage(user), answer.article);
    this.messages.push(user, assistant);
    this.run = { runId, seq: 0, pending: '', pendingReasoning: '', answer };
    this.afterChange();
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

  runRouted(runId: string, route: RouteView): void {
    if (this.run?.runId === runId) this.run.answer.setRoute(route);
  }

  runEnded(runId: string, message: MessageView): void {
    const run = this.run;
    if (run?.runId !== runId) return;
    this.cancelFrame();
    run.answer.append(run.pending, run.pendingReasoning);
    run.answer.finish(message);
    const index = this.messages.findIndex((m) => m.id === message.id);
    if (index >= 0) this.messages[index] = message;
    this.run = undefined;
    this.afterChange();
    this.scrollToEnd();
  }

  private onMessageAction(event: MouseEvent): void {
    const button = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-message-action]') : null;
    const id = button?.closest<HTMLElement>('[data-testid=message]')?.dataset['id'];
    const message = this.messages.find((m) => m.id === id);
    if (!button || !message) return;
    switch (button.dataset['messageAction']) {
      case 'edit':
        this.composer.edit(message.id, message.text);
        return;
      case 'copy':
        this.post({ type: 'copyText', payload: { text: message.text } });
        return;
      case 'delete':
        this.post({ type: 'deleteMessage', payload: { messageId: message.id } });
        return;
      case 'regenerate':
        this.post({ type: 'regenerate', payload: {} });
        return;
      case 'reroute':
        this.post({ type: 'reroute', payload: {} });
        return;
    }
  }

  /** Keeps the composer and the message actions in step with the conversation. */
  private afterChange(): void {
    const costs = this.messages.flatMap((m) => (m.cost ? [m.cost] : []));
    const total = totalOf(costs);
    this.cost.textContent = costs.length ? formatPair(total.usdNano, total.krwNano, display.currency) : '';
    this.cost.dataset['usdNano'] = total.usdNano.toString();
    this.cost.dataset['krwNano'] = total.krwNano.toString();
    const busy = this.run !== undefined;
    this.composer.setBusy(busy);
    this.composer.setPrompts(this.messages.filter((m) => m.role === 'user').map((m) => m.text));
    this.log.classList.toggle('busy', busy);
    // Only the last answer can be asked again, of the same model or another.
    const lastId = this.messages.at(-1)?.role === 'assistant' ? this.messages.at(-1)?.id : undefined;
    this.log.querySelectorAll<HTMLElement>('[data-message-action=regenerate], [data-message-action=reroute]').forEach((button) => {
      button.hidden = button.closest<HTMLElement>('[data-testid=message]')?.dataset['id'] !== lastId;
    });
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

  /** Whether the user is reading the newest text; if they scrolled up, streaming leaves them there. */
  private atEnd(): boolean {
    return this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 40;
  }

  private scrollToEnd(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }
}

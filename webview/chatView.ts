/**
 * The chat panel's DOM: header, history, message log and composer. Streamed text is appended to
 * the open message at most once per animation frame; finished messages are never touched again.
 */
import type { AnswerMetrics, ChatSnapshot, ColumnRun, ConversationSummary, Message, SessionEvents, WebviewMessage } from '../src/protocol';
import { CompareBar, type CompareIntent } from './compareBar';
import { ComparisonBlock, type ColumnBox } from './comparisonView';
import { Composer } from './composer';
import { DraftEstimateView } from './draftEstimate';
import { ContextChips } from './contextChips';
import { request } from './requests';
import { prepareImage } from './imagePaste';
import { HistoryView } from './historyView';
import { later, onFrameWorkDone, type Work } from './frameWork';
import { LiveAnswer, display, el, renderMessage, replaceHead } from './messageView';
import { formatPair, totalOf } from '../src/costs/core/money';
import { ModelPicker } from './modelPicker';
import { SettingsView } from './settingsView';

interface OpenRun {
  readonly runId: string;
  seq: number;
  pending: string;
  pendingReasoning: string;
  /** The metrics of the latest delta, shown at the next frame. */
  metrics: AnswerMetrics | undefined;
  readonly answer: LiveAnswer;
}

/** A comparison's column being streamed. */
interface OpenColumn {
  readonly runId: string;
  seq: number;
  pending: string;
  metrics: AnswerMetrics | undefined;
  readonly box: ColumnBox;
}

/** The column buttons that ask the host to act on the column itself. */
const COLUMN_ACTIONS = { retry: 'retryColumn', continue: 'continueWith', diff: 'diffColumn', pick: 'pickColumn' } as const;

type Post = (message: WebviewMessage) => void;

/** How often a streaming chat answer's header shows its metrics anew. */
const METRICS_EVERY_MS = 500;

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
  private readonly compareBar: CompareBar;
  private readonly estimate: DraftEstimateView;
  private readonly chips: ContextChips;
  private conversationId = '';
  private messages: Message[] = [];
  private run: OpenRun | undefined;
  private readonly columnRuns = new Map<string, OpenColumn>();
  private readonly comparisons = new Map<string, ComparisonBlock>();
  /** Puts what arrived since the last frame on screen, in the frame's rendering work. */
  private readonly painter: Work = { step: () => this.paint() };
  private metricsShownAt = 0;
  /** Whether the user is reading the newest text: the log then follows what is rendered; if they scrolled up, it leaves them there. */
  private following = true;

  constructor(
    root: HTMLElement,
    private readonly post: Post,
    draft: string,
    onDraft: (draft: string) => void,
    compare: CompareIntent,
    onCompare: (intent: CompareIntent) => void,
  ) {
    this.estimate = new DraftEstimateView(post, compare);
    this.chips = new ContextChips(post);
    this.compareBar = new CompareBar(post, compare, (intent) => {
      onCompare(intent);
      this.estimate.refresh(intent);
    });
    this.history = new HistoryView(post);
    this.picker = new ModelPicker(post);
    this.settings = new SettingsView(post);
    this.composer = new Composer(
      {
        send: (text) => {
          const { comparing, blind, withHistory } = this.compareBar.intent;
          post(comparing ? { type: 'compare', payload: { text, blind, withHistory } } : { type: 'send', payload: { text } });
        },
        resend: (messageId, text) => post({ type: 'editAndResend', payload: { messageId, text } }),
        stop: () => {
          for (const runId of [this.run?.runId, ...this.columnRuns.keys()]) if (runId) post({ type: 'stop', payload: { runId } });
        },
        draftChanged: (text) => {
          onDraft(text);
          this.estimate.update(text);
        },
        addContext: async () => (await request(post, 'addContext', {})).added,
        attachImages: (files) => void this.attachImages(files),
      },
      draft,
    );
    this.composer.element.prepend(this.chips.element);
    this.composer.element.append(this.estimate.element);
    this.estimate.update(draft);
    const buttons = el('span', { class: 'bar-buttons' });
    const newChat = el('button', { type: 'button', class: 'action', 'data-testid': 'new-chat', title: 'Start a new conversation' }, 'New');
    const historyToggle = el('button', { type: 'button', class: 'action', 'data-testid': 'history-toggle', 'aria-expanded': 'false', title: 'Saved conversations' }, 'History');
    const exportButton = el('button', { type: 'button', class: 'action', 'data-testid': 'export', title: 'Export this conversation as Markdown' }, 'Export');
    const settingsToggle = el('button', { type: 'button', class: 'action', 'data-testid': 'settings-toggle', 'aria-expanded': 'false', title: 'System prompt and request parameters for this conversation' }, 'Settings');
    buttons.append(newChat, this.compareBar.toggle, historyToggle, settingsToggle, exportButton);
    const header = el('header', { class: 'bar' });
    const where = el('span', { class: 'where' });
    where.append(this.gateway, el('span', { class: 'sep', 'aria-hidden': 'true' }, '·'), this.picker.button);
    header.append(this.title, where, this.cost, this.keyWarning, buttons);
    const middle = el('div', { class: 'middle' });
    const column = el('div', { class: 'column' });
    column.append(this.picker.panel, this.settings.element, this.log);
    middle.append(this.history.element, column);
    this.log.append(this.empty);
    root.append(header, middle, this.compareBar.element, this.composer.element);

    newChat.addEventListener('click', () => post({ type: 'newChat', payload: {} }));
    historyToggle.addEventListener('click', () => {
      this.history.toggle();
      historyToggle.setAttribute('aria-expanded', String(this.history.visible));
    });
    exportButton.addEventListener('click', () => post({ type: 'exportConversation', payload: { id: this.conversationId } }));
    settingsToggle.addEventListener('click', () => settingsToggle.setAttribute('aria-expanded', String(this.settings.toggle())));
    this.log.addEventListener('click', (event) => this.onMessageAction(event));
    this.log.addEventListener('scroll', () => (this.following = this.atEnd()), { passive: true });
    onFrameWorkDone(() => this.follow());
    this.composer.focus();
  }

  setDraft(text: string): void {
    this.composer.draft(text);
  }

  private async attachImages(files: readonly File[]): Promise<void> {
    for (const file of files) {
      const prepared = await prepareImage(file).catch((error: unknown) => ({ error: `${file.name || 'The image'} could not be read: ${error instanceof Error ? error.message : String(error)}.` }));
      const { error } = 'error' in prepared ? prepared : await request(this.post, 'attachImage', prepared);
      this.chips.showProblem(error);
    }
  }

  /** The context attached to the next prompt changed: its chips, and what the draft now costs. */
  showAttachments(items: Parameters<ContextChips['show']>[0]): void {
    this.chips.show(items);
    this.estimate.refresh(this.compareBar.intent);
  }

  /** Comparing turned on from the command palette: the next prompt goes to every chosen model. */
  startComparing(): void {
    this.compareBar.setOn(true, true);
    this.composer.focus();
  }

  showSnapshot(snapshot: ChatSnapshot): void {
    this.conversationId = snapshot.conversationId;
    this.history.setCurrent(snapshot.conversationId);
    this.title.textContent = snapshot.title;
    this.gateway.textContent = snapshot.gateway?.label ?? 'No gateway';
    display.currency = snapshot.currency;
    this.picker.setCurrent(snapshot.model);
    this.picker.setFreeOnly(snapshot.freeModelsOnly);
    this.settings.show(snapshot.settings, snapshot.modelExtras);
    this.compareBar.show(snapshot.compareTargets);
    this.estimate.refresh(this.compareBar.intent);
    this.keyWarning.hidden = !snapshot.gateway || snapshot.gateway.hasKey || !snapshot.gateway.keyRequired;
    this.run = undefined;
    this.columnRuns.clear();
    this.comparisons.clear();
    this.messages = [...snapshot.messages];
    this.log.replaceChildren();
    const active = snapshot.activeRun;
    const last = snapshot.messages.at(-1);
    // The newest first: they are the ones in view, rendered in this frame; older ones may wait for later frames.
    const shown: HTMLElement[] = [];
    for (const message of [...snapshot.messages].reverse()) {
      if (message.comparison) {
        shown.push(this.comparisonBlock(message, snapshot.columnRuns).element);
      } else if (active && message === last && message.status === 'streaming') {
        const answer = new LiveAnswer(message);
        shown.push(answer.article);
        this.run = { runId: active.runId, seq: active.seq, pending: '', pendingReasoning: '', metrics: undefined, answer };
      } else {
        shown.push(renderMessage(message));
      }
    }
    this.log.append(...shown.reverse());
    if (snapshot.messages.length === 0) this.log.append(this.empty);
    this.afterChange();
    this.scrollToEnd();
  }

  showHistory(conversations: readonly ConversationSummary[]): void {
    this.history.show(conversations);
  }

  runStarted({ runId, user, assistant, title, dropFrom }: SessionEvents['runStarted']): void {
    this.empty.remove();
    this.title.textContent = title;
    const dropIndex = dropFrom === undefined ? -1 : this.messages.findIndex((m) => m.id === dropFrom);
    if (dropIndex >= 0) {
      for (const dropped of this.messages.splice(dropIndex)) this.log.querySelector(`[data-id="${CSS.escape(dropped.id)}"]`)?.remove();
    }
    const answer = new LiveAnswer(assistant);
    this.log.append(renderMessage(user), answer.article);
    this.messages.push(user, assistant);
    this.run = { runId, seq: 0, pending: '', pendingReasoning: '', metrics: undefined, answer };
    this.afterChange();
    this.scrollToEnd();
  }

  comparisonStarted({ user, message, runs, title }: SessionEvents['comparisonStarted']): void {
    this.empty.remove();
    this.title.textContent = title;
    this.log.append(renderMessage(user), this.comparisonBlock(message, runs).element);
    this.messages.push(user, message);
    this.afterChange();
    this.scrollToEnd();
  }

  columnStarted({ messageId, column, runId }: SessionEvents['columnStarted']): void {
    const block = this.comparisons.get(messageId);
    if (!block) return;
    this.columnRuns.set(runId, { runId, seq: 0, pending: '', metrics: undefined, box: block.restart(column) });
    this.replaceMessage(block.view);
    this.afterChange();
  }

  columnEnded({ messageId, column }: SessionEvents['columnEnded']): void {
    const block = this.comparisons.get(messageId);
    const entry = this.columnRun(messageId, column.id);
    if (entry) {
      entry.box.append(entry.pending, undefined);
      this.columnRuns.delete(entry.runId);
    }
    if (!block) return;
    block.finishColumn(column);
    this.replaceMessage(block.view);
    this.afterChange();
  }

  private comparisonBlock(message: Message, runs: readonly ColumnRun[]): ComparisonBlock {
    const block = new ComparisonBlock(message);
    this.comparisons.set(message.id, block);
    for (const { runId, columnId, seq } of runs) {
      const box = block.columns.get(columnId);
      if (box) this.columnRuns.set(runId, { runId, seq, pending: '', metrics: undefined, box });
    }
    return block;
  }

  /** The run streaming into a column, if it is streaming. */
  private columnRun(messageId: string, columnId: string): OpenColumn | undefined {
    const box = this.comparisons.get(messageId)?.columns.get(columnId);
    return box && [...this.columnRuns.values()].find((r) => r.box === box);
  }

  private replaceMessage(message: Message): void {
    const index = this.messages.findIndex((m) => m.id === message.id);
    if (index >= 0) this.messages[index] = message;
  }

  /** False when a delta was missed, so the caller can ask the host for a fresh snapshot. */
  appendDelta({ runId, seq, text, reasoning, metrics }: SessionEvents['runDelta']): boolean {
    const column = this.columnRuns.get(runId);
    if (column) {
      if (seq !== column.seq + 1) return false;
      column.seq = seq;
      column.pending += text;
      column.metrics = metrics;
      later(this.painter);
      return true;
    }
    const run = this.run;
    if (!run || run.runId !== runId) return true;
    if (seq !== run.seq + 1) return false;
    run.seq = seq;
    run.pending += text;
    run.pendingReasoning += reasoning;
    run.metrics = metrics;
    later(this.painter);
    return true;
  }

  runNotice({ runId, notice }: SessionEvents['runNotice']): void {
    if (this.run?.runId === runId) this.run.answer.setNotice(notice);
    this.columnRuns.get(runId)?.box.setNotice(notice);
  }

  runRouted({ runId, route }: SessionEvents['runRouted']): void {
    if (this.run?.runId === runId) this.run.answer.setRoute(route);
  }

  runEnded({ runId, message }: SessionEvents['runEnded']): void {
    const run = this.run;
    if (run?.runId !== runId) return;
    run.answer.append(run.pending, run.pendingReasoning);
    run.answer.finish(message);
    this.replaceMessage(message);
    this.run = undefined;
    this.afterChange();
    this.scrollToEnd();
  }

  /** The bill of an answer on screen was read: its cost (and the conversation's total) says so. */
  answerBilled({ message }: SessionEvents['answerBilled']): void {
    if (!this.messages.some((m) => m.id === message.id)) return;
    this.replaceMessage(message);
    const block = this.comparisons.get(message.id);
    if (block) block.billed(message);
    else if (this.run?.answer.article.dataset['id'] !== message.id) {
      const article = this.log.querySelector<HTMLElement>(`[data-testid=message][data-id="${CSS.escape(message.id)}"]`);
      if (article) replaceHead(article, message);
    }
    this.afterChange();
  }

  private onColumnAction(button: HTMLElement): void {
    const messageId = button.closest<HTMLElement>('[data-testid=comparison]')?.dataset['id'];
    const columnId = button.closest<HTMLElement>('[data-column-id]')?.dataset['columnId'];
    const message = this.messages.find((m) => m.id === messageId);
    const column = message?.comparison?.columns.find((c) => c.id === columnId);
    if (!messageId || !columnId || !column) return;
    const ref = { messageId, columnId };
    const action = button.dataset['columnAction'];
    if (action === 'stop') {
      const run = this.columnRun(messageId, columnId);
      if (run) this.post({ type: 'stop', payload: { runId: run.runId } });
    } else if (action === 'copy') {
      this.post({ type: 'copyText', payload: { text: column.answer.text } });
    } else if (action !== undefined && Object.hasOwn(COLUMN_ACTIONS, action)) {
      this.post({ type: COLUMN_ACTIONS[action as keyof typeof COLUMN_ACTIONS], payload: ref });
    }
  }

  private onMessageAction(event: MouseEvent): void {
    const columnButton = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-column-action]') : null;
    if (columnButton) {
      this.onColumnAction(columnButton);
      return;
    }
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
      case 'openAttachment': {
        const attachment = button.dataset['attachmentId'];
        if (attachment) this.post({ type: 'openAttachment', payload: { messageId: message.id, id: attachment } });
        return;
      }
    }
  }

  /** Keeps the composer and the message actions in step with the conversation. */
  private afterChange(): void {
    const answers = this.messages.flatMap((m) => (m.comparison ? m.comparison.columns.map((c) => c.answer) : [m]));
    const costs = answers.flatMap((m) => (m.cost ? [m.cost] : []));
    const total = totalOf(costs);
    this.cost.textContent = costs.length ? formatPair(total.usdNano, total.krwNano, display.currency) : '';
    this.cost.dataset['usdNano'] = total.usdNano.toString();
    this.cost.dataset['krwNano'] = total.krwNano.toString();
    const busy = this.run !== undefined || this.columnRuns.size > 0;
    this.composer.setBusy(busy);
    this.composer.setPrompts(this.messages.filter((m) => m.role === 'user').map((m) => m.text));
    this.log.classList.toggle('busy', busy);
    // Only the last answer can be asked again, of the same model or another.
    const lastId = this.messages.at(-1)?.role === 'assistant' ? this.messages.at(-1)?.id : undefined;
    this.log.querySelectorAll<HTMLElement>('[data-message-action=regenerate], [data-message-action=reroute]').forEach((button) => {
      button.hidden = button.closest<HTMLElement>('[data-testid=message]')?.dataset['id'] !== lastId;
    });
  }

  /**
   * Puts what arrived since the last frame on screen: the chat's answer and each streaming
   * column's; each renders what the frame's budget allows and the rest in later frames.
   */
  private paint(): false {
    const run = this.run;
    if (run && (run.pending || run.pendingReasoning)) {
      run.answer.append(run.pending, run.pendingReasoning);
      run.pending = '';
      run.pendingReasoning = '';
    }
    // Live metrics a few times a second, in the chat and in every column: enough to read, and little layout work on long answers.
    const metricsDue = performance.now() - this.metricsShownAt >= METRICS_EVERY_MS;
    let metricsShown = false;
    if (run?.metrics && metricsDue) {
      run.answer.setMetrics(run.metrics);
      run.metrics = undefined;
      metricsShown = true;
    }
    for (const column of this.columnRuns.values()) {
      const metrics = metricsDue ? column.metrics : undefined;
      if (!column.pending && !metrics) continue;
      column.box.append(column.pending, metrics);
      column.pending = '';
      if (metrics) {
        column.metrics = undefined;
        metricsShown = true;
      }
    }
    if (metricsShown) this.metricsShownAt = performance.now();
    return false;
  }

  private follow(): void {
    if (this.following) this.scrollToEnd();
  }

  private atEnd(): boolean {
    return this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 40;
  }

  private scrollToEnd(): void {
    this.following = true;
    this.log.scrollTop = this.log.scrollHeight;
  }
}

/**
 * One conversation and its running answers: one chat answer at a time, or a comparison's columns
 * side by side. The host owns this data; the webview only mirrors it. Deltas are batched so the
 * webview gets at most one message per flush interval and run, carrying only the new text.
 */
import { definedFields } from '../../base/core/definedFields';
import type { Message } from './message';
import type { AnswerCost } from '../../costs/core/pricing';
import type { Column } from '../../compare/core/compare';
import type { ConversationSettings } from '../../conversations/core/conversationSettings';
import type { Route } from '../../router/core/route';
import type { ColumnRun, SessionEvent, SessionEvents } from './sessionEvents';
import { AnswerRun, type RunListener } from './answerRun';
import type { StreamOpener } from '../../request/core/requestPipeline';
import { comparisonMessages, findColumn, newColumns, requestMessages, type ColumnTarget, type CompareOptions } from '../../compare/core/compare';
import { withColumn } from '../../compare/core/compareSummary';
import { titleFrom, type Conversation } from '../../conversations/core/conversation';
import type { ChatMessage, ChatParams } from '../../gateway/core/requestParams';
import type { Attachment } from '../../context/core/attachment';

export interface SessionSink {
  /** An answer's run started, moved on or ended: for the panel, as it is. */
  event(event: SessionEvent): void;
  /** The conversation changed in a way worth saving. */
  changed(): void;
}

/** Another model for one answer, chosen by the user, and how the answer's chip tells it. */
export interface ModelOverride {
  readonly model: string;
  readonly route: Route;
}

/** How a prompt is sent beyond its text. */
export interface SendOptions {
  /** The prompt this one replaces: it and what followed it were dropped. */
  readonly dropFrom?: string;
  readonly override?: ModelOverride;
  /** Context sent before the prompt's text. */
  readonly attachments?: readonly Attachment[];
}

/** The messages, and where each running answer's deltas are. */
export interface SessionView {
  readonly messages: readonly Message[];
  readonly activeRun: { readonly runId: string; readonly seq: number } | undefined;
  readonly columnRuns: readonly ColumnRun[];
}

export interface ChatSessionOptions {
  readonly flushMs: number;
  readonly newId: () => string;
  readonly now?: () => Date;
  /** Milliseconds on a clock that only moves forward, for answer timings. */
  readonly clock?: () => number;
  /** In [0, 1), for the order of a blind comparison's columns. */
  readonly random?: () => number;
}

export class ChatSession {
  readonly id: string;
  private readonly messages: Message[];
  /** The chat answer running, if one is. */
  private chatRun: AnswerRun | undefined;
  /** A comparison's columns running, by column id. */
  private readonly columnRuns = new Map<string, AnswerRun>();
  /** Callers of `whenIdle`, told when the last running answer ends. */
  private readonly idleWaiters: Array<() => void> = [];
  /** Set by a rename; otherwise the title comes from the first prompt. */
  private title: string | undefined;
  private readonly createdAt: string;
  private updatedAt: string;
  private settings: ConversationSettings;

  constructor(
    private readonly sink: SessionSink,
    private readonly options: ChatSessionOptions,
    saved?: Conversation,
  ) {
    this.id = saved?.id ?? options.newId();
    this.messages = saved ? [...saved.messages] : [];
    this.title = saved?.title;
    this.createdAt = saved?.createdAt ?? this.now();
    this.updatedAt = saved?.updatedAt ?? this.createdAt;
    this.settings = saved?.settings ?? {};
  }

  get view(): SessionView {
    const columnRuns = [...this.columnRuns].map(([columnId, run]) => ({ ...run.position, columnId }));
    return { messages: this.messages, activeRun: this.chatRun?.position, columnRuns };
  }

  /**
   * The view for a snapshot of a panel that then follows the runs' deltas: each run first sends
   * what it holds back, so every streaming text is exactly its deltas up to the run's `seq`.
   */
  snapshot(): SessionView {
    this.chatRun?.flush();
    for (const run of this.columnRuns.values()) run.flush();
    return this.view;
  }

  /** Whether an answer, or a column of a comparison, is running. */
  get busy(): boolean {
    return this.chatRun !== undefined || this.columnRuns.size > 0;
  }

  /** Resolves once nothing is running: at once when nothing is. */
  whenIdle(): Promise<void> {
    return this.busy ? new Promise((resolve) => this.idleWaiters.push(resolve)) : Promise.resolve();
  }

  /** The conversation as it would be saved now. */
  get conversation(): Conversation {
    const firstPrompt = this.messages.find((m) => m.role === 'user')?.text ?? '';
    return {
      id: this.id,
      title: this.title ?? titleFrom(firstPrompt),
      createdAt: this.createdAt,
      updatedAt: this.updatedAt,
      settings: this.settings,
      messages: [...this.messages],
    };
  }

  updateSettings(settings: ConversationSettings): void {
    this.settings = settings;
    this.touch();
  }

  rename(title: string): void {
    this.title = title.trim() || undefined;
    this.touch();
  }

  /** Removes one message; not while an answer is running. */
  deleteMessage(id: string): boolean {
    const index = this.messages.findIndex((m) => m.id === id);
    if (this.busy || index < 0) return false;
    this.messages.splice(index, 1);
    this.touch();
    return true;
  }

  /**
   * What sending `draft` now would send: the system prompt, the conversation so far unless a
   * comparison leaves it out, the draft last; its max tokens; and whether there was a conversation.
   */
  draftRequest(draft: string, withHistory: boolean, attachments: readonly Attachment[]): { readonly messages: readonly ChatMessage[]; readonly maxTokens: number | undefined; readonly earlier: number } {
    const user: Message = { id: 'draft', role: 'user', text: draft, status: 'done', ...(attachments.length ? { attachments } : {}) };
    const earlier = withHistory ? this.messages.length : 0;
    return { messages: comparisonMessages(this.messages, user, { withHistory }, this.settings.systemPrompt), maxTokens: this.settings.maxTokens, earlier };
  }

  /** The answer a regenerate would replace, if there is one and nothing is running. */
  get lastAnswer(): Message | undefined {
    const last = this.messages.at(-1);
    return !this.busy && last?.role === 'assistant' && !last.comparison && this.messages.at(-2)?.role === 'user' ? last : undefined;
  }

  /** Asks again for the last answer, of the same model or of `override`'s: it replaces the old one. */
  async regenerate(open: StreamOpener, override?: ModelOverride): Promise<void> {
    const prompt = this.messages.at(-2);
    if (!this.lastAnswer || prompt?.role !== 'user') return;
    this.messages.splice(-2, 2);
    await this.send(prompt.text, open, { dropFrom: prompt.id, ...definedFields({ override, attachments: prompt.attachments }) });
  }

  /** Replaces an earlier prompt and drops everything after it, then asks again from there, with the same attachments. */
  async editAndResend(messageId: string, text: string, open: StreamOpener): Promise<void> {
    const index = this.messages.findIndex((m) => m.id === messageId && m.role === 'user');
    const attachments = this.messages[index]?.attachments;
    if (this.busy || index < 0) return;
    this.messages.splice(index);
    await this.send(text, open, { dropFrom: messageId, ...definedFields({ attachments }) });
  }

  /** Starts an answer to `text`. Resolves when the answer has ended, however it ended. */
  async send(text: string, open: StreamOpener, { dropFrom, override, attachments }: SendOptions = {}): Promise<void> {
    if (this.busy) return;
    const user = this.prompt(text, attachments);
    const messages = requestMessages([...this.messages, user], this.settings.systemPrompt);
    this.messages.push(user);
    const assistant: Message = { id: this.options.newId(), role: 'assistant', text: '', status: 'streaming', ...(override ? { route: override.route } : {}) };
    this.messages.push(assistant);
    const run = this.newRun(assistant, (answer) => this.replace(answer.id, answer));
    this.chatRun = run;
    this.sink.event({ type: 'runStarted', payload: { runId: run.id, user, assistant, title: this.conversation.title, ...(dropFrom ? { dropFrom } : {}) } });
    this.touch();
    try {
      await run.play(open({ ...this.request(messages), ...(override ? { model: override.model } : {}) }, run.signal));
    } finally {
      this.chatRun = undefined;
      const ended = this.messages.find((m) => m.id === assistant.id);
      if (ended) this.sink.event({ type: 'runEnded', payload: { runId: run.id, message: ended } });
      this.touch();
      this.settle();
    }
  }

  /** Asks `text` of every target at once, each answer in a column. Resolves when all have ended. */
  async compare(text: string, targets: readonly ColumnTarget[], options: CompareOptions, open: StreamOpener, attachments?: readonly Attachment[]): Promise<void> {
    if (this.busy) return;
    const user = this.prompt(text, attachments);
    const columns = newColumns(targets, options.blind, () => this.options.newId(), this.options.random ?? Math.random);
    const message: Message = { id: this.options.newId(), role: 'assistant', text: '', status: 'streaming', comparison: { columns, ...options } };
    const messages = comparisonMessages(this.messages, user, options, this.settings.systemPrompt);
    this.messages.push(user, message);
    const runs = columns.map((column) => this.newColumnRun(message.id, column));
    const started: SessionEvents['comparisonStarted'] = { user, message, runs: columns.map((column, i) => ({ ...runs[i]!.position, columnId: column.id })), title: this.conversation.title };
    this.sink.event({ type: 'comparisonStarted', payload: started });
    this.touch();
    await Promise.all(columns.map((column, i) => this.playColumn(message.id, column, runs[i]!, messages, open)));
  }

  /** Asks one column's model again, with the request the comparison made. */
  async retryColumn(messageId: string, columnId: string, open: StreamOpener): Promise<void> {
    const index = this.messages.findIndex((m) => m.id === messageId);
    const message = this.messages[index];
    const prompt = this.messages[index - 1];
    const column = findColumn(message, columnId);
    if (!message?.comparison || !column || prompt?.role !== 'user' || this.columnRuns.has(columnId) || this.chatRun) return;
    const retried: Column = { ...column, answer: { id: this.options.newId(), role: 'assistant', text: '', status: 'streaming' } };
    this.replace(messageId, withColumn(message, retried));
    const run = this.newColumnRun(messageId, retried);
    this.sink.event({ type: 'columnStarted', payload: { messageId, column: retried, runId: run.id } });
    this.touch();
    const messages = comparisonMessages(this.messages.slice(0, index - 1), prompt, message.comparison, this.settings.systemPrompt);
    await this.playColumn(messageId, retried, run, messages, open);
  }

  /**
   * The comparison becomes a chat that goes on from this column's answer: the answer takes the
   * comparison's place. Returns the column, whose gateway and model the chat continues with.
   */
  continueWith(messageId: string, columnId: string): Column | undefined {
    const message = this.messages.find((m) => m.id === messageId);
    const column = findColumn(message, columnId);
    if (!column || this.busy || column.answer.status === 'streaming') return undefined;
    this.replace(messageId, { ...column.answer, model: column.answer.model ?? column.model });
    this.touch();
    return column;
  }

  /** Records the user's pick of the better answer; in blind mode the names show from then on. */
  pick(messageId: string, columnId: string): Message | undefined {
    const message = this.messages.find((m) => m.id === messageId);
    if (!message?.comparison || message.comparison.picked || message.status === 'streaming' || !findColumn(message, columnId)) return undefined;
    const picked: Message = { ...message, comparison: { ...message.comparison, picked: columnId } };
    this.replace(messageId, picked);
    this.touch();
    return picked;
  }

  /**
   * The gateway's bill for an answer was read: its cost replaces the estimate, in a chat answer or
   * a comparison's column. False when no answer here has that generation.
   */
  applyBill(generationId: string, cost: AnswerCost): boolean {
    for (const message of this.messages) {
      if (message.generationId === generationId) {
        this.billed({ ...message, cost });
        return true;
      }
      const column = message.comparison?.columns.find((c) => c.answer.generationId === generationId);
      if (column) {
        this.billed(withColumn(message, { ...column, answer: { ...column.answer, cost } }));
        return true;
      }
    }
    return false;
  }

  stop(runId: string): void {
    if (this.chatRun?.id === runId) this.chatRun.stop();
    for (const run of this.columnRuns.values()) if (run.id === runId) run.stop();
  }

  /** Stops whatever is running: used by the composer's Stop during a comparison, and when the panel closes. */
  dispose(): void {
    this.chatRun?.stop();
    for (const run of this.columnRuns.values()) run.stop();
  }

  private billed(message: Message): void {
    this.replace(message.id, message);
    this.sink.event({ type: 'answerBilled', payload: { message } });
    this.touch();
  }

  private prompt(text: string, attachments: readonly Attachment[] | undefined): Message {
    return { id: this.options.newId(), role: 'user', text, status: 'done', ...(attachments?.length ? { attachments } : {}) };
  }

  private request(messages: readonly ChatMessage[]): { messages: readonly ChatMessage[]; params: ChatParams; conversationId: string } {
    // The system prompt went in as the first message; the rest are the request's parameters.
    const { systemPrompt: _first, ...params } = this.settings;
    return { messages, params, conversationId: this.id };
  }

  private newRun(answer: Message, updated: (answer: Message) => void): AnswerRun {
    const id = this.options.newId();
    const listener: RunListener = {
      event: (event) => {
        if (event.type === 'runDelta') this.sink.changed();
        this.sink.event(event);
      },
      updated,
    };
    return new AnswerRun(id, answer, listener, { flushMs: this.options.flushMs, clock: () => this.clock() });
  }

  private newColumnRun(messageId: string, column: Column): AnswerRun {
    const run = this.newRun(column.answer, (answer) => {
      const message = this.messages.find((m) => m.id === messageId);
      if (message) this.replace(messageId, withColumn(message, { ...column, answer }));
    });
    this.columnRuns.set(column.id, run);
    return run;
  }

  private async playColumn(messageId: string, column: Column, run: AnswerRun, messages: readonly ChatMessage[], open: StreamOpener): Promise<void> {
    try {
      // The columns' budget is checked together, and the user asked once for the comparison.
      await run.play(open({ ...this.request(messages), model: column.model, gateway: column.gateway, budgetGroup: messageId, ...definedFields({ provider: column.provider }) }, run.signal));
    } finally {
      this.columnRuns.delete(column.id);
      const ended = findColumn(this.messages.find((m) => m.id === messageId), column.id);
      if (ended) this.sink.event({ type: 'columnEnded', payload: { messageId, column: ended } });
      this.touch();
      this.settle();
    }
  }

  private replace(id: string, message: Message): void {
    const index = this.messages.findIndex((m) => m.id === id);
    if (index >= 0) this.messages[index] = message;
  }

  private clock(): number {
    return this.options.clock?.() ?? performance.now();
  }

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  private settle(): void {
    if (!this.busy) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private touch(): void {
    this.updatedAt = this.now();
    this.sink.changed();
  }
}

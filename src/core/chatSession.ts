/**
 * One conversation and its running answer. The host owns this data; the webview only mirrors it.
 * Deltas are batched so the webview gets at most one message per flush interval, carrying only
 * the text that is new since the last one.
 */
import type { AnswerMetrics, ConversationSettings, MessageView, RouteView } from '../protocol';
import type { ChatEvent } from './chatStream';
import { CONVERSATION_VERSION, titleFrom, type Conversation } from './conversation';
import { describeRetry } from './errors';
import type { ChatMessage, ChatParams } from './requestParams';

export interface SessionSink {
  /** `dropFrom` names the first message a regenerate or an edit removed, with all after it. */
  runStarted(runId: string, user: MessageView, assistant: MessageView, dropFrom: string | undefined): void;
  runDelta(runId: string, seq: number, text: string, reasoning: string): void;
  runNotice(runId: string, notice: string | undefined): void;
  /** Auto chose the model of the running answer. */
  runRouted(runId: string, route: RouteView): void;
  runEnded(runId: string, message: MessageView): void;
  /** The conversation changed in a way worth saving. */
  changed(): void;
}

export interface StreamRequest {
  /** The conversation so far, the system prompt first if there is one. */
  readonly messages: readonly ChatMessage[];
  readonly params: ChatParams;
  readonly conversationId: string;
  /** A model for this request only, instead of the one in settings (an answer re-sent elsewhere). */
  readonly model?: string;
}

/** Another model for one answer, chosen by the user, and how the answer's chip tells it. */
export interface ModelOverride {
  readonly model: string;
  readonly route: RouteView;
}

/** Opens the stream for one answer. */
export type StreamOpener = (request: StreamRequest, signal: AbortSignal) => AsyncIterable<ChatEvent>;

interface ActiveRun {
  readonly id: string;
  readonly controller: AbortController;
  readonly assistantIndex: number;
  seq: number;
  pending: string;
  pendingReasoning: string;
  readonly startedAt: number;
  firstTokenAt: number | undefined;
  promptTokens: number | undefined;
  completionTokens: number | undefined;
}

export interface ChatSessionOptions {
  readonly flushMs: number;
  readonly newId: () => string;
  readonly now?: () => Date;
  /** Milliseconds on a clock that only moves forward, for answer timings. */
  readonly clock?: () => number;
}

export class ChatSession {
  readonly id: string;
  private readonly messages: MessageView[];
  private active: ActiveRun | undefined;
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

  get view(): { readonly messages: readonly MessageView[]; readonly activeRun: { runId: string; seq: number } | undefined } {
    return { messages: this.messages, activeRun: this.active && { runId: this.active.id, seq: this.active.seq } };
  }

  get busy(): boolean {
    return this.active !== undefined;
  }

  /** The conversation as it would be saved now. */
  get conversation(): Conversation {
    const firstPrompt = this.messages.find((m) => m.role === 'user')?.text ?? '';
    return {
      version: CONVERSATION_VERSION,
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
    if (this.active || index < 0) return false;
    this.messages.splice(index, 1);
    this.touch();
    return true;
  }

  /** The answer a regenerate would replace, if there is one and nothing is running. */
  get lastAnswer(): MessageView | undefined {
    const last = this.messages.at(-1);
    return !this.active && last?.role === 'assistant' && this.messages.at(-2)?.role === 'user' ? last : undefined;
  }

  /** Asks again for the last answer, of the same model or of `override`'s: it replaces the old one. */
  async regenerate(open: StreamOpener, override?: ModelOverride): Promise<void> {
    const prompt = this.messages.at(-2);
    if (!this.lastAnswer || prompt?.role !== 'user') return;
    this.messages.splice(-2, 2);
    await this.send(prompt.text, open, prompt.id, override);
  }

  /** Replaces an earlier prompt and drops everything after it, then asks again from there. */
  async editAndResend(messageId: string, text: string, open: StreamOpener): Promise<void> {
    const index = this.messages.findIndex((m) => m.id === messageId && m.role === 'user');
    if (this.active || index < 0) return;
    this.messages.splice(index);
    await this.send(text, open, messageId);
  }

  /** Starts an answer to `text`. Resolves when the answer has ended, however it ended. */
  async send(text: string, open: StreamOpener, dropFrom?: string, override?: ModelOverride): Promise<void> {
    if (this.active) return;
    const user: MessageView = { id: this.options.newId(), role: 'user', text, status: 'done' };
    const { systemPrompt, temperature, maxTokens } = this.settings;
    const history: ChatMessage[] = [
      ...(systemPrompt?.trim() ? [{ role: 'system' as const, content: systemPrompt }] : []),
      ...[...this.messages, user]
        .filter((m) => m.status === 'done' || (m.role === 'assistant' && m.text.length > 0))
        .map((m) => ({ role: m.role, content: m.text })),
    ];
    const params: ChatParams = { ...(temperature !== undefined ? { temperature } : {}), ...(maxTokens !== undefined ? { maxTokens } : {}) };
    this.messages.push(user);
    const assistant: MessageView = { id: this.options.newId(), role: 'assistant', text: '', status: 'streaming', ...(override ? { route: override.route } : {}) };
    this.messages.push(assistant);
    const run: ActiveRun = {
      id: this.options.newId(),
      controller: new AbortController(),
      assistantIndex: this.messages.length - 1,
      seq: 0,
      pending: '',
      pendingReasoning: '',
      startedAt: this.clock(),
      firstTokenAt: undefined,
      promptTokens: undefined,
      completionTokens: undefined,
    };
    this.active = run;
    this.sink.runStarted(run.id, user, assistant, dropFrom);
    this.touch();

    const timer = setInterval(() => this.flush(run), this.options.flushMs);
    try {
      const request: StreamRequest = { messages: history, params, conversationId: this.id, ...(override ? { model: override.model } : {}) };
      for await (const event of open(request, run.controller.signal)) this.apply(run, event);
    } finally {
      clearInterval(timer);
      this.flush(run);
      const current = this.messages[run.assistantIndex];
      if (current?.status === 'streaming') this.update(run, { status: 'done' });
      // An answer that never started (no key, refused) has nothing worth measuring.
      if (run.firstTokenAt !== undefined || run.completionTokens !== undefined) this.update(run, { metrics: this.metrics(run) });
      this.active = undefined;
      const ended = this.messages[run.assistantIndex];
      if (ended) this.sink.runEnded(run.id, ended);
      this.touch();
    }
  }

  private clock(): number {
    return this.options.clock?.() ?? performance.now();
  }

  private metrics(run: ActiveRun): AnswerMetrics {
    const end = this.clock();
    const firstTokenMs = run.firstTokenAt === undefined ? undefined : run.firstTokenAt - run.startedAt;
    const streamingSeconds = run.firstTokenAt === undefined ? 0 : (end - run.firstTokenAt) / 1000;
    const rate = run.completionTokens !== undefined && streamingSeconds > 0 ? run.completionTokens / streamingSeconds : undefined;
    return {
      durationMs: end - run.startedAt,
      ...(run.promptTokens !== undefined ? { promptTokens: run.promptTokens } : {}),
      ...(run.completionTokens !== undefined ? { completionTokens: run.completionTokens } : {}),
      ...(firstTokenMs !== undefined ? { firstTokenMs } : {}),
      ...(rate !== undefined ? { tokensPerSecond: rate } : {}),
    };
  }

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  private touch(): void {
    this.updatedAt = this.now();
    this.sink.changed();
  }

  stop(runId: string): void {
    if (this.active?.id === runId) this.active.controller.abort();
  }

  /** Aborts whatever is running; used when the panel closes. */
  dispose(): void {
    this.active?.controller.abort();
  }

  private apply(run: ActiveRun, event: ChatEvent): void {
    switch (event.kind) {
      case 'delta': {
        run.firstTokenAt ??= this.clock();
        const current = this.messages[run.assistantIndex];
        if (current) this.update(run, { text: current.text + event.text, notice: undefined });
        if (current?.notice) this.sink.runNotice(run.id, undefined);
        run.pending += event.text;
        return;
      }
      case 'retrying': {
        const notice = describeRetry(event.reason, event.waitSeconds, event.attempt, event.maxAttempts);
        this.update(run, { notice });
        this.sink.runNotice(run.id, notice);
        return;
      }
      case 'model':
        this.update(run, { model: event.model });
        return;
      case 'route':
        this.update(run, { route: event.route });
        this.sink.runRouted(run.id, event.route);
        return;
      case 'error':
        this.update(run, event.error.reason === 'cancelled' ? { status: 'stopped', notice: undefined } : { status: 'error', error: event.error.message, notice: undefined });
        return;
      case 'done':
        this.update(run, { status: 'done' });
        return;
      case 'reasoning': {
        run.firstTokenAt ??= this.clock();
        const current = this.messages[run.assistantIndex];
        this.update(run, { reasoning: (current?.reasoning ?? '') + event.text });
        run.pendingReasoning += event.text;
        return;
      }
      case 'usage':
        run.promptTokens = event.usage.promptTokens;
        run.completionTokens = event.usage.completionTokens;
        return;
      case 'cost': {
        const { usdNano, krwNano, source, krwPerUsd } = event.cost;
        this.update(run, { cost: { usdNano: usdNano.toString(), krwNano: krwNano.toString(), source, krwPerUsd } });
        return;
      }
      case 'generation':
        return;
    }
  }

  private update(run: ActiveRun, change: Partial<MessageView>): void {
    const current = this.messages[run.assistantIndex];
    if (current) this.messages[run.assistantIndex] = { ...current, ...change };
  }

  private flush(run: ActiveRun): void {
    if (!run.pending && !run.pendingReasoning) return;
    this.sink.changed();
    run.seq += 1;
    const { pending, pendingReasoning } = run;
    run.pending = '';
    run.pendingReasoning = '';
    this.sink.runDelta(run.id, run.seq, pending, pendingReasoning);
  }
}

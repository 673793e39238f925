/**
 * One answer being streamed: it applies the stream's events to the answer, batches the new text
 * so listeners get at most one delta per flush interval, and measures the answer as it goes.
 * The first text after a quiet interval goes out at once (the first token is not held back for a
 * timer); what follows it within the interval waits for the interval's end.
 * A chat runs one at a time; a comparison runs one per column, side by side.
 */
import type { AnswerMetrics, Message } from './message';
import type { SessionEvent } from './sessionEvents';
import { patched, type Patch } from '../../base/core/definedFields';
import { StreamingTokenCount } from '../../base/core/tokenEstimate';
import { answerCostOf } from '../../costs/core/pricing';
import type { RunEvent } from '../../request/core/runEvent';
import { GatewayError, describeQueue, describeRetry } from '../../gateway/core/errors';

export interface RunListener {
  /** The run's deltas (at most one a flush), notices and route, tagged with the run's id. */
  event(event: SessionEvent): void;
  /** The answer changed (every event, not only at a flush): keep the new one. */
  updated(answer: Message): void;
}

export interface RunTiming {
  readonly flushMs: number;
  /** Milliseconds on a clock that only moves forward. */
  readonly clock: () => number;
}

export class AnswerRun {
  private readonly controller = new AbortController();
  private seq = 0;
  private pending = '';
  private pendingReasoning = '';
  /** Set while an interval runs since the last delta sent: text arriving meanwhile waits for it. */
  private cooling: ReturnType<typeof setTimeout> | undefined;
  private readonly startedAt: number;
  private firstTokenAt: number | undefined;
  private promptTokens: number | undefined;
  private completionTokens: number | undefined;
  /** Completion tokens estimated from the text so far, until the gateway counts them. */
  /** The answer's and its reasoning's tokens, estimated as they stream in, until the gateway counts them. */
  private readonly estimated = { text: new StreamingTokenCount(), reasoning: new StreamingTokenCount() };

  constructor(
    readonly id: string,
    private answer: Message,
    private readonly listener: RunListener,
    private readonly timing: RunTiming,
  ) {
    this.startedAt = timing.clock();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Where the run is, for a snapshot: deltas after `seq` are still to come. */
  get position(): { readonly runId: string; readonly seq: number } {
    return { runId: this.id, seq: this.seq };
  }

  stop(): void {
    this.controller.abort();
  }

  /** Plays the stream into the answer; resolves with the finished answer, however it ended. */
  async play(events: AsyncIterable<RunEvent>): Promise<Message> {
    try {
      for await (const event of events) this.apply(event);
    } catch (thrown) {
      // Whatever an opener throws ends the answer with a reason, keeping what arrived.
      const detail = thrown instanceof Error ? thrown.message : String(thrown);
      this.apply({ kind: 'error', error: new GatewayError({ reason: 'internal', detail, midStream: this.firstTokenAt !== undefined }) });
    } finally {
      clearTimeout(this.cooling);
      this.cooling = undefined;
      this.flush();
      if (this.answer.status === 'streaming') this.update({ status: 'done' });
      // An answer that never started (no key, refused) has nothing worth measuring.
      if (this.firstTokenAt !== undefined || this.completionTokens !== undefined) this.update({ metrics: this.metrics() });
    }
    return this.answer;
  }

  private metrics(): AnswerMetrics {
    const end = this.timing.clock();
    const tokens = this.completionTokens ?? (this.estimated.text.tokens + this.estimated.reasoning.tokens || undefined);
    const firstTokenMs = this.firstTokenAt === undefined ? undefined : this.firstTokenAt - this.startedAt;
    const streamingSeconds = this.firstTokenAt === undefined ? 0 : (end - this.firstTokenAt) / 1000;
    const rate = tokens !== undefined && streamingSeconds > 0 ? tokens / streamingSeconds : undefined;
    return {
      durationMs: end - this.startedAt,
      ...(this.promptTokens !== undefined ? { promptTokens: this.promptTokens } : {}),
      ...(tokens !== undefined ? { completionTokens: tokens } : {}),
      ...(this.completionTokens === undefined && tokens !== undefined ? { estimated: true } : {}),
      ...(firstTokenMs !== undefined ? { firstTokenMs } : {}),
      ...(rate !== undefined ? { tokensPerSecond: rate } : {}),
    };
  }

  private apply(event: RunEvent): void {
    switch (event.kind) {
      case 'delta':
        this.firstTokenAt ??= this.timing.clock();
        if (this.answer.notice) this.notice(undefined);
        this.update({ text: this.answer.text + event.text, notice: undefined });
        this.pending += event.text;
        this.paced();
        return;
      case 'reasoning':
        this.firstTokenAt ??= this.timing.clock();
        this.update({ reasoning: (this.answer.reasoning ?? '') + event.text });
        this.pendingReasoning += event.text;
        this.paced();
        return;
      case 'retrying': {
        const notice = describeRetry(event.reason, event.waitSeconds, event.attempt, event.maxAttempts);
        this.update({ notice });
        this.notice(notice);
        return;
      }
      case 'queued': {
        const notice = describeQueue(event.waitSeconds, event.perMinute);
        this.update({ notice });
        this.notice(notice);
        return;
      }
      case 'model':
        this.update({ model: event.model });
        return;
      case 'provider':
        this.update({ provider: event.provider });
        return;
      case 'route':
        this.update({ route: event.route });
        this.listener.event({ type: 'runRouted', payload: { runId: this.id, route: event.route } });
        return;
      case 'error':
        this.update(event.error.reason === 'cancelled' ? { status: 'stopped', notice: undefined } : { status: 'error', error: event.error.message, notice: undefined });
        return;
      case 'done':
        this.update({ status: 'done', ...(event.finishReason ? { finishReason: event.finishReason } : {}) });
        return;
      case 'usage':
        this.promptTokens = event.usage.promptTokens;
        this.completionTokens = event.usage.completionTokens;
        return;
      case 'cost':
        this.update({ cost: answerCostOf(event.cost) });
        return;
      case 'generation':
        this.update({ generationId: event.id });
        return;
      // The panel offers no tools, so no answer of its calls one.
      case 'toolCall':
        return;
    }
  }

  /** Sends the new text now if no delta went out within the interval, else leaves it for the interval's end. */
  private paced(): void {
    if (this.cooling) return;
    this.flush();
    this.cool();
  }

  private cool(): void {
    this.cooling = setTimeout(() => {
      this.cooling = undefined;
      if (!this.pending && !this.pendingReasoning) return;
      this.flush();
      this.cool();
    }, this.timing.flushMs);
  }

  private notice(notice: string | undefined): void {
    this.listener.event({ type: 'runNotice', payload: { runId: this.id, notice } });
  }

  private update(change: Patch<Message>): void {
    this.answer = patched(this.answer, change);
    this.listener.updated(this.answer);
  }

  /**
   * Sends the text held back since the last delta now. The answer's text always includes it, so
   * a snapshot taken without this would show that text and then get it again in the next delta.
   */
  flush(): void {
    if (!this.pending && !this.pendingReasoning) return;
    this.seq += 1;
    const { pending, pendingReasoning } = this;
    this.pending = '';
    this.pendingReasoning = '';
    this.estimated.text.push(pending);
    this.estimated.reasoning.push(pendingReasoning);
    this.listener.event({ type: 'runDelta', payload: { runId: this.id, seq: this.seq, text: pending, reasoning: pendingReasoning, metrics: this.metrics() } });
  }
}

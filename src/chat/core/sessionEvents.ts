/**
 * What a chat session tells the panel while its answers run, declared once: the session emits
 * these envelopes, the panel forwards them to the webview as they are, and the webview's
 * handlers read the same payloads.
 */
import type { Envelope } from '../../base/core/envelope';
import type { Column } from '../../compare/core/compare';
import type { Route } from '../../router/core/route';
import type { AnswerMetrics, Message } from './message';

/** A column's running answer: deltas of `runId` go to it. */
export interface ColumnRun {
  readonly runId: string;
  readonly columnId: string;
  readonly seq: number;
}

export interface SessionEvents {
  /** `dropFrom`: the first message a regenerate or an edit replaced; it and all after it go. */
  readonly runStarted: { readonly runId: string; readonly user: Message; readonly assistant: Message; readonly title: string; readonly dropFrom?: string };
  /**
   * Only the text (and reasoning) that arrived since the previous delta of the same run, and the
   * run's metrics so far (answer tokens estimated until the gateway counts them).
   */
  readonly runDelta: { readonly runId: string; readonly seq: number; readonly text: string; readonly reasoning: string; readonly metrics: AnswerMetrics };
  /** A passing state of the run (a retry or a free slot waited for), or undefined once it passed. */
  readonly runNotice: { readonly runId: string; readonly notice: string | undefined };
  /** Auto chose the model of the running answer. */
  readonly runRouted: { readonly runId: string; readonly route: Route };
  readonly runEnded: { readonly runId: string; readonly message: Message };
  /** A comparison began: the prompt, and the answer holding a column per model. */
  readonly comparisonStarted: { readonly user: Message; readonly message: Message; readonly runs: readonly ColumnRun[]; readonly title: string };
  /** A column started again (retry). */
  readonly columnStarted: { readonly messageId: string; readonly column: Column; readonly runId: string };
  readonly columnEnded: { readonly messageId: string; readonly column: Column };
  /** An answer's bill was read: the message (a comparison: with every column) carries the billed cost. */
  readonly answerBilled: { readonly message: Message };
}

export type SessionEvent = Envelope<SessionEvents>;

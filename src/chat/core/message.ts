/**
 * A message of a conversation: a prompt, or an answer with what was measured about it, what it
 * cost, how its model was chosen, or the columns of a comparison. The domain's own type: the
 * protocol carries it to the webview as it is, and the conversation file has a schema of its own.
 */
import type { Comparison } from '../../compare/core/compare';
import type { Attachment } from '../../context/core/attachment';
import type { AnswerCost } from '../../costs/core/pricing';
import type { Route } from '../../router/core/route';

export type MessageRole = 'user' | 'assistant';

export type MessageStatus = 'streaming' | 'done' | 'stopped' | 'error';

/** Measured for each answer. */
export interface AnswerMetrics {
  readonly promptTokens?: number;
  readonly completionTokens?: number;
  /** The completion tokens are estimated from the text: the gateway has not counted them (yet). */
  readonly estimated?: boolean;
  /** From sending the request to the first text or reasoning. */
  readonly firstTokenMs?: number;
  /** Completion tokens over the time from the first token to the end. */
  readonly tokensPerSecond?: number;
  readonly durationMs: number;
}

export interface Message {
  readonly id: string;
  readonly role: MessageRole;
  readonly text: string;
  readonly status: MessageStatus;
  /** The model that answered, as the gateway reported it. */
  readonly model?: string;
  /** The provider that served the answer, where the gateway names it (OpenRouter). */
  readonly provider?: string;
  /** The model's reasoning, when it streamed any; shown collapsed. */
  readonly reasoning?: string;
  /** What went wrong, in words for the user. */
  readonly error?: string;
  /** A passing state worth showing while the answer runs, such as a retry being waited out. */
  readonly notice?: string;
  readonly metrics?: AnswerMetrics;
  readonly cost?: AnswerCost;
  /** The gateway's id of the answer, by which its bill is read. */
  readonly generationId?: string;
  /** Set when Auto chose the model, or the user re-sent the answer to a model of their choice. */
  readonly route?: Route;
  /** Why the model stopped: "stop", "length" (cut at the token limit), "content_filter"… */
  readonly finishReason?: string;
  /** On a prompt: the context the user attached, as it was sent before the prompt's text. */
  readonly attachments?: readonly Attachment[];
  /** Set on the answer to a comparison: each model's answer, side by side; `text` stays empty. */
  readonly comparison?: Comparison;
}

/** Longest prompt accepted from the webview: 2 MiB of text is far past any context window. */
export const MAX_PROMPT_CHARS = 2 * 1024 * 1024;

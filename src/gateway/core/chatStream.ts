/**
 * Turns the openai SDK's streamed chunks into domain events. The one place that knows how
 * each gateway dialect spells text, reasoning, usage and failures inside a stream.
 */
import type OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { toDecimal } from '../../base/core/decimal';
import { definedFields } from '../../base/core/definedFields';
import { GatewayError, toGatewayError } from './errors';
import { providerName } from './endpoints';
import { createGatewayClient } from './gatewayClient';
import { secretsOf, type Dialect, type GatewayProfile } from './gateways';
import { buildRequestBody, type ChatRequest, type ToolCall } from './requestParams';
import { STREAM_LIMITS, StreamWatch, type StreamLimits } from './streamWatch';

export interface Usage {
  /** All prompt tokens, cached ones included. */
  readonly promptTokens: number;
  /** All completion tokens, reasoning ones included. */
  readonly completionTokens: number;
  /** Prompt tokens read from the provider's cache, and written to it (OpenRouter's details). */
  readonly cachedTokens?: number;
  readonly cacheWriteTokens?: number;
  /** Completion tokens spent reasoning. */
  readonly reasoningTokens?: number;
  /** What the gateway says it billed, in USD, when it says so (OpenRouter's `usage.cost`). */
  readonly billedUsd?: number;
  /** With the user's own provider key (OpenRouter BYOK), what that provider charged, in USD. */
  readonly upstreamUsd?: number;
}

/** What one answer stream contains, in the order it arrives; the run around it adds its own events. */
export type StreamEvent =
  | { readonly kind: 'delta'; readonly text: string }
  | { readonly kind: 'reasoning'; readonly text: string }
  | { readonly kind: 'model'; readonly model: string }
  /** The provider serving the answer, where the gateway names it (OpenRouter, in every chunk). */
  | { readonly kind: 'provider'; readonly provider: string }
  | { readonly kind: 'generation'; readonly id: string }
  | { readonly kind: 'usage'; readonly usage: Usage }
  /** A whole tool call, once the stream has ended and its pieces are all in. */
  | { readonly kind: 'toolCall'; readonly call: ToolCall }
  | { readonly kind: 'done'; readonly finishReason: string | null }
  | { readonly kind: 'error'; readonly error: GatewayError };

/** Fields gateways add to the OpenAI chunk shape that the SDK's types do not declare. */
type GatewayChunk = ChatCompletionChunk & {
  readonly provider?: unknown;
  readonly usage?: ChatCompletionChunk['usage'] & { readonly cost?: unknown; readonly cost_details?: unknown };
  readonly choices: ReadonlyArray<ChatCompletionChunk.Choice & { readonly delta: { readonly reasoning?: unknown } }>;
};

/**
 * Tool calls as they stream: the id and name come first, the arguments in pieces, and parallel
 * calls are told apart by their index. Whole calls, in index order, once the stream has ended.
 */
class ToolCallParts {
  private readonly byIndex = new Map<number, { id: string; name: string; arguments: string }>();

  add(deltas: ReadonlyArray<ChatCompletionChunk.Choice.Delta.ToolCall> | undefined): boolean {
    for (const delta of deltas ?? []) {
      const index = typeof delta.index === 'number' ? delta.index : 0;
      const call = this.byIndex.get(index) ?? { id: '', name: '', arguments: '' };
      if (typeof delta.id === 'string' && delta.id) call.id = delta.id;
      if (typeof delta.function?.name === 'string') call.name += delta.function.name;
      if (typeof delta.function?.arguments === 'string') call.arguments += delta.function.arguments;
      this.byIndex.set(index, call);
    }
    return (deltas?.length ?? 0) > 0;
  }

  calls(): ToolCall[] {
    return [...this.byIndex]
      .sort(([a], [b]) => a - b)
      .filter(([, call]) => call.name !== '')
      .map(([index, call]) => ({ id: call.id || `call_${index}`, name: call.name, arguments: call.arguments || '{}' }));
  }
}

/** A token count as a gateway may send it: only a non-negative safe integer is one. */
function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** A token count from a details object, when it is a usable one (zero says nothing there). */
function count(details: unknown, field: string): number | undefined {
  const value = tokenCount(typeof details === 'object' && details !== null ? (details as Record<string, unknown>)[field] : undefined);
  return value === 0 ? undefined : value;
}

/** A billed amount: a finite number ≥ 0, or a decimal string ("" and "0x10" are not amounts). */
function billed(value: unknown): number | undefined {
  const decimal = toDecimal(value);
  return decimal === undefined ? undefined : Number(decimal);
}

/** The usage of a chunk, or undefined when its token counts are not counts (then nothing is priced from them). */
function readUsage(usage: NonNullable<GatewayChunk['usage']>): Usage | undefined {
  const promptTokens = tokenCount(usage.prompt_tokens);
  const completionTokens = tokenCount(usage.completion_tokens);
  if (promptTokens === undefined || completionTokens === undefined) return undefined;
  const cost = billed(usage.cost);
  const costDetails = usage.cost_details;
  const upstream = billed(typeof costDetails === 'object' && costDetails !== null ? (costDetails as Record<string, unknown>)['upstream_inference_cost'] : undefined);
  const details = {
    cachedTokens: count(usage.prompt_tokens_details, 'cached_tokens'),
    cacheWriteTokens: count(usage.prompt_tokens_details, 'cache_write_tokens'),
    reasoningTokens: count(usage.completion_tokens_details, 'reasoning_tokens'),
  };
  return { promptTokens, completionTokens, ...definedFields(details), ...(cost !== undefined ? { billedUsd: cost } : {}), ...(upstream ? { upstreamUsd: upstream } : {}) };
}

/**
 * Streams one chat completion. Never throws: every failure ends the iteration with an `error`
 * event, after whatever text had already arrived, so callers keep the partial answer.
 */
export async function* streamChat(
  client: OpenAI,
  dialect: Dialect,
  request: ChatRequest,
  signal: AbortSignal,
  /** Masked in any error the gateway sends back (the key, custom header values). */
  secrets: readonly string[] = [],
  limits: StreamLimits = STREAM_LIMITS,
): AsyncGenerator<StreamEvent> {
  let started = false;
  const watch = new StreamWatch(signal, limits);
  try {
    const { data: stream, response } = await client.chat.completions
      .create(buildRequestBody(dialect, request), { signal: watch.signal })
      .withResponse();
    watch.answered();
    if (/\btext\/html\b/i.test(response.headers.get('content-type') ?? '')) {
      // A login page or a proxy's error page, sent with 200: not an answer, and no event stream.
      stream.controller.abort();
      yield { kind: 'error', error: new GatewayError({ reason: 'malformedStream', detail: 'the gateway answered with a web page' }) };
      return;
    }
    const routed = response.headers.get('x-bizrouter-routed-model');
    if (routed) yield { kind: 'model', model: routed };
    let announcedModel = routed ?? undefined;
    // OpenRouter names the generation in a header too; its chunks carry the same id.
    let announcedGeneration = response.headers.get('x-generation-id') ?? undefined;
    if (announcedGeneration) yield { kind: 'generation', id: announcedGeneration };
    let announcedProvider: string | undefined;
    let finishReason: string | null = null;
    const toolCalls = new ToolCallParts();
    for await (const raw of stream) {
      watch.data();
      // A chunk carrying a top-level `error` never gets here: the SDK throws it as an APIError.
      const chunk = raw as GatewayChunk;
      if (chunk.id && chunk.id !== announcedGeneration) {
        announcedGeneration = chunk.id;
        yield { kind: 'generation', id: chunk.id };
      }
      if (chunk.model && chunk.model !== announcedModel) {
        announcedModel = chunk.model;
        yield { kind: 'model', model: chunk.model };
      }
      const provider = providerName(chunk.provider);
      if (provider && provider !== announcedProvider) {
        announcedProvider = provider;
        yield { kind: 'provider', provider };
      }
      for (const choice of chunk.choices) {
        const reasoning = choice.delta.reasoning;
        if (typeof reasoning === 'string' && reasoning) {
          started = true;
          yield { kind: 'reasoning', text: reasoning };
        }
        if (choice.delta.content) {
          started = true;
          yield { kind: 'delta', text: choice.delta.content };
        }
        if (toolCalls.add(choice.delta.tool_calls)) started = true;
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
      const usage = chunk.usage ? readUsage(chunk.usage) : undefined;
      if (usage) yield { kind: 'usage', usage };
    }
    if (signal.aborted || watch.expired) {
      // The SDK ends the iteration quietly when the signal aborts between chunks.
      yield { kind: 'error', error: signal.aborted ? new GatewayError({ reason: 'cancelled', midStream: started }) : watch.error(started) };
      return;
    }
    if (finishReason === null) {
      // Every OpenAI-compatible server closes an answer with a finish reason; a stream that
      // just stops was cut off on the way.
      yield { kind: 'error', error: new GatewayError({ reason: 'network', midStream: started }) };
      return;
    }
    for (const call of toolCalls.calls()) yield { kind: 'toolCall', call };
    yield { kind: 'done', finishReason };
  } catch (thrown) {
    // An abort surfaces in several shapes depending on where the SDK was; the signals are the truth.
    const error = signal.aborted ? new GatewayError({ reason: 'cancelled', midStream: started }) : watch.expired ? watch.error(started) : toGatewayError(thrown, dialect, started, secrets);
    yield { kind: 'error', error };
  } finally {
    watch.dispose();
  }
}

/** One attempt at an answer on a gateway, with its key, the conversation keeping provider affinity. */
export function openGatewayStream(profile: GatewayProfile, key: string | undefined, request: ChatRequest, conversationId: string, signal: AbortSignal): AsyncGenerator<StreamEvent> {
  return streamChat(createGatewayClient(profile, { key, sessionId: conversationId }), profile.dialect, request, signal, secretsOf(profile, key));
}

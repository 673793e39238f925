/**
 * The body of a chat completion request in each dialect. Standard OpenAI parameters always go;
 * the extras go only where the model is known to accept them, since some gateways reject unknown
 * parameters and others silently route to a provider that ignores them.
 */
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import type { ModelInfo } from './catalog';
import type { Dialect } from './gateways';

export const REASONING_EFFORTS = ['minimal', 'low', 'medium', 'high'] as const;
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];
export const VERBOSITIES = ['low', 'medium', 'high'] as const;
export type Verbosity = (typeof VERBOSITIES)[number];

/** The sampling parameters of a request; a conversation's settings choose them. */
export interface ChatParams {
  readonly temperature?: number;
  readonly topP?: number;
  readonly maxTokens?: number;
  readonly frequencyPenalty?: number;
  readonly presencePenalty?: number;
  readonly seed?: number;
  /** Sequences that end the answer where they appear. */
  readonly stop?: readonly string[];
  readonly topK?: number;
  readonly minP?: number;
  readonly repetitionPenalty?: number;
  readonly reasoningEffort?: ReasoningEffort;
  readonly verbosity?: Verbosity;
}

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly params?: ChatParams;
  /** What the catalog knows of the model, to decide which extras it takes. */
  readonly modelInfo?: ModelInfo | undefined;
}

/** Fields gateways accept that the SDK's request type does not declare. */
type GatewayBody = ChatCompletionCreateParamsStreaming & {
  top_k?: number;
  min_p?: number;
  repetition_penalty?: number;
  reasoning?: { effort: ReasoningEffort };
  reasoning_effort?: ReasoningEffort;
  verbosity?: Verbosity;
};

/** BizRouter documents these extras for every model, and two more for the GPT-5 family. */
const BIZROUTER_EXTRAS = ['top_k', 'min_p', 'repetition_penalty'];
const BIZROUTER_GPT5_EXTRAS = ['reasoning_effort', 'verbosity'];

function accepts(dialect: Dialect, request: Pick<ChatRequest, 'model' | 'modelInfo'>, parameter: string): boolean {
  const listed = request.modelInfo?.supportedParameters;
  if (listed) return listed.includes(parameter);
  if (dialect === 'bizrouter') {
    return BIZROUTER_EXTRAS.includes(parameter) || (BIZROUTER_GPT5_EXTRAS.includes(parameter) && /gpt-5/.test(request.model));
  }
  return false;
}

/** The parameters beyond the standard ones, by the field that sets them. */
export type ExtraParameter = 'topK' | 'minP' | 'repetitionPenalty' | 'reasoningEffort' | 'verbosity';

/** Which extras a model takes: those a request would send to it, so that settings offer no others. */
export function acceptedExtras(dialect: Dialect, model: string, modelInfo: ModelInfo | undefined): ExtraParameter[] {
  const request = { model, modelInfo };
  const reasoning = dialect === 'openrouter' ? 'reasoning' : 'reasoning_effort';
  const wire: ReadonlyArray<readonly [ExtraParameter, string]> = [
    ['topK', 'top_k'],
    ['minP', 'min_p'],
    ['repetitionPenalty', 'repetition_penalty'],
    ['reasoningEffort', reasoning],
    ['verbosity', 'verbosity'],
  ];
  return wire.filter(([, parameter]) => accepts(dialect, request, parameter)).map(([field]) => field);
}

export function buildRequestBody(dialect: Dialect, request: ChatRequest): GatewayBody {
  const p = request.params ?? {};
  const body: GatewayBody = {
    model: request.model,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    stream: true,
  };
  if (p.temperature !== undefined) body.temperature = p.temperature;
  if (p.topP !== undefined) body.top_p = p.topP;
  if (p.maxTokens !== undefined) body.max_tokens = p.maxTokens;
  if (p.frequencyPenalty !== undefined) body.frequency_penalty = p.frequencyPenalty;
  if (p.presencePenalty !== undefined) body.presence_penalty = p.presencePenalty;
  if (p.seed !== undefined) body.seed = p.seed;
  if (p.stop !== undefined && p.stop.length > 0) body.stop = [...p.stop];
  if (p.topK !== undefined && accepts(dialect, request, 'top_k')) body.top_k = p.topK;
  if (p.minP !== undefined && accepts(dialect, request, 'min_p')) body.min_p = p.minP;
  if (p.repetitionPenalty !== undefined && accepts(dialect, request, 'repetition_penalty')) body.repetition_penalty = p.repetitionPenalty;
  if (p.reasoningEffort !== undefined) {
    // OpenRouter takes a reasoning object; BizRouter and OpenAI-style servers take a flat field.
    if (dialect === 'openrouter' && accepts(dialect, request, 'reasoning')) body.reasoning = { effort: p.reasoningEffort };
    if (dialect !== 'openrouter' && accepts(dialect, request, 'reasoning_effort')) body.reasoning_effort = p.reasoningEffort;
  }
  if (p.verbosity !== undefined && accepts(dialect, request, 'verbosity')) body.verbosity = p.verbosity;
  // OpenRouter always sends usage (and treats this as a deprecated no-op); the others must be asked.
  if (dialect !== 'openrouter') body.stream_options = { include_usage: true };
  return body;
}

/**
 * The body of a chat completion request in each dialect. Standard OpenAI parameters always go;
 * the extras go only where the model is known to accept them, since some gateways reject unknown
 * parameters and others silently route to a provider that ignores them.
 */
import type { ChatCompletionCreateParamsStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ModelInfo } from './catalog';
import type { Dialect } from './gateways';
import type { ProviderPreferences } from './providerPreferences';

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

/** A tool the model asked to call: its id in the answer, the tool's name, its arguments as JSON text. */
export interface ToolCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
}

/** A tool offered to the model: its name, what it does, and a JSON schema of its arguments. */
export interface ToolSpec {
  readonly name: string;
  readonly description: string;
  readonly parameters?: object;
}

/** An image sent with a prompt, to a model that takes images. */
export interface ImageInput {
  readonly mimeType: string;
  /** The image's bytes, base64-encoded. */
  readonly base64: string;
}

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant' | 'tool';
  readonly content: string;
  /** A user message's images, sent after its text as content parts. */
  readonly images?: readonly ImageInput[];
  /** An assistant's calls of tools, answered by the `tool` messages that follow. */
  readonly toolCalls?: readonly ToolCall[];
  /** A `tool` message: the call it is the result of. */
  readonly toolCallId?: string;
}

/** The tools a request offers, and whether the model must call one. */
export interface ToolOffer {
  readonly tools: readonly ToolSpec[];
  readonly required: boolean;
}

export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly params?: ChatParams;
  readonly tools?: ToolOffer;
  /** What the catalog knows of the model, to decide which extras it takes. */
  readonly modelInfo?: ModelInfo | undefined;
  /** Which of the model's providers may serve it (OpenRouter's `provider` field). */
  readonly provider?: ProviderPreferences;
}

/** Fields gateways accept that the SDK's request type does not declare. */
type GatewayBody = ChatCompletionCreateParamsStreaming & {
  top_k?: number;
  min_p?: number;
  repetition_penalty?: number;
  reasoning?: { effort: ReasoningEffort };
  reasoning_effort?: ReasoningEffort;
  verbosity?: Verbosity;
  provider?: ProviderPreferences;
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

/** A message in the OpenAI wire format: tool calls and tool results in their own fields. */
function wireMessage(m: ChatMessage): ChatCompletionMessageParam {
  if (m.role === 'tool') return { role: 'tool', tool_call_id: m.toolCallId ?? '', content: m.content };
  if (m.role === 'assistant' && m.toolCalls && m.toolCalls.length > 0) {
    return { role: 'assistant', content: m.content === '' ? null : m.content, tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })) };
  }
  if (m.role === 'user' && m.images && m.images.length > 0) {
    const images = m.images.map((i) => ({ type: 'image_url' as const, image_url: { url: `data:${i.mimeType};base64,${i.base64}` } }));
    return { role: 'user', content: [...(m.content === '' ? [] : [{ type: 'text' as const, text: m.content }]), ...images] };
  }
  return { role: m.role, content: m.content };
}

export function buildRequestBody(dialect: Dialect, request: ChatRequest): GatewayBody {
  const p = request.params ?? {};
  const body: GatewayBody = {
    model: request.model,
    messages: request.messages.map(wireMessage),
    stream: true,
  };
  if (request.tools && request.tools.tools.length > 0) {
    body.tools = request.tools.tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, ...(t.parameters ? { parameters: { ...t.parameters } } : {}) } }));
    body.tool_choice = request.tools.required ? 'required' : 'auto';
  }
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
  // Only OpenRouter routes among a model's providers; another gateway could reject the field.
  if (dialect === 'openrouter' && request.provider) body.provider = request.provider;
  // OpenRouter always sends usage (and treats this as a deprecated no-op); the others must be asked.
  if (dialect !== 'openrouter') body.stream_options = { include_usage: true };
  return body;
}

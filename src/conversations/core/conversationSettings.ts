/**
 * What each conversation chooses for itself, and the check a value from outside must pass. The
 * standard sampling parameters go to every model; the extras only to models that take them (see
 * `acceptedExtras` in requestParams.ts), and the settings show only those.
 */
import { isJsonObject } from '../../base/core/json';
import { MAX_PROMPT_CHARS } from '../../chat/core/message';
import { REASONING_EFFORTS, VERBOSITIES, type ChatParams } from '../../gateway/core/requestParams';

/** Chosen per conversation; unset fields leave the model's defaults. */
export interface ConversationSettings extends ChatParams {
  readonly systemPrompt?: string;
}

/** At most this many stop sequences, as OpenAI-compatible servers take. */
export const MAX_STOP_SEQUENCES = 4;

const isNumberIn = (value: unknown, min: number, max: number): boolean => value === undefined || (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max);
const isIntegerIn = (value: unknown, min: number, max: number): boolean => isNumberIn(value, min, max) && (value === undefined || Number.isInteger(value));
const isOneOf = (value: unknown, allowed: readonly string[]): boolean => value === undefined || (typeof value === 'string' && allowed.includes(value));
const isStops = (value: unknown): boolean =>
  value === undefined || (Array.isArray(value) && value.length <= MAX_STOP_SEQUENCES && value.every((s) => typeof s === 'string' && s.length > 0 && s.length <= 200));

/** Settings from outside (the webview, a conversation file) are unknown until this passes. */
export function isSettings(value: unknown): value is ConversationSettings {
  if (!isJsonObject(value)) return false;
  const prompt = value['systemPrompt'];
  return (
    (prompt === undefined || (typeof prompt === 'string' && prompt.length <= MAX_PROMPT_CHARS)) &&
    isNumberIn(value['temperature'], 0, 2) &&
    isIntegerIn(value['maxTokens'], 1, 1_000_000) &&
    isNumberIn(value['topP'], 0, 1) &&
    isNumberIn(value['frequencyPenalty'], -2, 2) &&
    isNumberIn(value['presencePenalty'], -2, 2) &&
    isIntegerIn(value['seed'], -(2 ** 53 - 1), 2 ** 53 - 1) &&
    isStops(value['stop']) &&
    isIntegerIn(value['topK'], 1, 1000) &&
    isNumberIn(value['minP'], 0, 1) &&
    isNumberIn(value['repetitionPenalty'], 0, 2) &&
    isOneOf(value['reasoningEffort'], REASONING_EFFORTS) &&
    isOneOf(value['verbosity'], VERBOSITIES)
  );
}

/** What each conversation chooses for itself, and the check a value from outside must pass. */
import { isJsonObject } from '../../base/core/json';
import { MAX_PROMPT_CHARS } from '../../chat/core/message';

/** Chosen per conversation; unset fields leave the model's defaults. */
export interface ConversationSettings {
  readonly systemPrompt?: string;
  readonly temperature?: number;
  readonly maxTokens?: number;
}

function isNumberIn(value: unknown, min: number, max: number): boolean {
  return value === undefined || (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max);
}

/** Settings from outside (the webview, a conversation file) are unknown until this passes. */
export function isSettings(value: unknown): value is ConversationSettings {
  if (!isJsonObject(value)) return false;
  const prompt = value['systemPrompt'];
  return (
    (prompt === undefined || (typeof prompt === 'string' && prompt.length <= MAX_PROMPT_CHARS)) &&
    isNumberIn(value['temperature'], 0, 2) &&
    isNumberIn(value['maxTokens'], 1, 1_000_000) &&
    (value['maxTokens'] === undefined || Number.isInteger(value['maxTokens']))
  );
}

/**
 * What a prompt not yet sent would cost: its request's tokens (the conversation, the system prompt
 * and the draft, as the estimate counts them), what that costs with no answer and with the longest
 * answer allowed, in both currencies, whether it fits the model's context at all, and which model
 * it would fit when it does not.
 */
import type { ModelInfo } from '../../gateway/core/catalog';
import { estimatePromptTokens, estimateRequest } from './budget';

/** Nano-units as decimal strings (JSON has no bigint): the prompt alone, and with the longest answer. */
export interface CostRange {
  readonly least: string;
  readonly most: string;
}

export interface DraftEstimate {
  readonly promptTokens: number;
  /** The longest answer the request allows (the conversation's max tokens, else the model's). */
  readonly maxOutputTokens: number;
  readonly contextLength?: number;
  /** Whether the prompt and the answer it allows fit the model's context, as far as it is known. */
  readonly fits: boolean;
  /** Absent when the model's prices are unknown (Auto, a model the list does not price). */
  readonly usd?: CostRange;
  readonly krw?: CostRange;
  /** Whether the model takes images, where the list says. */
  readonly takesImages?: boolean;
  /** When it does not fit: the least costly listed model whose context holds it. */
  readonly fitsIn?: { readonly id: string; readonly name: string };
}

/** The tokens a model's context must hold: gateways refuse a prompt whose max tokens pass the context with it. */
const needed = (promptTokens: number, maxTokens: number | undefined): number => promptTokens + (maxTokens ?? 0);

/** The cheapest model (dollars for the prompt and the longest answer) whose context holds the request; a larger context breaks ties. */
export function modelThatFits(models: readonly ModelInfo[], promptTokens: number, maxTokens: number | undefined, freeOnly: boolean): ModelInfo | undefined {
  let best: { readonly model: ModelInfo; readonly cost: bigint } | undefined;
  for (const model of models) {
    if (model.contextLength === undefined || model.contextLength < needed(promptTokens, maxTokens) || (freeOnly && !model.free)) continue;
    const cost = estimateRequest(promptTokens, maxTokens, model, 'USD', '1').most;
    if (cost === undefined) continue;
    const better = !best || cost < best.cost || (cost === best.cost && model.contextLength > (best.model.contextLength ?? 0));
    if (better) best = { model, cost };
  }
  return best?.model;
}

export function estimateDraft(
  messages: ReadonlyArray<{ readonly content: string }>,
  model: ModelInfo | undefined,
  catalog: { readonly models: readonly ModelInfo[]; readonly freeOnly: boolean } | undefined,
  maxTokens: number | undefined,
  krwPerUsd: string,
  imageTokens = 0,
): DraftEstimate {
  // Images are counted apart: their parts carry no text to count.
  const promptTokens = estimatePromptTokens(messages) + imageTokens;
  const range = (currency: 'USD' | 'KRW'): CostRange | undefined => {
    const least = estimateRequest(promptTokens, 0, model, currency, krwPerUsd).most;
    const most = estimateRequest(promptTokens, maxTokens, model, currency, krwPerUsd).most;
    return least === undefined || most === undefined ? undefined : { least: least.toString(), most: most.toString() };
  };
  const { maxOutputTokens } = estimateRequest(promptTokens, maxTokens, model, 'USD', krwPerUsd);
  const contextLength = model?.contextLength;
  const fits = contextLength === undefined || needed(promptTokens, maxTokens) <= contextLength;
  const other = fits || !catalog ? undefined : modelThatFits(catalog.models, promptTokens, maxTokens, catalog.freeOnly);
  const usd = range('USD');
  const krw = range('KRW');
  return {
    promptTokens,
    maxOutputTokens,
    fits,
    ...(contextLength === undefined ? {} : { contextLength }),
    ...(usd && krw ? { usd, krw } : {}),
    ...(model ? { takesImages: model.inputModalities.includes('image') } : {}),
    ...(other ? { fitsIn: { id: other.id, name: other.name } } : {}),
  };
}

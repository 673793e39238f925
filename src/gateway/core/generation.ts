/**
 * OpenRouter's record of one generation (`GET /generation?id=`): what it billed for an answer,
 * read a few seconds after the answer ends, whether it was done, stopped or failed.
 */
import OpenAI from 'openai';
import { toDecimal } from '../../base/core/decimal';
import { definedFields } from '../../base/core/definedFields';
import { isJsonObject } from '../../base/core/json';
import { providerName } from './endpoints';

export interface GenerationRecord {
  /** What the gateway charged, in USD (`total_cost`), as an exact decimal. */
  readonly totalUsd: string;
  /** With the user's own provider key: what that provider charged, in USD (`upstream_inference_cost`). */
  readonly upstreamUsd?: string;
  /** What reading from the provider's cache took off (`cache_discount`), in USD. */
  readonly cacheDiscountUsd?: string;
  /** The provider that served the answer. */
  readonly provider?: string;
  /** The provider's own token counts. */
  readonly nativePromptTokens?: number;
  readonly nativeCompletionTokens?: number;
}

/** `pending`: not there yet (or not readable now), ask again later; `none`: this gateway keeps no record to read. */
export type GenerationLookup = GenerationRecord | 'pending' | 'none';

function tokens(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** The record in a `/generation` body, or undefined when the body holds no bill. */
export function readGeneration(body: unknown): GenerationRecord | undefined {
  const data = isJsonObject(body) ? body['data'] : undefined;
  if (!isJsonObject(data)) return undefined;
  const totalUsd = toDecimal(data['total_cost']);
  if (totalUsd === undefined) return undefined;
  const cacheDiscountUsd = toDecimal(data['cache_discount']);
  return {
    totalUsd,
    ...definedFields({
      upstreamUsd: data['is_byok'] === true ? toDecimal(data['upstream_inference_cost']) : undefined,
      cacheDiscountUsd: cacheDiscountUsd === '0' ? undefined : cacheDiscountUsd,
      provider: providerName(data['provider_name']),
      nativePromptTokens: tokens(data['native_tokens_prompt']),
      nativeCompletionTokens: tokens(data['native_tokens_completion']),
    }),
  };
}

/**
 * Asks the gateway for one generation's record. Not found yet, rate limited, a server error or
 * no connection: `pending`. Any other refusal (no such endpoint, not allowed): `none`.
 */
export async function fetchGeneration(client: OpenAI, id: string): Promise<GenerationLookup> {
  let body: unknown;
  try {
    body = await client.get<unknown>('/generation', { query: { id } });
  } catch (thrown) {
    const status = thrown instanceof OpenAI.APIError ? thrown.status : undefined;
    return status === undefined || status === 404 || status === 408 || status === 429 || status >= 500 ? 'pending' : 'none';
  }
  // A record without a bill yet (some gateways answer before it is priced) is asked for again.
  return readGeneration(body) ?? 'pending';
}

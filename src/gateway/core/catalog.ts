/**
 * Every dialect's `/models` answer, normalised to one ModelInfo shape. Odd or missing fields are
 * tolerated: a model with no usable price has its price left undefined (shown as unknown).
 */
import { shiftDecimal, toDecimal } from '../../base/core/decimal';
import { definedFields } from '../../base/core/definedFields';
import type { Dialect } from './gateways';
import { isJsonObject, type JsonObject } from '../../base/core/json';

export interface ModelInfo {
  readonly id: string;
  readonly name: string;
  /** The vendor part of the id ("qwen" in "qwen/qwen3-coder"), or the gateway's owner field. */
  readonly provider: string;
  readonly contextLength: number | undefined;
  readonly maxOutput: number | undefined;
  /** Prices per million tokens as exact decimal strings; undefined when the gateway gave none. */
  readonly inputUsdPerM: string | undefined;
  readonly outputUsdPerM: string | undefined;
  readonly inputKrwPerM: string | undefined;
  readonly outputKrwPerM: string | undefined;
  /** Prices that apply to some tokens only, per million in USD, when the gateway lists them. */
  readonly cacheReadUsdPerM?: string;
  readonly cacheWriteUsdPerM?: string;
  readonly reasoningUsdPerM?: string;
  /** A flat price per request in USD, when the gateway lists one above zero. */
  readonly requestUsd?: string;
  readonly free: boolean;
  /** Request parameters the model accepts; undefined when the gateway does not say. */
  readonly supportedParameters: readonly string[] | undefined;
  readonly reasoning: boolean;
  readonly inputModalities: readonly string[];
}

export interface Catalog {
  readonly models: readonly ModelInfo[];
  /** KRW per USD, when the gateway states the rate it bills at. */
  readonly exchangeRate: number | undefined;
}

function positiveInteger(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

function providerOf(id: string, owner: unknown): string {
  const slash = id.indexOf('/');
  if (slash > 0) return id.slice(0, slash);
  return typeof owner === 'string' && owner ? owner : 'other';
}

/**
 * Free only when every price the gateway lists for the model is zero; a price that is not an
 * amount (a server router's -1) counts as one that is not zero. Listing no price at all, the
 * `:free` suffix decides.
 */
function isFree(id: string, listed: readonly unknown[]): boolean {
  const prices = listed.filter((p) => p !== undefined && p !== null);
  if (prices.length === 0) return id.endsWith(':free');
  return prices.every((p) => toDecimal(p) === '0');
}

function openRouterModel(entry: JsonObject, id: string): ModelInfo {
  const pricing = isJsonObject(entry['pricing']) ? entry['pricing'] : {};
  const top = isJsonObject(entry['top_provider']) ? entry['top_provider'] : {};
  const architecture = isJsonObject(entry['architecture']) ? entry['architecture'] : {};
  const perToken = (value: unknown): string | undefined => {
    const decimal = toDecimal(value);
    return decimal === undefined ? undefined : shiftDecimal(decimal, 6);
  };
  const inputUsdPerM = perToken(pricing['prompt']);
  const outputUsdPerM = perToken(pricing['completion']);
  const supportedParameters = strings(entry['supported_parameters']);
  const request = toDecimal(pricing['request']);
  const extras = {
    cacheReadUsdPerM: perToken(pricing['input_cache_read']),
    cacheWriteUsdPerM: perToken(pricing['input_cache_write']),
    reasoningUsdPerM: perToken(pricing['internal_reasoning']),
    requestUsd: request === '0' ? undefined : request,
  };
  return {
    ...definedFields(extras),
    id,
    name: typeof entry['name'] === 'string' ? entry['name'] : id,
    provider: providerOf(id, undefined),
    contextLength: positiveInteger(entry['context_length']) ?? positiveInteger(top['context_length']),
    maxOutput: positiveInteger(top['max_completion_tokens']),
    inputUsdPerM,
    outputUsdPerM,
    inputKrwPerM: undefined,
    outputKrwPerM: undefined,
    free: isFree(id, Object.values(pricing)),
    supportedParameters,
    reasoning: isJsonObject(entry['reasoning']) || (supportedParameters?.includes('reasoning') ?? false),
    inputModalities: strings(architecture['input_modalities']) ?? ['text'],
  };
}

/** BizRouter's documented shape, which is also what a plain OpenAI-style entry degrades to. */
function plainModel(entry: JsonObject, id: string): ModelInfo {
  return {
    id,
    name: typeof entry['name'] === 'string' ? entry['name'] : id,
    provider: providerOf(id, entry['owned_by']),
    contextLength: positiveInteger(entry['context_length']) ?? positiveInteger(entry['context_window']),
    maxOutput: positiveInteger(entry['max_output_tokens']),
    inputUsdPerM: toDecimal(entry['input_price_per_1m_usd']),
    outputUsdPerM: toDecimal(entry['output_price_per_1m_usd']),
    inputKrwPerM: toDecimal(entry['input_price_per_1m_krw']),
    outputKrwPerM: toDecimal(entry['output_price_per_1m_krw']),
    free: isFree(id, ['input_price_per_1m_usd', 'output_price_per_1m_usd', 'input_price_per_1m_krw', 'output_price_per_1m_krw'].map((field) => entry[field])),
    supportedParameters: strings(entry['supported_parameters']),
    reasoning: false,
    inputModalities: ['text'],
  };
}

/** Reads a `/models` answer of any dialect; entries without an id are skipped. */
/** Whether a body is a model list in one of the shapes gateways send (an HTML page is not). */
export function isModelList(body: unknown): boolean {
  return Array.isArray(body) || (isJsonObject(body) && (Array.isArray(body['data']) || Array.isArray(body['models'])));
}

export function parseCatalog(dialect: Dialect, body: unknown): Catalog {
  const root = isJsonObject(body) ? body : {};
  const list = Array.isArray(root['data']) ? root['data'] : Array.isArray(root['models']) ? root['models'] : Array.isArray(body) ? body : [];
  const seen = new Set<string>();
  const models: ModelInfo[] = [];
  for (const entry of list) {
    if (!isJsonObject(entry) || typeof entry['id'] !== 'string' || !entry['id'] || seen.has(entry['id'])) continue;
    seen.add(entry['id']);
    const isOpenRouterShape = dialect === 'openrouter' || isJsonObject(entry['pricing']);
    models.push(isOpenRouterShape ? openRouterModel(entry, entry['id']) : plainModel(entry, entry['id']));
  }
  const rate = root['exchange_rate'];
  return { models, exchangeRate: typeof rate === 'number' && Number.isFinite(rate) && rate > 0 ? rate : undefined };
}

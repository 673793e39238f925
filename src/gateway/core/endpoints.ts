/**
 * The providers that serve one model on OpenRouter (`GET /models/{author}/{slug}/endpoints`), each
 * with its own prices, context, quantisation and recent latency, speed and uptime. Odd fields are
 * left out rather than trusted: the list is shown to the user and its slugs go back into requests.
 */
import type OpenAI from 'openai';
import { shiftDecimal, toDecimal } from '../../base/core/decimal';
import { definedFields } from '../../base/core/definedFields';
import { isJsonObject, type JsonObject } from '../../base/core/json';
import { GatewayError, toGatewayError } from './errors';
import { secretsOf, type GatewayProfile } from './gateways';

export interface ProviderEndpoint {
  /** The provider's name, as the stream and the bill name the provider that served. */
  readonly provider: string;
  /** What `provider.order` takes to ask this endpoint: its tag ("deepinfra/fp8"), else the provider's name. */
  readonly slug: string;
  /** Prices per million tokens, as exact decimal strings. */
  readonly inputUsdPerM?: string;
  readonly outputUsdPerM?: string;
  readonly contextLength?: number;
  readonly maxOutput?: number;
  readonly quantization?: string;
  /** Time to first token, median of the last 30 minutes, in milliseconds. */
  readonly latencyMs?: number;
  /** Tokens per second, median of the last 30 minutes. */
  readonly tokensPerSecond?: number;
  /** Share of requests served in the last 30 minutes, in percent. */
  readonly uptimePercent?: number;
}

/**
 * A provider's name or slug as a gateway or a setting gives it: shown to the user and sent back in
 * requests, so short printable text only ("DeepInfra", "deepinfra/fp8", "Google Vertex (Europe)").
 */
export function providerName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const name = value.trim();
  return /^[\p{L}\p{N}][\p{L}\p{N} ._/()-]{0,79}$/u.test(name) ? name : undefined;
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

function measure(value: unknown, max: number): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= max ? value : undefined;
}

function median(stats: unknown, max: number): number | undefined {
  return isJsonObject(stats) ? measure(stats['p50'], max) : undefined;
}

function perMillion(pricing: JsonObject, field: string): string | undefined {
  const decimal = toDecimal(pricing[field]);
  return decimal === undefined ? undefined : shiftDecimal(decimal, 6);
}

function readEndpoint(entry: unknown): ProviderEndpoint | undefined {
  if (!isJsonObject(entry)) return undefined;
  const provider = providerName(entry['provider_name']);
  if (provider === undefined) return undefined;
  const pricing = isJsonObject(entry['pricing']) ? entry['pricing'] : {};
  return {
    provider,
    slug: providerName(entry['tag']) ?? provider,
    ...definedFields({
      inputUsdPerM: perMillion(pricing, 'prompt'),
      outputUsdPerM: perMillion(pricing, 'completion'),
      contextLength: positiveInteger(entry['context_length']),
      maxOutput: positiveInteger(entry['max_completion_tokens']),
      quantization: providerName(entry['quantization']),
      latencyMs: median(entry['latency_last_30m'], 3_600_000),
      tokensPerSecond: median(entry['throughput_last_30m'], 1_000_000),
      uptimePercent: measure(entry['uptime_last_30m'], 100),
    }),
  };
}

/** The endpoints of an `/endpoints` body, one per slug; none when the body is not such a list. */
export function readEndpoints(body: unknown): ProviderEndpoint[] {
  const data = isJsonObject(body) ? body['data'] : undefined;
  const list = isJsonObject(data) && Array.isArray(data['endpoints']) ? data['endpoints'] : [];
  const seen = new Set<string>();
  return list.flatMap((entry) => {
    const endpoint = readEndpoint(entry);
    if (!endpoint || seen.has(endpoint.slug)) return [];
    seen.add(endpoint.slug);
    return [endpoint];
  });
}

/** The path of a model's endpoints: `models/{author}/{slug}/endpoints`, each part escaped; undefined for an id without both, or with a dot segment. */
export function endpointsPath(model: string): string | undefined {
  const slash = model.indexOf('/');
  const parts = [model.slice(0, slash), model.slice(slash + 1)];
  // A dot segment would climb out of the path however it is escaped.
  if (slash < 0 || parts.some((part) => part === '' || part === '.' || part === '..')) return undefined;
  return `/models/${parts.map(encodeURIComponent).join('/')}/endpoints`;
}

/** The providers of a model; throws a GatewayError when the gateway cannot list them. */
export async function fetchEndpoints(client: OpenAI, profile: GatewayProfile, key: string | undefined, model: string): Promise<ProviderEndpoint[]> {
  const path = endpointsPath(model);
  if (path === undefined) throw new GatewayError({ reason: 'modelNotFound', detail: `${model} is not an author/model id` });
  let body: unknown;
  try {
    body = await client.get<unknown>(path);
  } catch (thrown) {
    throw toGatewayError(thrown, profile.dialect, false, secretsOf(profile, key));
  }
  return readEndpoints(body);
}

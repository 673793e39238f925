/** Builds the openai SDK client for one gateway; the only place that constructs one. */
import OpenAI from 'openai';
import { authHeaders, type GatewayProfile } from './gateways';

export interface ClientOptions {
  readonly key: string | undefined;
  /** The conversation, for gateways that keep provider affinity by it (BizRouter's X-Session-Id). */
  readonly sessionId?: string;
  /** Tests pass a fetch that replays recorded bytes. */
  readonly fetch?: typeof fetch;
}

export function createGatewayClient(profile: GatewayProfile, { key, sessionId, fetch }: ClientOptions): OpenAI {
  return new OpenAI({
    // The SDK insists on a key; a keyless local gateway gets a placeholder that
    // authHeaders() then removes from the request again.
    apiKey: key ?? 'no-key',
    baseURL: profile.baseUrl,
    defaultHeaders: authHeaders(profile, key, sessionId),
    // Retries are ours to make: the user is told how long each wait is, and none happens mid-answer.
    maxRetries: 0,
    timeout: 120_000,
    // The SDK would otherwise log unreadable chunks, which contain the answer.
    logLevel: 'off',
    ...(fetch ? { fetch } : {}),
  });
}

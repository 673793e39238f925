/** Builds the openai SDK client for one gateway; the only place that constructs one. */
import OpenAI from 'openai';
import { RedirectRefused, StreamTooLarge } from './errors';
import { authHeaders, type GatewayProfile } from './gateways';

export interface ClientOptions {
  readonly key: string | undefined;
  /** The conversation, for gateways that keep provider affinity by it (BizRouter's X-Session-Id). */
  readonly sessionId?: string;
  /** Tests pass a fetch that replays recorded bytes. */
  readonly fetch?: typeof fetch;
}

/**
 * A fetch that answers a redirect instead of following it: followed, a redirect to another host
 * would carry the key headers, the gateway's custom headers and the prompt along.
 */
export function refusingRedirects(fetchImpl: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await fetchImpl(input, { ...init, redirect: 'manual' });
    if (response.status < 300 || response.status >= 400 || response.status === 304) return response;
    const location = response.headers.get('location');
    let target = 'another address';
    try {
      if (location) target = new URL(location, typeof input === 'string' || input instanceof URL ? input : input.url).origin;
    } catch {
      // An unreadable Location says nothing worth repeating.
    }
    await response.body?.cancel().catch(() => undefined);
    throw new RedirectRefused(target);
  };
}

/** How much of an event stream is taken: one line (a chunk's JSON), and a whole answer. */
export const STREAM_BYTES = { line: 4 * 1024 * 1024, answer: 32 * 1024 * 1024 } as const;

/**
 * A fetch whose event streams end with `StreamTooLarge` past a line or an answer of the sizes
 * given, instead of being held in memory whole (a 30 MB line would otherwise be taken in).
 */
export function cappingStreams(fetchImpl: typeof fetch, limits: { readonly line: number; readonly answer: number } = STREAM_BYTES): typeof fetch {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    if (!response.body || !/\btext\/event-stream\b/i.test(response.headers.get('content-type') ?? '')) return response;
    let line = 0;
    let total = 0;
    const capped = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          total += chunk.byteLength;
          const lastBreak = chunk.lastIndexOf(0x0a);
          line = lastBreak < 0 ? line + chunk.byteLength : chunk.byteLength - lastBreak - 1;
          if (total > limits.answer) controller.error(new StreamTooLarge('answer', limits.answer));
          else if (line > limits.line) controller.error(new StreamTooLarge('line', limits.line));
          else controller.enqueue(chunk);
        },
      }),
    );
    return new Response(capped, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
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
    // Nothing from OpenAI's own environment goes to a gateway: the SDK would read these from
    // OPENAI_ORG_ID, OPENAI_PROJECT_ID, OPENAI_ADMIN_KEY and OPENAI_WEBHOOK_SECRET.
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    fetch: cappingStreams(refusingRedirects(fetch ?? globalThis.fetch)),
  });
}

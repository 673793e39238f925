/**
 * One error type for everything that can go wrong talking to a gateway, with a typed reason
 * so callers branch on `reason`, never on message text.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { Dialect } from './gateways';
import { PER_DAY_FREE_TIER, PER_DAY_PAID } from '../../costs/core/freeLimits';
import { redactSecrets } from './redact';
import { isJsonObject, type JsonObject } from '../../base/core/json';

export type GatewayErrorReason =
  | 'notConfigured'
  | 'noKey'
  | 'notFree'
  | 'overBudget'
  | 'noRoute'
  | 'noImageInput'
  | 'auth'
  | 'outOfCredits'
  | 'forbiddenContent'
  | 'moderation'
  | 'modelNotFound'
  | 'noProvider'
  | 'contextTooLong'
  | 'rateLimited'
  | 'dailyCap'
  | 'badRequest'
  | 'server'
  | 'network'
  | 'redirected'
  | 'internal'
  | 'tooLarge'
  | 'timeout'
  | 'cancelled'
  | 'malformedStream';

export interface GatewayErrorInit {
  readonly reason: GatewayErrorReason;
  /** The gateway's own words, already free of any key. */
  readonly detail?: string | undefined;
  readonly status?: number | undefined;
  /** Seconds the gateway asked us to wait before trying again. */
  readonly retryAfterSeconds?: number | undefined;
  /** True when the failure came after the answer had started. */
  readonly midStream?: boolean | undefined;
}

export class GatewayError extends Error {
  readonly reason: GatewayErrorReason;
  readonly detail: string | undefined;
  readonly status: number | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly midStream: boolean;

  constructor(init: GatewayErrorInit) {
    super(describeGatewayError(init));
    this.name = 'GatewayError';
    this.reason = init.reason;
    this.detail = init.detail;
    this.status = init.status;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.midStream = init.midStream ?? false;
  }
}

const WORDING: Record<GatewayErrorReason, string> = {
  notConfigured: 'Switchboard is not set up for this gateway. Check the "switchboard.gateway" and "switchboard.gateways" settings.',
  notFree: '"Free models only" is on, and this model is not known to be free. Pick a free model, or turn off switchboard.freeModelsOnly.',
  overBudget: 'Not sent: it would go past a spending limit you set (Settings › Switchboard › Budget). Regenerate to be asked again, with the choice to send it anyway.',
  noRoute: 'Auto could not choose a model for this request. Choose a model, or change switchboard.router.rules.',
  noImageInput: 'Not sent: this model takes no images, and the prompt carries one. Pick a model whose list entry names image input (the picker shows which), or remove the image.',
  noKey: 'No API key is set for this gateway. Set one with "Switchboard: Set API Key".',
  auth: 'The gateway rejected the API key. Set a new key with "Switchboard: Set API Key".',
  outOfCredits: 'The account is out of credits. Add credits on the gateway, or pick a free model.',
  forbiddenContent: "The gateway refused the prompt: it contains words your organisation's policy forbids.",
  moderation: "The request was flagged by the provider's moderation.",
  modelNotFound: 'The gateway does not know this model, or this key may not use it. Pick another model.',
  noProvider: 'No provider of this model may serve the request as asked: the provider it is pinned to, or the preferences in switchboard.providerPreferences, leave none. Pick another provider, or loosen the preferences.',
  contextTooLong: "The conversation is longer than the model's context. Start a new chat or pick a model with a larger context.",
  rateLimited: 'The gateway is rate limiting requests.',
  dailyCap: 'The daily limit for free models is used up.',
  badRequest: 'The gateway rejected the request.',
  server: 'The gateway or the model provider failed.',
  network: 'Could not reach the gateway. Check the network, proxy and base URL.',
  tooLarge: 'The gateway sent more than Switchboard takes in one answer, so the answer was cut there.',
  internal: 'Something went wrong in Switchboard while the answer came in.',
  redirected: 'The gateway answered with a redirect to another address, which Switchboard does not follow: your key and your prompt go only to the base URL you set. Check the gateway\'s base URL.',
  timeout: 'The gateway took too long to answer.',
  cancelled: 'Stopped.',
  malformedStream: 'The gateway sent data that could not be read.',
};

function roughDuration(seconds: number): string {
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} min`;
  return `about ${Math.round(seconds / 3600)} h`;
}

/** The one place where a failure becomes words for the user. */
export function describeGatewayError(init: GatewayErrorInit): string {
  const parts = [WORDING[init.reason]];
  if (init.retryAfterSeconds !== undefined && (init.reason === 'rateLimited' || init.reason === 'server')) {
    parts.push(`Try again in ${Math.ceil(init.retryAfterSeconds)} s.`);
  }
  if (init.retryAfterSeconds !== undefined && init.reason === 'dailyCap') parts.push(`It resets in ${roughDuration(init.retryAfterSeconds)}.`);
  if (init.detail && init.reason !== 'cancelled') parts.push(`(${init.detail})`);
  if (init.midStream && init.reason !== 'cancelled') parts.push('The partial answer was kept.');
  return parts.join(' ');
}

/** What the user sees while an automatic retry waits. */
export function describeRetry(reason: GatewayErrorReason, waitSeconds: number, attempt: number, maxAttempts: number): string {
  const cause = WORDING[reason].split('. ')[0]?.replace(/\.$/, '');
  return `${cause}; trying again in ${Math.ceil(waitSeconds)} s (attempt ${attempt} of ${maxAttempts}).`;
}

/** A request held back so as not to break a per-minute limit on free models. */
export function describeQueue(waitSeconds: number, perMinute: number): string {
  return `Queued: free models take ${perMinute} requests a minute; this one starts in ${Math.ceil(waitSeconds)} s.`;
}

function stringField(obj: JsonObject | undefined, name: string): string | undefined {
  const value = obj?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** Reads Retry-After (seconds or an HTTP date) or a body's retry hint. */
function retryAfter(headers: Headers | undefined, body: JsonObject | undefined, now: number): number | undefined {
  const header = headers?.get('retry-after');
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds)) return Math.max(0, seconds);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, (date - now) / 1000);
  }
  // OpenRouter's 429s say when the window resets, in milliseconds since the epoch.
  const reset = Number(headers?.get('x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) return Math.max(0, (reset - now) / 1000);
  const details = isJsonObject(body?.['details']) ? body['details'] : undefined;
  const availability = isJsonObject(body?.['availability']) ? body['availability'] : undefined;
  for (const hint of [details?.['retry_after'], availability?.['retry_after']]) {
    if (typeof hint === 'number' && Number.isFinite(hint)) return Math.max(0, hint);
  }
  return undefined;
}

/** Codes and error types that name a reason whatever the HTTP status. */
const CODE_REASONS: Record<string, GatewayErrorReason> = {
  invalid_api_key: 'auth',
  authentication_error: 'auth',
  credit_limit_exceeded: 'outOfCredits',
  payment_required: 'outOfCredits',
  insufficient_quota: 'outOfCredits',
  forbidden_content: 'forbiddenContent',
  model_not_found: 'modelNotFound',
  context_length_exceeded: 'contextTooLong',
  rate_limit_exceeded: 'rateLimited',
  rate_limit_error: 'rateLimited',
  provider_unavailable: 'server',
  overloaded_error: 'server',
  server_error: 'server',
  api_error: 'server',
  moderation: 'moderation',
  not_found_error: 'modelNotFound',
  permission_error: 'auth',
  invalid_request_error: 'badRequest',
};

/**
 * Some gateway errors carry no code at all (OpenRouter's unknown-model 400 is one); for those
 * alone the gateway's own message is read. Our code never branches on its own message text.
 */
const MESSAGE_REASONS: ReadonlyArray<readonly [RegExp, GatewayErrorReason]> = [
  [/is not a valid model id|model not found|no such model/i, 'modelNotFound'],
  [/no endpoints found (matching|that)|no allowed providers/i, 'noProvider'],
  [/maximum context length|context length exceeded|too many tokens/i, 'contextTooLong'],
];

function reasonFromStatus(status: number, dialect: Dialect): GatewayErrorReason {
  switch (status) {
    case 401:
      return 'auth';
    case 402:
      return 'outOfCredits';
    // OpenRouter's 403 is moderation; BizRouter's is its credit limit.
    case 403:
      return dialect === 'bizrouter' ? 'outOfCredits' : 'moderation';
    case 404:
      return 'modelNotFound';
    case 408:
      return 'timeout';
    case 413:
      return 'contextTooLong';
    case 429:
      return 'rateLimited';
    default:
      return status >= 500 ? 'server' : 'badRequest';
  }
}

function looksLikeDailyCap(headers: Headers | undefined, message: string | undefined, dialect: Dialect): boolean {
  // OpenRouter's daily free-model cap carries a per-day limit in its rate-limit headers; another
  // gateway's limit of 1,000 a minute says nothing of the kind.
  const limit = Number(headers?.get('x-ratelimit-limit'));
  if (dialect === 'openrouter' && (limit === PER_DAY_FREE_TIER || limit === PER_DAY_PAID)) return true;
  return message !== undefined && /per[- ]day|daily/i.test(message);
}

interface Classified {
  reason: GatewayErrorReason;
  detail: string | undefined;
  retryAfterSeconds: number | undefined;
}

/** Classifies an error body of any of the three shapes (OpenRouter, BizRouter, upstream pass-through). */
export function classifyErrorBody(
  status: number | undefined,
  body: unknown,
  headers: Headers | undefined,
  dialect: Dialect,
  now = Date.now(),
  secrets: readonly string[] = [],
): Classified {
  const error = isJsonObject(body) ? body : undefined;
  const metadata = isJsonObject(error?.['metadata']) ? error['metadata'] : undefined;
  const message = stringField(error, 'message');
  const code = error?.['code'];
  const numericCode = typeof code === 'number' ? code : typeof code === 'string' && /^\d{3}$/.test(code) ? Number(code) : undefined;
  const named = [stringField(metadata, 'error_type'), typeof code === 'string' ? code : undefined, stringField(error, 'type')]
    .map((key) => (key === undefined ? undefined : CODE_REASONS[key]))
    .find((reason) => reason !== undefined);
  const effectiveStatus = status ?? numericCode;
  const worded = message === undefined ? undefined : MESSAGE_REASONS.find(([pattern]) => pattern.test(message))?.[1];
  let reason: GatewayErrorReason = named ?? worded ?? (effectiveStatus !== undefined ? reasonFromStatus(effectiveStatus, dialect) : 'server');
  if (reason === 'rateLimited' && looksLikeDailyCap(headers, message, dialect)) reason = 'dailyCap';
  return { reason, detail: message === undefined ? undefined : redactSecrets(message, secrets), retryAfterSeconds: retryAfter(headers, error, now) };
}

/** Raised inside a stream past the size Switchboard takes of a line or of a whole answer. */
export class StreamTooLarge extends Error {
  constructor(
    readonly what: 'line' | 'answer',
    readonly limit: number,
  ) {
    super(`stream ${what} over ${limit} bytes`);
    this.name = 'StreamTooLarge';
  }
}

/** Thrown by the client's fetch when a gateway answers with a redirect; `target` is where to, without the path. */
export class RedirectRefused extends Error {
  constructor(readonly target: string) {
    super(`redirect to ${target} refused`);
    this.name = 'RedirectRefused';
  }
}

/**
 * Turns anything the SDK or the network threw into a GatewayError; `secrets` (the key, the
 * gateway's own header values) are masked wherever the gateway's words quote them.
 */
export function toGatewayError(thrown: unknown, dialect: Dialect, midStream: boolean, secrets: readonly string[] = []): GatewayError {
  if (thrown instanceof GatewayError) return thrown;
  if (thrown instanceof StreamTooLarge) {
    const size = thrown.limit >= 1024 * 1024 ? `${Math.round(thrown.limit / 1024 / 1024)} MB` : `${Math.round(thrown.limit / 1024)} KB`;
    return new GatewayError({ reason: 'tooLarge', detail: thrown.what === 'line' ? `one line of the stream passed ${size}` : `the answer passed ${size}`, midStream });
  }
  if (thrown instanceof APIUserAbortError) return new GatewayError({ reason: 'cancelled', midStream });
  if (thrown instanceof APIConnectionTimeoutError) return new GatewayError({ reason: 'timeout', midStream });
  if (thrown instanceof APIConnectionError) {
    if (thrown.cause instanceof RedirectRefused) return new GatewayError({ reason: 'redirected', detail: `to ${thrown.cause.target}`, midStream });
    return new GatewayError({ reason: 'network', midStream });
  }
  if (thrown instanceof APIError) {
    const { reason, detail, retryAfterSeconds } = classifyErrorBody(thrown.status, thrown.error, thrown.headers, dialect, Date.now(), secrets);
    return new GatewayError({ reason, detail, status: thrown.status, retryAfterSeconds, midStream });
  }
  if (thrown instanceof SyntaxError) return new GatewayError({ reason: 'malformedStream', midStream });
  if (thrown instanceof Error && thrown.name === 'AbortError') return new GatewayError({ reason: 'cancelled', midStream });
  // A socket closed halfway through an answer surfaces as a plain TypeError from fetch.
  return new GatewayError({ reason: 'network', midStream });
}

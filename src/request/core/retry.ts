/**
 * Automatic retries of a chat request that failed before its first token: rate limits, server
 * errors, network failures and a gateway's own timeout (408). A timeout measured here — no headers
 * in 2 minutes, or no data 3 minutes after them — is not retried: the user has waited minutes
 * already, and two more tries would make it up to a quarter of an hour; Retry is one click. Each wait is announced as a `retrying` event so the user
 * sees how long it is. Never once text has arrived (the user would get it twice), never for a
 * failure that retrying cannot fix, and never for a wait longer than the policy allows.
 */
import type { RunEvent } from './runEvent';
import { GatewayError, type GatewayErrorReason } from '../../gateway/core/errors';

export interface RetryPolicy {
  readonly maxRetries: number;
  /** First backoff when the gateway names no wait; doubled on each retry. */
  readonly baseDelayMs: number;
  /** A longer Retry-After is reported to the user instead of waited out. */
  readonly maxWaitSeconds: number;
  /**
   * Each wait is lengthened by up to this share of it, at random, so that requests refused
   * together (a comparison's columns) do not all come back at the same instant. Never shorter
   * than the gateway asked.
   */
  readonly spread: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 2, baseDelayMs: 1000, maxWaitSeconds: 60, spread: 0.25 };

const RETRYABLE: ReadonlySet<GatewayErrorReason> = new Set(['rateLimited', 'server', 'network', 'timeout']);

/** Whether trying again may help, and soon: a timeout only when the gateway said so (it has a status). */
function retryable(error: GatewayError): boolean {
  return RETRYABLE.has(error.reason) && (error.reason !== 'timeout' || error.status !== undefined);
}

export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export const abortableSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });

export async function* withRetries(
  open: () => AsyncIterable<RunEvent>,
  signal: AbortSignal,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  sleep: Sleep = abortableSleep,
  random: () => number = Math.random,
): AsyncGenerator<RunEvent> {
  for (let attempt = 0; ; attempt++) {
    let started = false;
    let retryAfterMs: number | undefined;
    for await (const event of open()) {
      if (event.kind === 'delta' || event.kind === 'reasoning') started = true;
      if (event.kind === 'error' && !started && attempt < policy.maxRetries && retryable(event.error)) {
        const seconds = event.error.retryAfterSeconds ?? (policy.baseDelayMs * 2 ** attempt) / 1000;
        if (seconds <= policy.maxWaitSeconds) {
          // The user is told the wait asked for; the spread on top is a fraction of it.
          retryAfterMs = seconds * 1000 * (1 + policy.spread * random());
          yield { kind: 'retrying', reason: event.error.reason, attempt: attempt + 2, maxAttempts: policy.maxRetries + 1, waitSeconds: seconds };
          break;
        }
      }
      yield event;
    }
    if (retryAfterMs === undefined) return;
    await sleep(retryAfterMs, signal);
    if (signal.aborted) {
      yield { kind: 'error', error: new GatewayError({ reason: 'cancelled' }) };
      return;
    }
  }
}

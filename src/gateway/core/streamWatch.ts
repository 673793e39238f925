/**
 * Ends a stream that goes quiet or runs too long. Once the gateway has answered with its headers
 * (until then the client's own timeout applies), the first data must come within `firstDataMs`
 * — a reasoning model may think a long while, sending only keep-alive comments, which count as
 * nothing — and then each chunk within `idleMs` of the one before, the whole answer within
 * `totalMs`. What arrived before is kept by the caller.
 */
import { GatewayError } from './errors';

export interface StreamLimits {
  readonly firstDataMs: number;
  readonly idleMs: number;
  readonly totalMs: number;
}

export const STREAM_LIMITS: StreamLimits = { firstDataMs: 180_000, idleMs: 60_000, totalMs: 30 * 60_000 };

type Expiry = 'first' | 'idle' | 'total';

const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;

export class StreamWatch {
  private readonly controller = new AbortController();
  /** The caller's signal and this watch's, for the request. */
  readonly signal: AbortSignal;
  private expiry: Expiry | undefined;
  private quiet: ReturnType<typeof setTimeout> | undefined;
  private readonly total: ReturnType<typeof setTimeout>;

  constructor(
    outer: AbortSignal,
    private readonly limits: StreamLimits = STREAM_LIMITS,
  ) {
    this.signal = AbortSignal.any([outer, this.controller.signal]);
    this.total = setTimeout(() => this.expire('total'), limits.totalMs);
  }

  /** Whether the stream was ended by a limit (and not by the caller). */
  get expired(): boolean {
    return this.expiry !== undefined;
  }

  /** The gateway accepted the request: the first data is now awaited. */
  answered(): void {
    this.arm('first', this.limits.firstDataMs);
  }

  /** A chunk of data arrived. */
  data(): void {
    this.arm('idle', this.limits.idleMs);
  }

  dispose(): void {
    clearTimeout(this.total);
    clearTimeout(this.quiet);
  }

  /** Why the stream was ended, for the answer. */
  error(midStream: boolean): GatewayError {
    const detail =
      this.expiry === 'first'
        ? `nothing came for ${seconds(this.limits.firstDataMs)} after the gateway took the request`
        : this.expiry === 'idle'
          ? `the answer stopped coming for ${seconds(this.limits.idleMs)}`
          : `the answer went on past ${Math.round(this.limits.totalMs / 60_000)} min`;
    return new GatewayError({ reason: 'timeout', detail, midStream });
  }

  private arm(expiry: Expiry, ms: number): void {
    clearTimeout(this.quiet);
    this.quiet = setTimeout(() => this.expire(expiry), ms);
  }

  private expire(expiry: Expiry): void {
    this.expiry ??= expiry;
    this.controller.abort();
  }
}

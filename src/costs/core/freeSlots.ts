/**
 * Holds requests to free models back so that no minute holds more than the gateway's per-minute
 * limit: a comparison of several free models, or a burst of chats, waits its turn instead of
 * being refused with a 429. Each second of waiting is announced, so the answer can say so.
 */
import type { RunEvent } from '../../request/core/runEvent';
import { GatewayError } from '../../gateway/core/errors';
import { PER_MINUTE, waitForSlot } from './freeLimits';
import { abortableSleep, type Sleep } from '../../request/core/retry';

/** Where the times of free requests are kept (all windows count against the same limit). */
export interface FreeTimes {
  times(): readonly number[];
  /** The time counts in `times()` from the moment this is called, before it is written anywhere. */
  record(at: number): Promise<void>;
}

export class FreeSlots {
  constructor(
    private readonly store: FreeTimes,
    private readonly clock: () => number = Date.now,
    private readonly sleep: Sleep = abortableSleep,
  ) {}

  /** Ends when the request may leave; or with a `cancelled` error if the signal aborts first. */
  async *take(signal: AbortSignal): AsyncGenerator<RunEvent> {
    for (;;) {
      const now = this.clock();
      const wait = waitForSlot(this.store.times(), now);
      if (wait <= 0) {
        // Counted at once, so requests leaving together (a comparison's columns) all count.
        void this.store.record(now).catch(() => undefined);
        return;
      }
      yield { kind: 'queued', waitSeconds: wait / 1000, perMinute: PER_MINUTE };
      await this.sleep(Math.min(wait, 1000), signal);
      if (signal.aborted) {
        yield { kind: 'error', error: new GatewayError({ reason: 'cancelled' }) };
        return;
      }
    }
  }
}

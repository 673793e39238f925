/**
 * What one answer's run yields: the stream's own events, and those of the run around it — the
 * route Auto chose, waits for a retry or for a free slot, and the cost once the usage is known.
 */
import type { Cost } from '../../costs/core/pricing';
import type { GatewayErrorReason } from '../../gateway/core/errors';
import type { StreamEvent } from '../../gateway/core/chatStream';
import type { Route } from '../../router/core/route';

export type RunEvent =
  | StreamEvent
  /** Auto chose the model, for these reasons; sent before the request leaves. */
  | { readonly kind: 'route'; readonly route: Route }
  /** What the answer cost, once the gateway's usage arrived. */
  | { readonly kind: 'cost'; readonly cost: Cost }
  /** A failed attempt is about to be retried after a wait; `attempt` is the one about to start. */
  | {
      readonly kind: 'retrying';
      readonly reason: GatewayErrorReason;
      readonly attempt: number;
      readonly maxAttempts: number;
      readonly waitSeconds: number;
    }
  /** Held back before sending, so as not to break the free models' per-minute limit. */
  | { readonly kind: 'queued'; readonly waitSeconds: number; readonly perMinute: number };

/**
 * Reads the gateway's bill for answers whose cost was only estimated, and records it in the
 * ledger in the estimate's place. The bill appears a few seconds after an answer ends, so each is
 * looked for after growing waits and given up on after about a minute; nothing waits on it.
 * Pure: the adapter supplies the lookup, the ledger and the clock.
 */
import type { GenerationLookup } from '../../gateway/core/generation';
import type { Sleep } from '../../request/core/retry';
import { billedEntry, type LedgerEntry } from './ledger';

/** The waits before each look, in ms: the first after 2 s, the last about a minute after the answer. */
export const BILL_WAITS_MS: readonly number[] = [2_000, 3_000, 5_000, 8_000, 12_000, 15_000, 15_000];

export interface ReconcilerPorts {
  /** The gateway's record of the entry's generation. */
  readonly lookup: (entry: LedgerEntry) => Promise<GenerationLookup>;
  /** Appends the billed line to the ledger. */
  readonly record: (entry: LedgerEntry) => Promise<void>;
  /** Waits, or less when the signal aborts. */
  readonly sleep: Sleep;
  /** An answer's bill was read and recorded. */
  readonly billed: (entry: LedgerEntry) => void;
  readonly waits?: readonly number[];
}

export class Reconciler {
  private readonly looking = new Map<string, Promise<void>>();
  /** One per bill being looked for: a signal shared by hundreds of waits would carry as many listeners. */
  private readonly controllers = new Set<AbortController>();
  private disposed = false;

  constructor(private readonly ports: ReconcilerPorts) {}

  /** Looks for the bill of an estimated entry, unless it is being looked for already. */
  track(entry: LedgerEntry): void {
    const id = entry.generationId;
    if (id === undefined || entry.source !== 'estimated' || this.looking.has(id) || this.disposed) return;
    const controller = new AbortController();
    this.controllers.add(controller);
    const done = this.reconcile(entry, controller.signal).finally(() => {
      this.looking.delete(id);
      this.controllers.delete(controller);
    });
    this.looking.set(id, done);
  }

  /** Resolves when every bill being looked for has been read or given up on. */
  async idle(): Promise<void> {
    while (this.looking.size > 0) await Promise.all(this.looking.values());
  }

  private async reconcile(entry: LedgerEntry, signal: AbortSignal): Promise<void> {
    for (const wait of this.ports.waits ?? BILL_WAITS_MS) {
      await this.ports.sleep(wait, signal);
      if (signal.aborted) return;
      const found = await this.ports.lookup(entry).catch((): GenerationLookup => 'pending');
      if (signal.aborted || found === 'none') return;
      if (found === 'pending') continue;
      const billed = billedEntry(entry, found);
      await this.ports.record(billed);
      this.ports.billed(billed);
      return;
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const controller of this.controllers) controller.abort();
  }
}

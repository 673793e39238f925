/**
 * Reads the gateway's bill for answers whose cost was estimated (OpenRouter's `/generation`),
 * records it in the ledger in the estimate's place and tells the open panels. Bills still to read
 * when a window closed are looked for again when it starts, a little after activation.
 */
import * as vscode from 'vscode';
import * as settings from '../../config/vscode/settings';
import { createGatewayClient } from '../../gateway/core/gatewayClient';
import { fetchGeneration } from '../../gateway/core/generation';
import type { KeyStore } from '../../keys/vscode/keyStore';
import { awaitingBills, type LedgerEntry } from '../core/ledger';
import { answerCostOf, type AnswerCost } from '../core/pricing';
import { Reconciler } from '../core/reconciler';
import { abortableSleep } from '../../request/core/retry';
import type { LedgerStore } from './ledgerStore';

/** How long after activation the bills left from an earlier session are looked for. */
const RESUME_AFTER_MS = 5_000;

export class BillReader implements vscode.Disposable {
  private readonly billedEmitter = new vscode.EventEmitter<LedgerEntry>();
  /** A bill was read and is in the ledger. */
  readonly onDidBill = this.billedEmitter.event;
  private readonly reconciler: Reconciler;
  private readonly resumeTimer: ReturnType<typeof setTimeout>;

  constructor(
    keys: KeyStore,
    private readonly ledger: LedgerStore,
  ) {
    this.reconciler = new Reconciler({
      lookup: async (entry) => {
        const profile = settings.gateways().gateways.find((g) => g.id === entry.gatewayId);
        if (!profile || profile.dialect !== 'openrouter' || entry.generationId === undefined) return 'none';
        const key = await keys.get(profile.id);
        return fetchGeneration(createGatewayClient(profile, { key }), entry.generationId);
      },
      record: (entry) => ledger.record(entry),
      sleep: abortableSleep,
      billed: (entry) => this.billedEmitter.fire(entry),
    });
    this.resumeTimer = setTimeout(() => void this.resume(), RESUME_AFTER_MS);
  }

  /** Looks for the bill of an answer whose cost was estimated. */
  track(entry: LedgerEntry): void {
    this.reconciler.track(entry);
  }

  /** The billed costs in the ledger for these generations. */
  async billedCosts(generationIds: ReadonlySet<string>): Promise<Map<string, AnswerCost>> {
    const billed = new Map<string, AnswerCost>();
    if (generationIds.size === 0) return billed;
    for (const entry of await this.ledger.entries()) {
      if (entry.source === 'billed' && entry.generationId !== undefined && generationIds.has(entry.generationId)) billed.set(entry.generationId, answerCostOf(entry));
    }
    return billed;
  }

  private async resume(): Promise<void> {
    for (const entry of awaitingBills(await this.ledger.entries(), new Date())) this.reconciler.track(entry);
  }

  dispose(): void {
    clearTimeout(this.resumeTimer);
    this.reconciler.dispose();
    this.billedEmitter.dispose();
  }
}

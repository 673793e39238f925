/**
 * Holds a request back when it could pass a spending limit, and lets the user send it anyway:
 * the limits come from settings, what was spent from the ledger (all gateways), the decision from
 * the pure `judge`. A warning past the threshold is shown once per day or month.
 */
import * as vscode from 'vscode';
import { estimatePromptTokens, estimateRequest, judge, type Budget } from '../core/budget';
import type { ModelInfo } from '../../gateway/core/catalog';
import { breakdown } from '../core/ledger';
import type { ChatMessage } from '../../gateway/core/requestParams';
import * as settings from '../../config/vscode/settings';
import type { LedgerStore } from './ledgerStore';

export interface PlannedRequest {
  readonly messages: readonly ChatMessage[];
  readonly maxTokens: number | undefined;
  readonly model: ModelInfo | undefined;
  readonly krwPerUsd: string;
}

const SEND_ANYWAY = 'Send Anyway';
const OPEN_SETTINGS = 'Open Budget Settings';

function hasLimits(budget: Budget): boolean {
  return budget.daily !== undefined || budget.monthly !== undefined || budget.perRequest !== undefined;
}

export class BudgetGuard {
  /** The day or month a warning was last shown for, so it is shown once. */
  private readonly warned = new Set<string>();

  constructor(private readonly ledger: LedgerStore) {}

  /**
   * Whether a model could answer this request without passing a limit, for each model Auto
   * considers; asks nothing and warns of nothing.
   */
  async fitsFor(request: { readonly promptTokens: number; readonly maxTokens: number | undefined; readonly krwPerUsd: string }): Promise<(model: ModelInfo | undefined) => boolean> {
    const budget = settings.budget();
    if (!hasLimits(budget)) return () => true;
    const spent = breakdown(await this.ledger.entries(), new Date());
    return (model) => judge(budget, spent, estimateRequest(request.promptTokens, request.maxTokens, model, budget.currency, request.krwPerUsd)).kind !== 'block';
  }

  /** True when the request may go: within the limits, or the user chose to send it anyway. */
  async clears(request: PlannedRequest): Promise<boolean> {
    const budget = settings.budget();
    if (!hasLimits(budget)) return true;
    const now = new Date();
    const estimate = estimateRequest(estimatePromptTokens(request.messages), request.maxTokens, request.model, budget.currency, request.krwPerUsd);
    const verdict = judge(budget, breakdown(await this.ledger.entries(), now), estimate);
    if (verdict.kind === 'ok') return true;
    if (verdict.kind === 'warn') {
      const stamp = `${verdict.period}:${verdict.period === 'today' ? now.toDateString() : `${now.getFullYear()}-${now.getMonth()}`}`;
      if (!this.warned.has(stamp)) {
        this.warned.add(stamp);
        void vscode.window.showWarningMessage(`Switchboard: ${verdict.message}`);
      }
      return true;
    }
    const choice = await vscode.window.showWarningMessage(
      'Switchboard: this request is over your budget.',
      { modal: true, detail: `${verdict.message}\n\nSend it anyway, or change the limits in Settings.` },
      SEND_ANYWAY,
      OPEN_SETTINGS,
    );
    if (choice === OPEN_SETTINGS) void vscode.commands.executeCommand('workbench.action.openSettings', 'switchboard.budget');
    return choice === SEND_ANYWAY;
  }
}

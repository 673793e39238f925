/**
 * Holds a request back when it could pass a spending limit, and lets the user send it anyway:
 * what was spent comes from the ledger (all gateways), the decision from the pure `judge`, and
 * the questions through the adapter's prompts. A warning past the threshold is shown once per
 * day or month.
 */
import type { ModelInfo } from '../../gateway/core/catalog';
import type { ChatMessage } from '../../gateway/core/requestParams';
import { estimatePromptTokens, estimateRequest, judge, type Budget } from './budget';
import { breakdown, type LedgerEntry } from './ledger';

export interface PlannedRequest {
  readonly messages: readonly ChatMessage[];
  readonly maxTokens: number | undefined;
  readonly model: ModelInfo | undefined;
  readonly krwPerUsd: string;
}

/** What the guard needs from outside: the ledger, the clock and the user. */
export interface BudgetPorts {
  entries(): Promise<readonly LedgerEntry[]>;
  now(): Date;
  /** Spending is past the warning threshold of a limit. */
  warn(message: string): void;
  /** The request is over a limit: true when the user chooses to send it anyway. */
  askToSend(message: string): Promise<boolean>;
}

export function hasLimits(budget: Budget): boolean {
  return budget.daily !== undefined || budget.monthly !== undefined || budget.perRequest !== undefined;
}

export class BudgetGuard {
  /** The day or month a warning was last shown for, so it is shown once. */
  private readonly warned = new Set<string>();

  constructor(private readonly ports: BudgetPorts) {}

  /**
   * Whether a model could answer this request without passing a limit, for each model Auto
   * considers; asks nothing and warns of nothing.
   */
  async fitsFor(budget: Budget, request: { readonly promptTokens: number; readonly maxTokens: number | undefined; readonly krwPerUsd: string }): Promise<(model: ModelInfo | undefined) => boolean> {
    if (!hasLimits(budget)) return () => true;
    const spent = breakdown(await this.ports.entries(), this.ports.now());
    return (model) => judge(budget, spent, estimateRequest(request.promptTokens, request.maxTokens, model, budget.currency, request.krwPerUsd)).kind !== 'block';
  }

  /** True when the request may go: within the limits, or the user chose to send it anyway. */
  async clears(budget: Budget, request: PlannedRequest): Promise<boolean> {
    const blocked = await this.refusal(budget, request);
    return blocked === undefined || this.ports.askToSend(blocked);
  }

  /**
   * Why the request may not go, or undefined when it may (past a warning threshold it may, and the
   * warning is shown once); asks nothing, for requests nobody can be asked about (VS Code's Chat).
   */
  async refusal(budget: Budget, request: PlannedRequest): Promise<string | undefined> {
    if (!hasLimits(budget)) return undefined;
    const now = this.ports.now();
    const estimate = estimateRequest(estimatePromptTokens(request.messages), request.maxTokens, request.model, budget.currency, request.krwPerUsd);
    const verdict = judge(budget, breakdown(await this.ports.entries(), now), estimate);
    if (verdict.kind === 'ok') return undefined;
    if (verdict.kind === 'warn') {
      const stamp = `${verdict.period}:${verdict.period === 'today' ? now.toDateString() : `${now.getFullYear()}-${now.getMonth()}`}`;
      if (!this.warned.has(stamp)) {
        this.warned.add(stamp);
        this.ports.warn(verdict.message);
      }
      return undefined;
    }
    return verdict.message;
  }
}

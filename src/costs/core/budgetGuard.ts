/**
 * Holds a request back when it could pass a spending limit, and lets the user send it anyway:
 * what was spent comes from the ledger (all gateways), the decision from the pure `judge`, and
 * the questions through the adapter's prompts. Requests in flight reserve the most they could
 * cost until they end, so a comparison's columns (or two windows' worth of answers started
 * together) are checked together rather than each against the same spending; the columns of one
 * comparison share one question. A warning past the threshold is shown once per day or month.
 */
import type { ModelInfo } from '../../gateway/core/catalog';
import type { ChatMessage } from '../../gateway/core/requestParams';
import { estimatePromptTokens, estimateRequest, judge, type Budget } from './budget';
import { breakdown, type Totals } from './ledger';
import type { LedgerEntry } from './ledger';
import type { Currency } from './money';

export interface PlannedRequest {
  readonly messages: readonly ChatMessage[];
  readonly maxTokens: number | undefined;
  readonly model: ModelInfo | undefined;
  readonly krwPerUsd: string;
  /** Requests asked together (a comparison's columns): the user is asked once for all of them. */
  readonly group?: string;
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

/** A request let through: it holds its reservation until `release`, when it has ended. */
export type Admission = { readonly admitted: true; readonly release: () => void } | { readonly admitted: false; readonly reason: string };

export function hasLimits(budget: Budget): boolean {
  return budget.daily !== undefined || budget.monthly !== undefined || budget.perRequest !== undefined;
}

interface Reservation {
  readonly currency: Currency;
  readonly nano: bigint;
}

interface Group {
  readonly id: string;
  /** The user's answer for the group, once asked. */
  answer?: Promise<boolean>;
  inFlight: number;
}

export class BudgetGuard {
  /** The day or month a warning was last shown for, so it is shown once. */
  private readonly warned = new Set<string>();
  private readonly reserved = new Set<Reservation>();
  private readonly groups = new Map<string, Group>();

  constructor(private readonly ports: BudgetPorts) {}

  /**
   * Whether a model could answer this request without passing a limit, for each model Auto
   * considers; asks nothing and warns of nothing.
   */
  async fitsFor(budget: Budget, request: { readonly promptTokens: number; readonly maxTokens: number | undefined; readonly krwPerUsd: string }): Promise<(model: ModelInfo | undefined) => boolean> {
    if (!hasLimits(budget)) return () => true;
    const spent = await this.spent();
    return (model) => judge(budget, spent, estimateRequest(request.promptTokens, request.maxTokens, model, budget.currency, request.krwPerUsd)).kind !== 'block';
  }

  /**
   * Lets the request go when it is within the limits, counting what requests in flight may still
   * cost; past one, asks the user (once for a group) when `interactive`, else refuses with why.
   */
  async admit(budget: Budget, request: PlannedRequest, interactive: boolean): Promise<Admission> {
    if (!hasLimits(budget)) return { admitted: true, release: () => undefined };
    const now = this.ports.now();
    const estimate = estimateRequest(estimatePromptTokens(request.messages), request.maxTokens, request.model, budget.currency, request.krwPerUsd);
    const spent = await this.spent();
    // Counted after the last await: the columns checked meanwhile have reserved theirs.
    const verdict = judge(budget, spent, estimate, this.inFlightFor(budget.currency));
    // Reserved at once, before anything else is awaited, so that the next column's check counts it.
    const release = this.reserve(budget.currency, estimate.most ?? 0n, request.group);
    if (verdict.kind === 'warn') this.warnOnce(verdict.message, verdict.period, now);
    if (verdict.kind !== 'block') return { admitted: true, release };
    if (interactive && (await this.answerFor(request.group, verdict.message))) return { admitted: true, release };
    release();
    return { admitted: false, reason: verdict.message };
  }

  private async spent(): Promise<{ today: Totals; month: Totals }> {
    return breakdown(await this.ports.entries(), this.ports.now());
  }

  private inFlightFor(currency: Currency): bigint {
    let sum = 0n;
    for (const r of this.reserved) if (r.currency === currency) sum += r.nano;
    return sum;
  }

  private reserve(currency: Currency, nano: bigint, groupId: string | undefined): () => void {
    const reservation: Reservation = { currency, nano };
    this.reserved.add(reservation);
    const group = groupId === undefined ? undefined : this.groups.get(groupId) ?? { id: groupId, inFlight: 0 };
    if (group) {
      group.inFlight += 1;
      this.groups.set(group.id, group);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.reserved.delete(reservation);
      if (group && --group.inFlight === 0) this.groups.delete(group.id);
    };
  }

  /** The user's answer: asked once for a group, whose later requests wait for the same answer. */
  private answerFor(groupId: string | undefined, message: string): Promise<boolean> {
    const group = groupId === undefined ? undefined : this.groups.get(groupId);
    if (!group) return this.ports.askToSend(message);
    group.answer ??= this.ports.askToSend(message);
    return group.answer;
  }

  private warnOnce(message: string, period: 'today' | 'month', now: Date): void {
    const stamp = `${period}:${period === 'today' ? now.toDateString() : `${now.getFullYear()}-${now.getMonth()}`}`;
    if (this.warned.has(stamp)) return;
    this.warned.add(stamp);
    this.ports.warn(message);
  }
}

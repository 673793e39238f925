import * as assert from 'node:assert/strict';
import { limitFromSetting, type Budget } from '../../src/costs/core/budget';
import { BudgetGuard, type PlannedRequest } from '../../src/costs/core/budgetGuard';
import type { LedgerEntry } from '../../src/costs/core/ledger';
import { parseCatalog } from '../../src/gateway/core/catalog';
import { openRouterListing } from '../fixtures/simulator/catalog';

const NOW = new Date('2026-12-02T09:00:00Z');
const sonnet = parseCatalog('openrouter', openRouterListing()).models.find((m) => m.id === 'anthropic/claude-sonnet-4.5');
/** About 100 prompt tokens and up to 1,000 answer tokens of Claude Sonnet: at most $0.0153. */
const column = (group?: string): PlannedRequest => ({ messages: [{ role: 'user', content: 'x'.repeat(384) }], maxTokens: 1000, model: sonnet, krwPerUsd: '1470', ...(group ? { group } : {}) });

function guard(spentUsd: number, answers: boolean[] = []): { guard: BudgetGuard; asked: string[] } {
  const asked: string[] = [];
  const entries: LedgerEntry[] = [{ at: NOW.toISOString(), gatewayId: 'openrouter', model: 'm', usdNano: BigInt(Math.round(spentUsd * 1e9)), krwNano: 0n, source: 'billed', krwPerUsd: '1470' }];
  return {
    asked,
    guard: new BudgetGuard({
      entries: async () => entries,
      now: () => NOW,
      warn: () => undefined,
      askToSend: async (message) => {
        asked.push(message);
        return answers.shift() ?? false;
      },
    }),
  };
}

describe('budget guard: requests in flight', () => {
  // $0.05 a day, $0.01 spent: room for two columns of at most $0.0153 each, not three.
  const budget: Budget = { currency: 'USD', daily: limitFromSetting(0.05), warnAtPercent: 100 };

  it("checks a comparison's columns together: what the others may cost counts, though none has ended", async () => {
    const { guard: g } = guard(0.01);
    const admissions = await Promise.all([1, 2, 3].map(() => g.admit(budget, column(), false)));
    assert.deepEqual(admissions.map((a) => a.admitted), [true, true, false]);
    const refused = admissions[2];
    assert.ok(refused && !refused.admitted);
    assert.match(refused.reason, /for the requests still answering/);
  });

  it('frees what a request reserved once it ends', async () => {
    const { guard: g } = guard(0.01);
    const first = await g.admit(budget, column(), false);
    const second = await g.admit(budget, column(), false);
    assert.ok(first.admitted && second.admitted);
    assert.equal((await g.admit(budget, column(), false)).admitted, false);
    first.release();
    first.release();
    assert.equal((await g.admit(budget, column(), false)).admitted, true, 'released once, counted once');
  });

  it('asks once for the whole comparison, and its answer holds for every column', async () => {
    const { guard: g, asked } = guard(0.04, [true]);
    const admissions = await Promise.all([1, 2, 3, 4, 5, 6].map(() => g.admit(budget, column('comparison-1'), true)));
    assert.deepEqual(admissions.map((a) => a.admitted), [true, true, true, true, true, true]);
    assert.equal(asked.length, 1);
    // Another comparison is asked again.
    const later = await g.admit(budget, column('comparison-2'), true);
    assert.equal(later.admitted, false);
    assert.equal(asked.length, 2);
  });

  it('asks each request of its own that is not part of a group', async () => {
    const { guard: g, asked } = guard(0.04, [true, false]);
    const [a, b] = await Promise.all([g.admit(budget, column(), true), g.admit(budget, column(), true)]);
    assert.deepEqual([a?.admitted, b?.admitted, asked.length], [true, false, 2]);
  });
});

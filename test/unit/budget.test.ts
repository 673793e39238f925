import * as assert from 'node:assert/strict';
import { estimateTextTokens } from '../../src/base/core/tokenEstimate';
import { estimatePromptTokens, estimateRequest, judge, limitFromSetting, type Budget, type Estimate } from '../../src/costs/core/budget';
import { parseCatalog, type ModelInfo } from '../../src/gateway/core/catalog';
import type { Totals } from '../../src/costs/core/ledger';
import { bizRouterListing, openRouterListing } from '../fixtures/simulator/catalog';

const find = (models: readonly ModelInfo[], id: string): ModelInfo => {
  const found = models.find((m) => m.id === id);
  assert.ok(found, id);
  return found;
};
const mini = find(parseCatalog('openrouter', openRouterListing()).models, 'openai/gpt-4o-mini');
const free = find(parseCatalog('openrouter', openRouterListing()).models, 'qwen/qwen3-coder:free');
const solar = find(parseCatalog('bizrouter', bizRouterListing()).models, 'upstage/solar-pro-2');
const usd = (dollars: string): bigint => BigInt(Math.round(Number(dollars) * 1e6)) * 1000n;
const spent = (todayUsd: bigint, monthUsd: bigint) => {
  const totals = (n: bigint): Totals => ({ usdNano: n, krwNano: n * 1470n, answers: 1 });
  return { today: totals(todayUsd), month: totals(monthUsd) };
};
const estimate = (most: bigint | undefined): Estimate => ({ promptTokens: 120, maxOutputTokens: 1000, most });

describe('budgets', () => {
  it("counts a prompt's tokens as each message's text and four tokens of framing", () => {
    assert.equal(estimatePromptTokens([{ content: 'Hello world!' }]), estimateTextTokens('Hello world!') + 4);
    assert.equal(estimatePromptTokens([{ content: '' }, { content: '한국의 수도는?' }]), 0 + 4 + estimateTextTokens('한국의 수도는?') + 4);
  });

  it('prices the most a request can cost: its prompt and its longest answer', () => {
    const prompt = 104;
    // 104 prompt tokens × $0.15/M + 1,000 answer tokens × $0.60/M = $0.0006156.
    assert.deepEqual(estimateRequest(prompt, 1000, mini, 'USD', '1470'), { promptTokens: 104, maxOutputTokens: 1000, most: 615_600n });
    // In won at the rate when the catalog has no won prices: × 1470.
    assert.equal(estimateRequest(prompt, 1000, mini, 'KRW', '1470').most, 904_932_000n);
    // BizRouter's own won prices: (104 + 1,000) × ₩368/M = ₩0.406272.
    assert.equal(estimateRequest(prompt, 1000, solar, 'KRW', '1400').most, 406_272_000n);
    // With no max tokens set, the model's own maximum output, else 4,096.
    assert.equal(estimateRequest(prompt, undefined, { ...mini, maxOutput: undefined }, 'USD', '1470').maxOutputTokens, 4096);
    assert.equal(estimateRequest(prompt, undefined, free, 'USD', '1470').most, 0n);
    assert.equal(estimateRequest(prompt, 10, undefined, 'USD', '1470').most, undefined);
  });

  it('blocks a request over the per-request maximum, saying by how much', () => {
    const budget: Budget = { currency: 'USD', perRequest: usd('0.01'), warnAtPercent: 80 };
    const verdict = judge(budget, spent(0n, 0n), estimate(usd('0.02')));
    assert.equal(verdict.kind, 'block');
    assert.match(verdict.kind === 'block' ? verdict.message : '', /up to \$0\.02 .*about 120 prompt tokens and up to 1,000 answer tokens.*per-request maximum of \$0\.01/);
    assert.equal(judge(budget, spent(0n, 0n), estimate(usd('0.01'))).kind, 'ok');
  });

  it('blocks what would pass the daily or monthly budget, counting what was spent', () => {
    const budget: Budget = { currency: 'USD', daily: usd('1'), monthly: usd('10'), warnAtPercent: 80 };
    const daily = judge(budget, spent(usd('0.99'), usd('5')), estimate(usd('0.02')));
    assert.deepEqual(daily, { kind: 'block', message: 'Today you have spent $0.99; with up to $0.02 for this request that would pass your daily budget of $1.00.' });
    const monthly = judge(budget, spent(0n, usd('9.99')), estimate(usd('0.02')));
    assert.equal(monthly.kind === 'block' && monthly.message.startsWith('This month you have spent $9.99'), true);
    // With unknown prices, only a budget already used up holds the request back.
    assert.equal(judge(budget, spent(usd('0.5'), usd('5')), estimate(undefined)).kind, 'ok');
    assert.equal(judge(budget, spent(usd('1.01'), usd('5')), estimate(undefined)).kind, 'block');
  });

  it('warns past the threshold, never blocks a free model, and reads limits in won', () => {
    const budget: Budget = { currency: 'USD', daily: usd('1'), warnAtPercent: 80 };
    assert.deepEqual(judge(budget, spent(usd('0.85'), usd('0.85')), estimate(usd('0.01'))), { kind: 'warn', period: 'today', message: 'Today you have spent $0.85, 85% of your daily budget of $1.00.' });
    assert.equal(judge(budget, spent(usd('0.5'), usd('0.5')), estimate(usd('0.01'))).kind, 'ok');
    assert.equal(judge(budget, spent(usd('5'), usd('5')), estimate(0n)).kind, 'ok');
    const won: Budget = { currency: 'KRW', daily: limitFromSetting(1000), warnAtPercent: 80 };
    // $0.68 spent = ₩999.6; ₩1 more would pass ₩1,000.
    const verdict = judge(won, spent(usd('0.68'), usd('0.68')), estimate(1_000_000_000n));
    assert.equal(verdict.kind, 'block');
    assert.equal(limitFromSetting(0), undefined);
    assert.equal(limitFromSetting('5'), undefined);
    assert.equal(limitFromSetting(2.5), 2_500_000_000n);
  });
  it('asks before a request whose price is unknown when a per-request maximum is set', () => {
    const budget: Budget = { currency: 'USD', perRequest: usd('0.05'), warnAtPercent: 80 };
    const verdict = judge(budget, spent(0n, 0n), estimate(undefined));
    assert.deepEqual(verdict, { kind: 'block', message: 'The gateway lists no price for this model, so this request cannot be checked against your per-request maximum of $0.05.' });
    // A server router lists -1 for its prices: unknown, not free.
    const listing = openRouterListing() as { data: Array<Record<string, unknown>> };
    const auto = { ...listing.data[0], id: 'openrouter/auto', pricing: { prompt: '-1', completion: '-1' } };
    const [router] = parseCatalog('openrouter', { data: [auto] }).models;
    assert.equal(router?.free, false);
    assert.equal(estimateRequest(100, 100, router, 'USD', '1470').most, undefined);
  });

  it('counts what requests still answering may cost as spent', () => {
    const budget: Budget = { currency: 'USD', daily: usd('1'), warnAtPercent: 80 };
    assert.equal(judge(budget, spent(usd('0.5'), usd('0.5')), estimate(usd('0.3'))).kind, 'ok');
    const verdict = judge(budget, spent(usd('0.5'), usd('0.5')), estimate(usd('0.3')), usd('0.3'));
    assert.deepEqual(verdict, { kind: 'block', message: 'Today you have spent $0.50; with up to $0.30 for this request and up to $0.30 for the requests still answering that would pass your daily budget of $1.00.' });
  });

  it('calls a model free only when every price it lists is zero', () => {
    const listing = openRouterListing() as { data: Array<Record<string, unknown>> };
    const base = listing.data[0] ?? {};
    const entry = (id: string, pricing: Record<string, string> | undefined): ModelInfo | undefined => parseCatalog('openrouter', { data: [{ ...base, id, pricing }] }).models[0];
    assert.equal(entry('x/y:free', { prompt: '0', completion: '0', request: '0', image: '0' })?.free, true);
    assert.equal(entry('x/y:free', { prompt: '0.000001', completion: '0.000002' })?.free, false, 'a :free suffix with a price is not free');
    assert.equal(entry('x/y', { prompt: '0', completion: '0', request: '0.01' })?.free, false, 'a price per request is a price');
    assert.equal(entry('x/y', { prompt: '0', completion: '0' })?.free, true);
    assert.equal(entry('x/y:free', undefined)?.free, true, 'listing no price, the suffix says it');
    assert.equal(entry('x/y', undefined)?.free, false);
  });
});

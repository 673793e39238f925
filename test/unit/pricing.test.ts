import * as assert from 'node:assert/strict';
import { parseCatalog, type ModelInfo } from '../../src/gateway/core/catalog';
import { answerCost, toNano } from '../../src/costs/core/pricing';
import { formatPair, totalOf } from '../../src/costs/core/money';
import { bizRouterListing, openRouterListing } from '../fixtures/simulator/catalog';

const openrouter = parseCatalog('openrouter', openRouterListing()).models;
const bizrouter = parseCatalog('bizrouter', bizRouterListing()).models;
const model = (list: readonly ModelInfo[], id: string): ModelInfo => {
  const found = list.find((m) => m.id === id);
  assert.ok(found, id);
  return found;
};

describe('pricing in exact nano-units', () => {
  it("takes OpenRouter's billed figure as it is, and converts it at the given rate", () => {
    const cost = answerCost({ promptTokens: 27, completionTokens: 96, billedUsd: 0.00009714 }, model(openrouter, 'qwen/qwen3-coder'), '1470');
    // 0.00009714 USD = 97,140 nano-dollars; × 1470 = 142,795,800 nano-won (₩0.1427958).
    assert.deepEqual(cost, { usdNano: 97_140n, krwNano: 142_795_800n, source: 'billed', krwPerUsd: '1470' });
  });

  it('computes from catalog prices when nothing is billed: 1,000 in and 2,000 out of GPT-4o-mini', () => {
    // 1,000 × $0.15/M + 2,000 × $0.60/M = $0.00015 + $0.0012 = $0.00135.
    const cost = answerCost({ promptTokens: 1000, completionTokens: 2000 }, model(openrouter, 'openai/gpt-4o-mini'), '1470.5');
    assert.deepEqual(cost, { usdNano: 1_350_000n, krwNano: 1_985_175_000n, source: 'computed', krwPerUsd: '1470.5' });
  });

  it("uses BizRouter's own KRW prices rather than converting", () => {
    // Solar Pro 2: ₩368 per M both ways; 10,000 + 5,000 tokens = ₩5.52; USD at $0.25/M = $0.00375.
    const cost = answerCost({ promptTokens: 10_000, completionTokens: 5_000 }, model(bizrouter, 'upstage/solar-pro-2'), '1400');
    assert.deepEqual(cost, { usdNano: 3_750_000n, krwNano: 5_520_000_000n, source: 'computed', krwPerUsd: '1400' });
  });

  it('prices cached prompt tokens, cache writes, reasoning tokens and the request at their own rates', () => {
    const rates: ModelInfo = { ...model(openrouter, 'openai/gpt-4o-mini'), cacheReadUsdPerM: '0.075', cacheWriteUsdPerM: '0.1875', reasoningUsdPerM: '1.2', requestUsd: '0.005' };
    const usage = { promptTokens: 10_000, cachedTokens: 6_000, cacheWriteTokens: 1_000, completionTokens: 3_000, reasoningTokens: 1_000 };
    // 3,000 × 0.15 + 6,000 × 0.075 + 1,000 × 0.1875 + 2,000 × 0.60 + 1,000 × 1.2 = 3,487.5 µ$, + $0.005 a request
    // = $0.0084875; × 1470 = ₩12.476625.
    assert.deepEqual(answerCost(usage, rates, '1470'), { usdNano: 8_487_500n, krwNano: 12_476_625_000n, source: 'computed', krwPerUsd: '1470' });
    // A model that lists no such rates bills those tokens as ordinary ones: 10,000 × 0.15 + 3,000 × 0.60.
    assert.equal(answerCost(usage, model(openrouter, 'openai/gpt-4o-mini'), '1470')?.usdNano, 3_300_000n);
    // Counts past the totals (a confused gateway) are capped, never negative.
    assert.equal(answerCost({ promptTokens: 10, cachedTokens: 50, completionTokens: 0 }, rates, '1470')?.usdNano, 5_000_750n);
  });

  it('reads the cache, reasoning and request prices from an OpenRouter listing', () => {
    const listing = { data: [{ id: 'anthropic/claude-sonnet-4.5', pricing: { prompt: '0.000003', completion: '0.000015', input_cache_read: '0.0000003', input_cache_write: '0.00000375', internal_reasoning: '0.000015', request: '0' } }, { id: 'perplexity/sonar', pricing: { prompt: '0.000001', completion: '0.000001', request: '0.005' } }] };
    const [claude, sonar] = parseCatalog('openrouter', listing).models;
    assert.deepEqual([claude?.cacheReadUsdPerM, claude?.cacheWriteUsdPerM, claude?.reasoningUsdPerM, claude?.requestUsd], ['0.3', '3.75', '15', undefined]);
    assert.equal(sonar?.requestUsd, '0.005');
  });

  it('rounds half up only below a nano-unit, and knows free and unknown prices', () => {
    const tiny: ModelInfo = { ...model(openrouter, 'openai/gpt-4o-mini'), inputUsdPerM: '0.0000005', outputUsdPerM: '0.0000015' };
    assert.deepEqual(answerCost({ promptTokens: 1, completionTokens: 1 }, tiny, '1470')?.usdNano, 0n);
    assert.deepEqual(answerCost({ promptTokens: 1000, completionTokens: 1000 }, tiny, '1470')?.usdNano, 2n);
    assert.deepEqual(answerCost({ promptTokens: 500, completionTokens: 500 }, model(openrouter, 'qwen/qwen3-coder:free'), '1470')?.usdNano, 0n);
    assert.equal(answerCost({ promptTokens: 5, completionTokens: 5 }, { ...tiny, inputUsdPerM: undefined }, '1470'), undefined);
    assert.equal(answerCost({ promptTokens: 5, completionTokens: 5 }, undefined, '1470'), undefined);
  });

  it('keeps totals over 10,000 answers equal to the sum of their parts, where floating point drifts', () => {
    const costs = Array.from({ length: 10_000 }, (_, i) => answerCost({ promptTokens: 100 + i, completionTokens: 37 * (i % 50) + 1 }, model(openrouter, 'qwen/qwen3-coder'), '1470'));
    const parts = costs.map((c) => {
      assert.ok(c);
      return c;
    });
    // As the panel totals them: from the strings the host sends.
    const total = totalOf(parts.map((c) => ({ usdNano: c.usdNano.toString(), krwNano: c.krwNano.toString(), source: c.source, krwPerUsd: c.krwPerUsd })));
    let usd = 0n;
    for (const part of parts) usd += part.usdNano;
    assert.equal(total.usdNano, usd);
    // The same sum by hand: Σ (prompt × 0.22 + completion × 0.95) × 1000 nano-dollars.
    let prompt = 0;
    let completion = 0;
    for (let i = 0; i < 10_000; i++) {
      prompt += 100 + i;
      completion += 37 * (i % 50) + 1;
    }
    assert.equal(total.usdNano, BigInt(prompt) * 220n + BigInt(completion) * 950n);
    const floats = parts.reduce((sum, part) => sum + Number(part.usdNano) / 1e9, 0);
    assert.notEqual(floats, Number(total.usdNano) / 1e9, 'a float sum would not even match');
  });

  it('shows dollars with enough decimals for tiny sums and won without decimals', () => {
    assert.equal(formatPair(97_140n, 142_795_800n, 'USD'), '$0.0000971 · < ₩1');
    assert.equal(formatPair(1_350_000_000n, 1_985_175_000_000n, 'KRW'), '₩1,985 · $1.35');
    assert.equal(formatPair(0n, 0n, 'USD'), '$0.00 · ₩0');
  });

  it('reads decimal amounts into nano-units exactly', () => {
    assert.equal(toNano('0.00009714'), 97_140n);
    assert.equal(toNano('12.5'), 12_500_000_000n);
    assert.equal(toNano('0.0000000004'), 0n);
    assert.equal(toNano('0.0000000005'), 1n);
  });
});

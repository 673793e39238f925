import * as assert from 'node:assert/strict';
import type { LedgerEntry } from '../../src/costs/core/ledger';
import { BILL_WAITS_MS, Reconciler } from '../../src/costs/core/reconciler';
import { readGeneration, type GenerationLookup } from '../../src/gateway/core/generation';

const estimate: LedgerEntry = { at: '2026-12-02T09:00:00.000Z', gatewayId: 'openrouter', model: 'qwen/qwen3-coder', usdNano: 2_000n, krwNano: 2_940_000n, source: 'estimated', krwPerUsd: '1470', generationId: 'gen-1' };

/** A reconciler whose lookups answer in turn from `answers` (the last repeats), with waits that take no time. */
function reconciler(answers: readonly GenerationLookup[]): { reconciler: Reconciler; recorded: LedgerEntry[]; billed: LedgerEntry[]; looked: () => number; waited: number[] } {
  const recorded: LedgerEntry[] = [];
  const billed: LedgerEntry[] = [];
  const waited: number[] = [];
  let looks = 0;
  const subject = new Reconciler({
    lookup: () => Promise.resolve(answers[Math.min(looks++, answers.length - 1)] ?? 'pending'),
    record: (entry) => {
      recorded.push(entry);
      return Promise.resolve();
    },
    sleep: (ms, signal) => {
      if (!signal.aborted) waited.push(ms);
      return Promise.resolve();
    },
    billed: (entry) => billed.push(entry),
  });
  return { reconciler: subject, recorded, billed, looked: () => looks, waited };
}

describe("reading the gateway's bill for an estimated answer", () => {
  it('waits for the record to appear, then records the bill in the estimate’s place and says so', async () => {
    const r = reconciler(['pending', 'pending', { totalUsd: '0.0000031', provider: 'DeepInfra' }]);
    r.reconciler.track(estimate);
    await r.reconciler.idle();
    assert.equal(r.looked(), 3);
    assert.deepEqual(r.waited, BILL_WAITS_MS.slice(0, 3));
    assert.deepEqual(r.recorded.map((e) => [e.generationId, e.source, e.usdNano, e.provider]), [['gen-1', 'billed', 3_100n, 'DeepInfra']]);
    assert.deepEqual(r.billed, r.recorded);
  });

  it('gives up after about a minute of looking, leaving the estimate as it is', async () => {
    const r = reconciler(['pending']);
    r.reconciler.track(estimate);
    await r.reconciler.idle();
    assert.equal(r.looked(), BILL_WAITS_MS.length);
    const total = BILL_WAITS_MS.reduce((sum, ms) => sum + ms, 0);
    assert.ok(total >= 50_000 && total <= 70_000, `${total} ms`);
    assert.deepEqual(r.recorded, []);
  });

  it('stops at once on a gateway that keeps no record to read, and looks once for an answer tracked twice', async () => {
    const r = reconciler(['none']);
    r.reconciler.track(estimate);
    r.reconciler.track(estimate);
    await r.reconciler.idle();
    assert.equal(r.looked(), 1);
  });

  it('leaves billed and computed costs alone', async () => {
    const r = reconciler([{ totalUsd: '1' }]);
    r.reconciler.track({ ...estimate, source: 'billed' });
    r.reconciler.track({ ...estimate, source: 'computed' });
    await r.reconciler.idle();
    assert.equal(r.looked(), 0);
  });

  it('looks no more once disposed, whether the bill was being waited for or not yet tracked', async () => {
    const r = reconciler(['pending']);
    r.reconciler.track(estimate);
    r.reconciler.dispose();
    r.reconciler.track({ ...estimate, generationId: 'gen-2' });
    await r.reconciler.idle();
    assert.equal(r.looked(), 0);
  });
});

describe("OpenRouter's generation record", () => {
  it('reads the charge, the BYOK upstream cost, the cache discount and the provider', () => {
    const record = readGeneration({ data: { id: 'gen-1', total_cost: 0.00000155, cache_discount: 0.0000004, upstream_inference_cost: 0.000031, is_byok: true, provider_name: ' DeepInfra ', native_tokens_prompt: 12, native_tokens_completion: 40 } });
    assert.deepEqual(record, { totalUsd: '0.00000155', upstreamUsd: '0.000031', cacheDiscountUsd: '0.0000004', provider: 'DeepInfra', nativePromptTokens: 12, nativeCompletionTokens: 40 });
  });

  it('counts an upstream cost only for a BYOK answer, and takes no bill that is not an amount', () => {
    assert.equal(readGeneration({ data: { total_cost: 0.001, upstream_inference_cost: 0.002, is_byok: false } })?.upstreamUsd, undefined);
    for (const total of [-1, 'abc', null, '1e999', undefined]) assert.equal(readGeneration({ data: { total_cost: total } }), undefined, String(total));
    assert.equal(readGeneration('<html>'), undefined);
    assert.equal(readGeneration({ data: [] }), undefined);
  });
});

import * as assert from 'node:assert/strict';
import { awaitingBills, billedEntry, breakdown, entryLine, parseLedger, toCsv, type LedgerEntry } from '../../src/costs/core/ledger';
import { describeSource } from '../../src/costs/core/money';

function entry(at: string, gatewayId: string, model: string, usdNano: bigint): LedgerEntry {
  return { at, gatewayId, model, usdNano, krwNano: usdNano * 1470n, source: 'billed', krwPerUsd: '1470' };
}

describe('spend ledger', () => {
  // Local noon times, so the day does not depend on the machine's time zone.
  const day = (d: number, hour = 12): string => new Date(2026, 10, d, hour).toISOString();
  const entries = [
    entry(day(30 - 9), 'openrouter', 'qwen/qwen3-coder', 150_450n),
    entry(day(22), 'openrouter', 'qwen/qwen3-coder', 1_000n),
    entry(day(22, 9), 'bizrouter', 'upstage/solar-pro-2', 2_000n),
    entry(new Date(2026, 9, 31, 12).toISOString(), 'openrouter', 'old/model', 999_999n),
  ];

  it('round-trips lines and skips a line a crash cut short', () => {
    const text = entries.map(entryLine).join('') + '{"at":"2026-11-22T1';
    const { entries: read, skipped } = parseLedger(text);
    assert.deepEqual(read, entries);
    assert.equal(skipped, 1);
  });

  it('totals today and this month, and this month by gateway and by model, exactly', () => {
    const totals = breakdown(entries, new Date(2026, 10, 22, 18));
    assert.deepEqual(totals.today, { usdNano: 3_000n, krwNano: 4_410_000n, answers: 2 });
    assert.deepEqual(totals.month, { usdNano: 153_450n, krwNano: 225_571_500n, answers: 3 });
    assert.deepEqual(Object.fromEntries(totals.byGateway), { openrouter: { usdNano: 151_450n, krwNano: 222_631_500n, answers: 2 }, bizrouter: { usdNano: 2_000n, krwNano: 2_940_000n, answers: 1 } });
    assert.deepEqual([...totals.byModel.keys()], ['qwen/qwen3-coder', 'upstage/solar-pro-2']);
    assert.deepEqual(breakdown(entries, new Date(2026, 10, 22, 18), 'bizrouter').today, { usdNano: 2_000n, krwNano: 2_940_000n, answers: 1 });
  });

  it('exports CSV with exact decimal amounts, and a billed answer with the estimate it replaced', () => {
    const estimated: LedgerEntry = { ...entry('2026-11-22T10:00:00.000Z', 'openrouter', 'x', 900n), source: 'estimated', generationId: 'gen-1', rateSource: 'gateway' };
    const billed = billedEntry(estimated, { totalUsd: '0.000001', provider: 'DeepInfra' });
    assert.deepEqual(parseLedger(entryLine(billed)).entries, [billed], 'a line keeps its rate, whose rate it is, the estimate and the provider');
    const csv = toCsv([entry('2026-11-22T09:00:00.000Z', 'openrouter', 'a,b "model"', 150_450n), estimated, billed]);
    assert.deepEqual(csv.split('\n'), [
      'time,gateway,model,usd,krw,source,krw_per_usd,rate_from,estimated_usd,estimated_krw,provider,generation',
      '2026-11-22T09:00:00.000Z,openrouter,"a,b ""model""",0.000150450,0.221161500,billed,1470,,,,,',
      '2026-11-22T10:00:00.000Z,openrouter,x,0.000000900,0.001323000,estimated,1470,gateway,0.000000900,0.001323000,,gen-1',
      '2026-11-22T10:00:00.000Z,openrouter,x,0.000001000,0.001470000,billed,1470,gateway,0.000000900,0.001323000,DeepInfra,gen-1',
      '',
    ]);
  });

  describe('an answer whose bill is read after its estimate', () => {
    const estimated: LedgerEntry = { ...entry('2026-11-22T10:00:00.000Z', 'openrouter', 'qwen/qwen3-coder', 2_000n), source: 'estimated', generationId: 'gen-7' };

    it('counts once, at the billed figure, in the place of its estimate', () => {
      const billed = billedEntry(estimated, { totalUsd: '0.0000031', cacheDiscountUsd: '0.0000004' });
      const text = [entry('2026-11-22T09:00:00.000Z', 'openrouter', 'a', 1_000n), estimated, entry('2026-11-22T11:00:00.000Z', 'openrouter', 'b', 500n), billed].map(entryLine).join('');
      const { entries: read } = parseLedger(text);
      assert.deepEqual(read.map((e) => [e.model, e.source, e.usdNano]), [['a', 'billed', 1_000n], ['qwen/qwen3-coder', 'billed', 3_100n], ['b', 'billed', 500n]]);
      assert.deepEqual(read[1]?.estimate, { usdNano: 2_000n, krwNano: 2_940_000n });
      assert.equal(breakdown(read, new Date('2026-11-22T12:00:00.000Z')).month.usdNano, 4_600n);
    });

    it("adds what the user's own provider charged to the gateway's fee, in won at the estimate's rate", () => {
      const billed = billedEntry({ ...estimated, krwPerUsd: '1400' }, { totalUsd: '0.0000005', upstreamUsd: '0.00001' });
      assert.equal(billed.usdNano, 10_500n);
      assert.equal(billed.krwNano, 14_700_000n);
      assert.equal(billed.krwPerUsd, '1400');
    });

    it('looks again, after a restart, only for recent estimates that name their generation', () => {
      const now = new Date('2026-11-22T10:30:00.000Z');
      const old = { ...estimated, at: '2026-11-22T08:00:00.000Z', generationId: 'gen-old' };
      const { generationId: _unnamed, ...withoutId } = estimated;
      const plain = entry('2026-11-22T10:10:00.000Z', 'openrouter', 'c', 1n);
      assert.deepEqual(awaitingBills([estimated, old, withoutId, plain], now).map((e) => e.generationId), ['gen-7']);
    });
  });
});

describe('the exchange rate a cost was converted at', () => {
  it('says whose rate it is where the cost is shown, and keeps the rate it had when the setting changes', () => {
    const cost = (rateSource?: 'gateway' | 'setting' | 'default') => ({ usdNano: '1000000', krwNano: '1470000000', source: 'billed' as const, krwPerUsd: '1470', ...(rateSource ? { rateSource } : {}) });
    assert.match(describeSource(cost('gateway')), /won at 1470 per dollar, the gateway’s own rate\.$/);
    assert.match(describeSource(cost('setting')), /won at 1470 per dollar, your exchange-rate setting\.$/);
    assert.match(describeSource(cost('default')), /won at 1470 per dollar, the default rate, from BizRouter’s published price list of 2025-12-08\.$/);
    assert.match(describeSource(cost()), /won at 1470 per dollar\.$/, 'a cost from before the source was kept says only the rate');
    // Totals add each answer's won as it was converted: a later rate changes none of them.
    const at1400: LedgerEntry = { at: '2026-11-22T09:00:00.000Z', gatewayId: 'openrouter', model: 'm', usdNano: 1_000n, krwNano: 1_400_000n, source: 'billed', krwPerUsd: '1400', rateSource: 'setting' };
    const at1500: LedgerEntry = { ...at1400, krwNano: 1_500_000n, krwPerUsd: '1500' };
    assert.equal(breakdown(parseLedger([at1400, at1500].map(entryLine).join('')).entries, new Date('2026-11-22T12:00:00.000Z')).month.krwNano, 2_900_000n);
  });
});

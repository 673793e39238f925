import * as assert from 'node:assert/strict';
import { breakdown, entryLine, parseLedger, toCsv, type LedgerEntry } from '../../src/costs/core/ledger';

function entry(at: string, gatewayId: string, model: string, usdNano: bigint): LedgerEntry {
  return { at, gatewayId, model, usdNano, krwNano: usdNano * 1470n, source: 'billed', krwPerUsd: '1470' };
}

describe('spend ledger', () => {
  // Local noon times, so the day does not depend on the machine's time zone.
  const day = (d: number, hour = 12): string => new Date(2026, 10, d, hour).toISOString();
  const entries = [
    entry(day(30 - 9), 'openrouter', 'qwen/qwen3-coder', 150_450n),
    entry(day(22), 'openrouter', 'qwen/qwen3-coder', 1_000n),
    entry(day(22, 9), 'bizrouter', 'upstage/solar-pro2', 2_000n),
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
    assert.deepEqual([...totals.byModel.keys()], ['qwen/qwen3-coder', 'upstage/solar-pro2']);
    assert.deepEqual(breakdown(entries, new Date(2026, 10, 22, 18), 'bizrouter').today, { usdNano: 2_000n, krwNano: 2_940_000n, answers: 1 });
  });

  it('exports CSV with exact decimal amounts', () => {
    const csv = toCsv([entry('2026-11-22T09:00:00.000Z', 'openrouter', 'a,b "model"', 150_450n)]);
    assert.equal(csv, 'time,gateway,model,usd,krw,source,krw_per_usd\n2026-11-22T09:00:00.000Z,openrouter,"a,b ""model""",0.000150450,0.221161500,billed,1470\n');
  });
});

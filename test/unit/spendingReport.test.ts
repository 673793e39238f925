import * as assert from 'node:assert/strict';
import type { LedgerEntry } from '../../src/costs/core/ledger';
import { spendingReport } from '../../src/costs/core/spendingReport';

const entry = (at: string, gatewayId: string, model: string, usdNano: bigint, source: 'billed' | 'computed' = 'billed'): LedgerEntry => ({
  at,
  gatewayId,
  model,
  usdNano,
  krwNano: usdNano * 1470n,
  source,
  krwPerUsd: '1470',
});

describe('spending report', () => {
  const now = new Date(2026, 10, 22, 15, 0);
  const entries = [
    entry(new Date(2026, 10, 22, 9).toISOString(), 'openrouter', 'anthropic/claude-sonnet-4.5', 37_500_000n),
    entry(new Date(2026, 10, 22, 10).toISOString(), 'bizrouter', 'upstage/solar-pro-2', 3_750_000n, 'computed'),
    entry(new Date(2026, 10, 20, 10).toISOString(), 'openrouter', 'openai/gpt-4o-mini', 1_350_000_000n),
    entry(new Date(2026, 9, 31, 10).toISOString(), 'openrouter', 'openai/gpt-4o-mini', 5_000_000_000n),
  ];

  it('totals today, this month and what the gateways billed, lead currency first', () => {
    const report = spendingReport(entries, now, 'USD');
    assert.match(report, /\| Today \| \$0\.0413 \| ₩61 \| 2 \|/);
    assert.match(report, /\| This month \| \$1\.3913 \| ₩2,045 \| 3 \|/);
    assert.match(report, /\| Billed by the gateways, this month \| \$1\.3875 \| ₩2,040 \| 2 \|/);
    assert.match(spendingReport(entries, now, 'KRW'), /\| KRW \| USD \| Answers \|\n\|---\|---:\|---:\|---:\|\n\| Today \| ₩61 \| \$0\.0413 \| 2 \|/);
  });

  it('splits the month by gateway and by model, largest first, and lists the last days', () => {
    const report = spendingReport(entries, now, 'USD');
    const gateways = report.split('## This month by gateway')[1]?.split('##')[0] ?? '';
    assert.deepEqual([...gateways.matchAll(/^\| (\w+) \|/gm)].map((m) => m[1]), ['openrouter', 'bizrouter']);
    const models = report.split('## This month by model')[1]?.split('##')[0] ?? '';
    assert.deepEqual([...models.matchAll(/^\| ([\w/.-]+) \|/gm)].map((m) => m[1]), ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4.5', 'upstage/solar-pro-2']);
    assert.match(report, /\| 2026-11-20 \| \$1\.35 \| ₩1,985 \| 1 \|/);
    assert.match(report, /\| 2026-11-21 \| \$0\.00 \| ₩0 \| 0 \|/);
    assert.doesNotMatch(report, /2026-11-08/, 'fourteen days back from the 22nd ends on the 9th');
  });

  it('shows a model name from the gateway as text, never as Markdown or HTML of its own', () => {
    const hostile = 'evil/[click](https://attacker.example/?q=secret) <img src=x onerror=alert(1)> **bold** | x\n# heading';
    const report = spendingReport([entry(new Date(2026, 10, 22, 9).toISOString(), 'openrouter', hostile, 1_000_000n)], now, 'USD');
    const row = report.split('\n').find((line) => line.includes('evil/'));
    assert.ok(row);
    assert.doesNotMatch(row, /\[click\]\(|<img|\*\*bold/);
    assert.match(row, /^\| evil\/\\\[click\\\]\(https:\/\/attacker\.example\/\?q=secret\) &lt;img src=x onerror=alert\(1\)&gt; \\\*\\\*bold\\\*\\\* \\\| x \\# heading \|/);
    assert.equal(report.split('\n').filter((line) => line.startsWith('# ')).length, 1, 'no heading of its own');
  });
});

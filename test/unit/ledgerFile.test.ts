import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entryLine, type LedgerEntry } from '../../src/costs/core/ledger';
import { appendEntry, readEntries } from '../../src/costs/vscode/ledgerFile';

const entry = (model: string): LedgerEntry => ({ at: '2026-12-02T09:00:00.000Z', gatewayId: 'openrouter', model, usdNano: 1500n, krwNano: 2205000n, source: 'billed', krwPerUsd: '1470' });

describe('the ledger file', () => {
  const folder = mkdtempSync(join(tmpdir(), 'switchboard-ledger-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('starts a new line after one a crash cut short, so the next entry is not lost with it', async () => {
    const path = join(folder, 'torn', 'spend.jsonl');
    await appendEntry(path, entry('first'));
    writeFileSync(path, readFileSync(path, 'utf8') + entryLine(entry('torn')).slice(0, 30));
    await appendEntry(path, entry('after the crash'));
    assert.deepEqual((await readEntries(path)).map((e) => e.model), ['first', 'after the crash']);
  });

  it('reads nothing from a ledger that does not exist yet, and creates it on the first entry', async () => {
    const path = join(folder, 'new', 'spend.jsonl');
    assert.deepEqual(await readEntries(path), []);
    await appendEntry(path, entry('one'));
    assert.deepEqual(await readEntries(path), [entry('one')]);
  });
});

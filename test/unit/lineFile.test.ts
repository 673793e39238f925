import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entryLine, parseLedger, type LedgerEntry } from '../../src/costs/core/ledger';
import { WriteQueue } from '../../src/base/core/writeQueue';
import { appendLines, compactLines, readLines } from '../../src/base/vscode/lineFile';

const entry = (model: string): LedgerEntry => ({ at: '2026-12-02T09:00:00.000Z', gatewayId: 'openrouter', model, usdNano: 1500n, krwNano: 2205000n, source: 'billed', krwPerUsd: '1470' });
const models = async (path: string): Promise<string[]> => parseLedger(await readLines(path)).entries.map((e) => e.model);

describe('a file of appended lines', () => {
  const folder = mkdtempSync(join(tmpdir(), 'switchboard-lines-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('starts a new line after one a crash cut short, so the next entry is not lost with it', async () => {
    const path = join(folder, 'torn', 'spend.jsonl');
    await appendLines(path, entryLine(entry('first')));
    writeFileSync(path, readFileSync(path, 'utf8') + entryLine(entry('torn')).slice(0, 30));
    await appendLines(path, entryLine(entry('after the crash')));
    assert.deepEqual(await models(path), ['first', 'after the crash']);
  });

  it('reads nothing from a file that does not exist yet, and creates it on the first line', async () => {
    const path = join(folder, 'new', 'spend.jsonl');
    assert.equal(await readLines(path), '');
    await appendLines(path, entryLine(entry('one')));
    assert.deepEqual(parseLedger(await readLines(path)).entries, [entry('one')]);
  });

  it('keeps every line of two windows appending at the same time', async () => {
    const path = join(folder, 'windows', 'leaderboard.jsonl');
    const window = (name: string): Promise<void>[] => {
      const queue = new WriteQueue();
      return Array.from({ length: 40 }, (_, i) => queue.run(() => appendLines(path, entryLine(entry(`${name}${i}`)))));
    };
    await Promise.all([...window('a'), ...window('b')]);
    const read = await models(path);
    assert.equal(read.length, 80);
    assert.equal(new Set(read).size, 80);
  });

  it('keeps a line another window appends while the file is compacted', async () => {
    const path = join(folder, 'compact', 'leaderboard.jsonl');
    for (const name of ['old', 'kept']) await appendLines(path, entryLine(entry(name)));
    let meanwhile: Promise<void> = Promise.resolve();
    await compactLines(path, (text) => {
      meanwhile = appendLines(path, entryLine(entry('meanwhile')));
      return parseLedger(text).entries.filter((e) => e.model === 'kept').map(entryLine).join('');
    });
    await meanwhile;
    assert.deepEqual((await models(path)).sort(), ['kept', 'meanwhile']);
    assert.deepEqual(readdirSync(join(folder, 'compact')), ['leaderboard.jsonl'], 'nothing is left aside');
  });
});

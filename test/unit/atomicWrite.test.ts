import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomically } from '../../src/base/vscode/atomicWrite';

describe('files replaced whole', () => {
  const folder = mkdtempSync(join(tmpdir(), 'switchboard-atomic-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('leaves a whole file when a hundred writers race for it, as windows saving one conversation do', async () => {
    const target = join(folder, 'c1.json');
    const versions = Array.from({ length: 100 }, (_, i) => `${JSON.stringify({ id: 'c1', round: i, text: 'x'.repeat(5000 + i) })}\n`);
    await Promise.all(versions.map((text) => writeFileAtomically(target, text)));
    const landed = readFileSync(target, 'utf8');
    assert.ok(versions.includes(landed), 'the file is one of the versions, whole');
    assert.deepEqual(readdirSync(folder), ['c1.json'], 'no temporary file is left behind');
  });
});

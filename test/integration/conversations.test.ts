import * as assert from 'node:assert/strict';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { conversationsDir, until } from './support';

const conversations = conversationsDir;

describe('saved conversations on disk', () => {
  const corrupt = '{"version":1,"id":"broken","title":"Half a file';
  const newer = JSON.stringify({ version: 9, id: 'future', title: 'From the future', messages: [], shape: 'unknown' });

  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await rm(conversations, { recursive: true, force: true });
    await mkdir(conversations, { recursive: true });
    await writeFile(join(conversations, 'broken.json'), corrupt);
    await writeFile(join(conversations, 'future.json'), newer);
  });

  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('sets aside a corrupt file and a newer-format file, byte for byte, instead of overwriting them', async () => {
    await vscode.commands.executeCommand('switchboard.openChat');
    const setAside = join(conversations, 'set-aside');
    await until(async () => (await readdir(setAside).catch(() => [])).length === 2, 'both files to be set aside');
    const moved = (await readdir(setAside)).sort();
    assert.match(moved[0] ?? '', /-broken\.json$/);
    assert.match(moved[1] ?? '', /-future\.json$/);
    assert.equal(await readFile(join(setAside, moved[0] ?? ''), 'utf8'), corrupt);
    assert.equal(await readFile(join(setAside, moved[1] ?? ''), 'utf8'), newer);
    assert.deepEqual((await readdir(conversations)).filter((name) => name.endsWith('.json')), []);
  });
});

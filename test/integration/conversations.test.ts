import * as assert from 'node:assert/strict';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { conversationsDir, until } from './support';

const conversations = conversationsDir;

describe('saved conversations on disk', () => {
  const corrupt = '{"version":1,"id":"broken","title":"Half a file';
  const newer = JSON.stringify({ version: 9, id: 'future', title: 'From the future', messages: [], shape: 'unknown' });
  /** A file whose id would name a file outside the conversations folder. */
  const escaping = JSON.stringify({ version: 1, id: 'x/../../../../escaped', title: 'Elsewhere', createdAt: '2026-12-01T00:00:00.000Z', updatedAt: '2026-12-01T00:00:00.000Z', messages: [{ id: 'm', role: 'user', text: 'hi', status: 'done' }] });

  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await rm(conversations, { recursive: true, force: true });
    await mkdir(conversations, { recursive: true });
    await writeFile(join(conversations, 'broken.json'), corrupt);
    await writeFile(join(conversations, 'future.json'), newer);
    await writeFile(join(conversations, 'innocent.json'), escaping);
  });

  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('sets aside a corrupt file, byte for byte, and leaves a newer format’s file where it is, for it', async () => {
    await vscode.commands.executeCommand('switchboard.openChat');
    const setAside = join(conversations, 'set-aside');
    await until(async () => (await readdir(setAside).catch(() => [])).length === 2, 'the unreadable files to be set aside');
    const moved = (await readdir(setAside)).sort();
    assert.match(moved[0] ?? '', /-broken\.json$/);
    assert.equal(await readFile(join(setAside, moved[0] ?? ''), 'utf8'), corrupt);
    assert.match(moved[1] ?? '', /-innocent\.json$/, 'a file whose id is not its name is set aside too');
    assert.deepEqual((await readdir(conversations)).filter((name) => name.endsWith('.json')), ['future.json']);
    assert.equal(await readFile(join(conversations, 'future.json'), 'utf8'), newer);
    assert.deepEqual(await readdir(join(conversations, '..', '..', '..', '..')).then((names) => names.filter((n) => n.includes('escaped'))), [], 'nothing was written outside');
  });
});

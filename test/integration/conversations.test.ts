import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { makeImageAttachment } from '../../src/context/core/attachment';
import type { Conversation } from '../../src/conversations/core/conversation';
import { ConversationStore } from '../../src/conversations/vscode/conversationStore';
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

describe('images kept beside their conversation', () => {
  // A 1×1 PNG.
  const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

  it('writes an image to a file beside the conversation, not into it, reads it back, and deletes it with the conversation', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-images-'));
    const store = new ConversationStore(vscode.Uri.file(dir));
    const image = makeImageAttachment('img1', 'shot.png', { mimeType: 'image/png', width: 1, height: 1 }, PNG, 70);
    const conversation: Conversation = { id: 'withimage', title: 'Shot', createdAt: '2026-12-03T00:00:00.000Z', updatedAt: '2026-12-03T00:00:00.000Z', messages: [{ id: 'u1', role: 'user', text: 'What is it?', status: 'done', attachments: [image] }] };
    await store.save(conversation);
    const folder = join(dir, 'conversations');
    assert.ok(!(await readFile(join(folder, 'withimage.json'), 'utf8')).includes(PNG.slice(0, 24)), 'the JSON holds no image bytes');
    assert.equal((await readFile(join(folder, 'withimage.images', 'img1.png'))).toString('base64'), PNG);
    assert.deepEqual((await store.load('withimage'))?.messages[0]?.attachments, [image]);
    await store.delete('withimage');
    assert.deepEqual(await readdir(folder), []);
    store.dispose();
  });
});

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SIM_KEYS, type RecordedRequest } from '../fixtures/simulator/server';
import { assertNoKeyWritten, savedAnswer, scanDir, until } from './support';

const simUrl = process.env['SWITCHBOARD_SIM_URL'] ?? '';

async function requests(): Promise<RecordedRequest[]> {
  return (await (await fetch(`${simUrl}/__sim/requests`)).json()) as RecordedRequest[];
}

/** Every file below a folder, skipping the tools' own installs (VS Code, Node). */
const chatRequests = async (): Promise<RecordedRequest[]> => (await requests()).filter((r) => r.path.endsWith('/chat/completions'));

describe('API keys in secret storage', () => {
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('switchboard');

  before(async () => {
    assert.ok(simUrl && scanDir, 'SWITCHBOARD_SIM_URL and SWITCHBOARD_SCAN_DIR must be set');
    await fetch(`${simUrl}/__sim/reset`, { method: 'POST' });
    await config().update('baseUrls', { openrouter: `${simUrl}/openrouter/api/v1`, bizrouter: `${simUrl}/bizrouter/v1` }, vscode.ConfigurationTarget.Global);
    await config().update('gateway', 'openrouter', vscode.ConfigurationTarget.Global);
    await config().update('model', 'openai/gpt-4o-mini', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const key of ['baseUrls', 'gateway', 'model']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
  });

  it('refuses a key the gateway rejects, and stores none', async () => {
    const stored = await vscode.commands.executeCommand<boolean>('switchboard.setApiKey', 'openrouter', 'sk-or-v1-not-a-real-key');
    assert.equal(stored, false);
    const check = (await requests()).at(-1);
    assert.equal(check?.path, '/openrouter/api/v1/key');
  });

  it('with no key, a chat request stops before it leaves and sends nothing', async () => {
    const before = (await chatRequests()).length;
    const since = new Date();
    await vscode.commands.executeCommand('switchboard.openChat', { prompt: 'Is anyone there?' });
    const answer = await until(() => savedAnswer('Is anyone there?', since), 'the refused answer');
    assert.equal(answer.status, 'error');
    assert.match(answer.error ?? '', /No API key is set for this gateway/);
    assert.equal((await chatRequests()).length, before);
  });

  it('checks a good key with the gateway, stores it, and uses it for the chat', async () => {
    const stored = await vscode.commands.executeCommand<boolean>('switchboard.setApiKey', 'openrouter', SIM_KEYS.openrouter);
    assert.equal(stored, true);
    const check = (await requests()).filter((r) => r.path.endsWith('/key')).at(-1);
    assert.equal(check?.headers['authorization'], `Bearer ${SIM_KEYS.openrouter}`);

    // A new conversation: the one before holds the prompt that was refused.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('switchboard.openChat', { prompt: 'Say hello' });
    const chat = await until(async () => (await chatRequests()).at(-1), 'the chat request');
    assert.equal(chat.headers['authorization'], `Bearer ${SIM_KEYS.openrouter}`);
    assert.equal(chat.headers['x-openrouter-title'], 'Switchboard');
    assert.deepEqual((chat.body as { messages: unknown }).messages, [{ role: 'user', content: 'Say hello' }]);
  });

  it('sends a BizRouter key both ways, with the conversation as X-Session-Id', async () => {
    assert.equal(await vscode.commands.executeCommand<boolean>('switchboard.setApiKey', 'bizrouter', SIM_KEYS.bizrouter), true);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await config().update('gateway', 'bizrouter', vscode.ConfigurationTarget.Global);
    await config().update('model', 'upstage/solar-pro-2', vscode.ConfigurationTarget.Global);
    const before = (await chatRequests()).length;
    await vscode.commands.executeCommand('switchboard.openChat', { prompt: '안녕하세요' });
    const chat = await until(async () => (await chatRequests()).slice(before).at(0), 'the BizRouter chat request');
    assert.equal(chat.headers['authorization'], `Bearer ${SIM_KEYS.bizrouter}`);
    assert.equal(chat.headers['x-api-key'], SIM_KEYS.bizrouter);
    assert.match(String(chat.headers['x-session-id']), /^[0-9a-f-]{36}$/);
  });

  it('writes the key into no file: not settings, state, logs, browser storage or the workspace', async () => {
    await assertNoKeyWritten([SIM_KEYS.openrouter, SIM_KEYS.bizrouter], 'Upstage: Solar Pro 2');
  });

  it('clears a key, after which requests stop before they leave again', async () => {
    await vscode.commands.executeCommand('switchboard.clearApiKey', 'bizrouter');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const before = (await chatRequests()).length;
    const since = new Date();
    await vscode.commands.executeCommand('switchboard.openChat', { prompt: 'Still there?' });
    const answer = await until(() => savedAnswer('Still there?', since), 'the refused answer');
    assert.equal(answer.status, 'error');
    assert.match(answer.error ?? '', /No API key is set for this gateway/);
    assert.equal((await chatRequests()).length, before);
  });
});

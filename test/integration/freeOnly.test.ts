import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SIM_KEYS, type RecordedRequest } from '../fixtures/simulator/server';

const simUrl = process.env['SWITCHBOARD_SIM_URL'] ?? '';

async function chatRequests(): Promise<RecordedRequest[]> {
  const all = (await (await fetch(`${simUrl}/__sim/requests`)).json()) as RecordedRequest[];
  return all.filter((r) => r.path.endsWith('/chat/completions'));
}

async function askAndSettle(prompt: string): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.commands.executeCommand('switchboard.openChat', { prompt });
  await new Promise((resolve) => setTimeout(resolve, 2000));
}

describe('"free models only"', () => {
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('switchboard');

  before(async () => {
    await config().update('baseUrls', { openrouter: `${simUrl}/openrouter/api/v1` }, vscode.ConfigurationTarget.Global);
    await config().update('gateway', 'openrouter', vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand<boolean>('switchboard.setApiKey', 'openrouter', SIM_KEYS.openrouter), true);
    await config().update('freeModelsOnly', true, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const key of ['baseUrls', 'gateway', 'model', 'freeModelsOnly']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
  });

  it('refuses a paid model before the request leaves', async () => {
    await config().update('model', 'openai/gpt-4o-mini', vscode.ConfigurationTarget.Global);
    const before = (await chatRequests()).length;
    await askAndSettle('Paid, please');
    assert.equal((await chatRequests()).length, before);
  });

  it('lets a free model through', async () => {
    await config().update('model', 'qwen/qwen3-coder:free', vscode.ConfigurationTarget.Global);
    const before = (await chatRequests()).length;
    await askAndSettle('Free, please');
    const sent = (await chatRequests()).slice(before);
    assert.equal(sent.length, 1);
    assert.equal((sent[0]?.body as { model?: string }).model, 'qwen/qwen3-coder:free');
  });
});

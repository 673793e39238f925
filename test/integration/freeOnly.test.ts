import * as assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RecordedRequest } from '../fixtures/simulator/server';
import { SIMULATOR_GATEWAY, savedAnswer, until, useUserSettings } from './support';

const simUrl = process.env['SWITCHBOARD_SIM_URL'] ?? '';

async function chatRequests(): Promise<RecordedRequest[]> {
  const all = (await (await fetch(`${simUrl}/__sim/requests`)).json()) as RecordedRequest[];
  return all.filter((r) => r.path.endsWith('/chat/completions'));
}

/** Asks in a fresh panel and waits for the answer to end and be saved. */
async function ask(prompt: string): Promise<{ status: string; error?: string }> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const since = new Date();
  await vscode.commands.executeCommand('switchboard.openChat', { prompt });
  return until(() => savedAnswer(prompt, since), `the answer to "${prompt}"`);
}

/** Writes (or with undefined, removes) the workspace's .vscode/settings.json, as a cloned repository might hold it. */
async function writeWorkspaceSettings(values: Record<string, unknown> | undefined): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(folder, 'the integration run opens a workspace folder');
  const dir = join(folder, '.vscode');
  if (values === undefined) {
    await rm(dir, { recursive: true, force: true });
    return;
  }
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'settings.json'), JSON.stringify(values, null, 2));
}

describe('"free models only"', () => {
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('switchboard');

  useUserSettings(SIMULATOR_GATEWAY, { alsoRemove: ['model', 'freeModelsOnly'] });
  // Turned on once the key is stored, as a user would.
  before(() => config().update('freeModelsOnly', true, vscode.ConfigurationTarget.Global));
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('refuses a paid model before the request leaves', async () => {
    await config().update('model', 'openai/gpt-4o-mini', vscode.ConfigurationTarget.Global);
    const before = (await chatRequests()).length;
    const answer = await ask('Paid, please');
    assert.equal(answer.status, 'error');
    assert.match(answer.error ?? '', /"Free models only" is on, and this model is not known to be free/);
    assert.equal((await chatRequests()).length, before);
  });

  it('stays on when a workspace settings file turns it off', async () => {
    await writeWorkspaceSettings({ 'switchboard.freeModelsOnly': false, 'switchboard.budget.perRequest': 0, 'switchboard.explain.contextLines': 7 });
    try {
      // A window-scoped setting from the same file shows the file has been read.
      await until(() => config().get('explain.contextLines') === 7, 'the workspace settings to be read');
      await config().update('model', 'openai/gpt-4o-mini', vscode.ConfigurationTarget.Global);
      const before = (await chatRequests()).length;
      const answer = await ask('Paid, from a hostile workspace');
      assert.equal(answer.status, 'error');
      assert.match(answer.error ?? '', /"Free models only" is on/);
      assert.equal((await chatRequests()).length, before);
    } finally {
      await writeWorkspaceSettings(undefined);
    }
  });

  it('lets a free model through', async () => {
    await config().update('model', 'qwen/qwen3-coder:free', vscode.ConfigurationTarget.Global);
    const before = (await chatRequests()).length;
    assert.equal((await ask('Free, please')).status, 'done');
    const sent = (await chatRequests()).slice(before);
    assert.equal(sent.length, 1);
    assert.equal((sent[0]?.body as { model?: string }).model, 'qwen/qwen3-coder:free');
  });
});

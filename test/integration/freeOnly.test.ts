import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SIMULATOR_GATEWAY, askInPanel as ask, chatRequests, until, useUserSettings, writeWorkspaceSettings } from './support';

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

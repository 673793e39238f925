import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SIMULATOR_GATEWAY, askInPanel, chatRequests, until, useUserSettings, writeWorkspaceSettings } from './support';

describe("OpenRouter's provider preferences, from the user's settings", () => {
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('switchboard');
  useUserSettings({ ...SIMULATOR_GATEWAY, model: 'qwen/qwen3-coder' }, { alsoRemove: ['providerPreferences'] });
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  const sentProvider = async (): Promise<unknown> => ((await chatRequests()).at(-1)?.body as { provider?: unknown }).provider;

  it("go with each request to the model, a model's own over \"*\", and choose the provider that serves it", async () => {
    await config().update('providerPreferences', { '*': { data_collection: 'deny' }, 'qwen/qwen3-coder': { sort: 'throughput' } }, vscode.ConfigurationTarget.Global);
    const answer = await askInPanel('Served by the fastest provider that keeps nothing');
    assert.equal(answer.status, 'done');
    assert.deepEqual(await sentProvider(), { data_collection: 'deny', sort: 'throughput' });
    assert.equal(answer.provider, 'Together');
  });

  it('say, as the answer, what to change when they leave no provider', async () => {
    await config().update('providerPreferences', { 'qwen/qwen3-coder': { only: ['alibaba'], data_collection: 'deny' } }, vscode.ConfigurationTarget.Global);
    const answer = await askInPanel('Only a provider that keeps prompts, and none that keeps them');
    assert.equal(answer.status, 'error');
    assert.match(answer.error ?? '', /No provider of this model may serve the request.*switchboard\.providerPreferences/s);
    assert.match(answer.error ?? '', /data policy/, "the gateway's own reason is kept");
  });

  it('cannot be loosened by a workspace settings file', async () => {
    await config().update('providerPreferences', { '*': { data_collection: 'deny', zdr: true } }, vscode.ConfigurationTarget.Global);
    await writeWorkspaceSettings({ 'switchboard.providerPreferences': { '*': { data_collection: 'allow' } }, 'switchboard.explain.contextLines': 9 });
    try {
      await until(() => config().get('explain.contextLines') === 9, 'the workspace settings to be read');
      const answer = await askInPanel('From a workspace that would share the prompt');
      assert.equal(answer.status, 'done');
      assert.deepEqual(await sentProvider(), { data_collection: 'deny', zdr: true });
      assert.equal(answer.provider, 'DeepInfra', 'the only provider with zero data retention served it');
    } finally {
      await writeWorkspaceSettings(undefined);
    }
  });
});

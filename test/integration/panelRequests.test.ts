import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RecordedRequest } from '../fixtures/simulator/server';
import { SIMULATOR_GATEWAY, savedAnswer, until, useUserSettings } from './support';

const simUrl = process.env['SWITCHBOARD_SIM_URL'] ?? '';

async function chatPrompts(): Promise<string[]> {
  const all = (await (await fetch(`${simUrl}/__sim/requests`)).json()) as RecordedRequest[];
  return all.filter((r) => r.path.endsWith('/chat/completions')).map((r) => (r.body as { messages?: Array<{ content: string }> }).messages?.at(-1)?.content ?? '');
}

async function queue(scenario: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${simUrl}/__sim/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(scenario) });
  assert.equal(response.status, 200);
}

const ask = (prompt: string): Thenable<unknown> => vscode.commands.executeCommand('switchboard.openChat', { prompt });

describe('prompts that come from commands one after another', () => {
  useUserSettings({ ...SIMULATOR_GATEWAY, model: 'openai/gpt-4o-mini' });
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('asks every prompt given while the panel opens, in order, not only the last', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const since = new Date();
    await ask('First of two, before the panel is ready');
    await ask('Second of two, before the panel is ready');
    const second = await until(() => savedAnswer('Second of two, before the panel is ready', since), 'the second answer');
    assert.equal(second.status, 'done');
    const first = await until(() => savedAnswer('First of two, before the panel is ready', since), 'the first answer');
    assert.equal(first.status, 'done');
    const prompts = await chatPrompts();
    assert.ok(prompts.indexOf('First of two, before the panel is ready') < prompts.indexOf('Second of two, before the panel is ready'), 'asked in the order given');
  });

  it('asks a prompt given while an answer streams once that answer ends, instead of dropping it', async () => {
    const since = new Date();
    await queue({ text: 'slow words '.repeat(30), chunkChars: 11, delayMs: 40 });
    await ask('The slow one');
    await until(async () => (await chatPrompts()).includes('The slow one'), 'the slow request to reach the gateway');
    await ask('Asked while the slow one streams');
    const later = await until(() => savedAnswer('Asked while the slow one streams', since), 'the answer asked meanwhile', 30_000);
    assert.equal(later.status, 'done');
    const slow = await savedAnswer('The slow one', since);
    assert.equal(slow?.status, 'done', 'the answer that was streaming was not cut short');
  });
});

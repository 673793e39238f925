import * as assert from 'node:assert/strict';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { SIMULATOR_GATEWAY, conversationsDir, savedAnswer, until, useUserSettings } from './support';

const ledger = join(conversationsDir, '..', 'spend.jsonl');
const aside = `${ledger}.aside`;

describe('a spending ledger that cannot be written', () => {
  useUserSettings({ ...SIMULATOR_GATEWAY, model: 'openai/gpt-4o-mini', 'budget.daily': 100 });

  before(async () => {
    // A folder where the ledger's file should be: every append fails, as on a full or read-only disk.
    await rename(ledger, aside).catch(() => undefined);
    await mkdir(ledger, { recursive: true });
  });

  after(async () => {
    await rm(ledger, { recursive: true, force: true });
    await rename(aside, ledger).catch(() => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('keeps answering, budgets set, after an entry could not be written', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const since = new Date();
    for (const prompt of ['Priced while the ledger fails', 'Asked after the ledger failed']) {
      await vscode.commands.executeCommand('switchboard.openChat', { prompt });
      const answer = await until(() => savedAnswer(prompt, since), `the answer to "${prompt}"`);
      assert.equal(answer.status, 'done', `${prompt}: ${answer.error ?? ''}`);
      assert.match(answer.text, /^You asked: /);
    }
  });
});

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'switchboard.switchboard';

interface Manifest {
  readonly contributes: { readonly commands: ReadonlyArray<{ readonly command: string }> };
}

function chatTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('switchboard.chat'));
}

async function until(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the extension in a real VS Code', () => {
  it('runs in the extension host of VS Code 1.139', () => {
    assert.match(vscode.version, /^1\.1(3[89]|[4-9]\d)\./);
  });

  it('activates and registers every command its manifest contributes', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    await extension.activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (extension.packageJSON as Manifest).contributes.commands.map((c) => c.command);
    assert.ok(contributed.includes('switchboard.openChat'));
    assert.deepEqual(contributed.filter((command) => !registered.has(command)), []);
  });

  it('opens one chat panel, and reveals it rather than opening a second', async () => {
    await vscode.commands.executeCommand('switchboard.openChat');
    await until(() => chatTabs().length === 1, 'the chat panel');
    const tab = chatTabs()[0];
    assert.equal(tab?.label, 'Switchboard');
    await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
    await vscode.commands.executeCommand('switchboard.openChat');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(chatTabs().length, 1);
    assert.ok(chatTabs()[0]?.isActive, 'the existing panel is brought to the front');
    await vscode.window.tabGroups.close(chatTabs());
    await until(() => chatTabs().length === 0, 'the chat panel to close');
  });
});

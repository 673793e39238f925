/** The files Add Context offers, listed by the real VS Code from a real workspace: what the workspace leaves out is not offered. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { workspaceFiles } from '../../src/context/vscode/workspaceFiles';
import { writeWorkspaceSettings } from './support';

describe('the files Add Context offers', () => {
  const root = (): vscode.Uri => {
    const uri = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(uri, 'the integration run opens a workspace folder');
    return uri;
  };
  const made = ['offered', 'node_modules'];
  const write = (path: string, text = 'x\n'): Thenable<void> => vscode.workspace.fs.writeFile(vscode.Uri.joinPath(root(), path), new TextEncoder().encode(text));
  const listed = async (): Promise<string[]> => (await workspaceFiles(new vscode.CancellationTokenSource().token)).files.map((uri) => vscode.workspace.asRelativePath(uri, false));

  before(async () => {
    await write('offered/.gitignore', '# build output\nbuild/\n*.tmp\n');
    await write('offered/src/app.ts', 'export {};\n');
    await write('offered/build/app.js', 'built\n');
    await write('offered/scratch.tmp');
    await write('offered/pkg/.gitignore', '!keep.tmp\n');
    await write('offered/pkg/keep.tmp');
    await write('offered/generated/schema.ts');
    await write('node_modules/left-pad/index.js');
  });
  after(async () => {
    for (const dir of made) await vscode.workspace.fs.delete(vscode.Uri.joinPath(root(), dir), { recursive: true, useTrash: false });
    await writeWorkspaceSettings(undefined);
  });

  it('leaves out what .gitignore files ignore, and what search.exclude leaves out (node_modules by default)', async () => {
    const files = await listed();
    assert.ok(files.includes('offered/src/app.ts'), files.join(', '));
    assert.ok(files.includes('example.py'));
    assert.ok(files.includes('offered/pkg/keep.tmp'), 'a deeper .gitignore re-includes it');
    for (const gone of ['offered/build/app.js', 'offered/scratch.tmp', 'node_modules/left-pad/index.js']) assert.ok(!files.includes(gone), `${gone} is not offered`);
  });

  it('leaves out what the workspace’s files.exclude leaves out', async () => {
    await writeWorkspaceSettings({ 'files.exclude': { '**/generated': true } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const files = await listed();
    assert.ok(!files.includes('offered/generated/schema.ts'), files.join(', '));
    assert.ok(files.includes('offered/src/app.ts'));
  });
});

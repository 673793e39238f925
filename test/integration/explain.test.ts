import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SIMULATOR_GATEWAY, chatRequests, useUserSettings } from './support';

interface ChatBody {
  readonly model?: string;
  readonly messages?: ReadonlyArray<{ readonly role: string; readonly content: string }>;
}

/** Runs a command and returns the next chat request's body, as the gateway received it. */
async function requestSentBy(command: string, ...args: unknown[]): Promise<ChatBody> {
  const before = (await chatRequests()).length;
  await vscode.commands.executeCommand(command, ...args);
  for (let waited = 0; waited < 15_000; waited += 100) {
    const body = (await chatRequests()).slice(before)[0]?.body as ChatBody | undefined;
    if (body?.messages?.length) return body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${command} sent nothing to the gateway`);
}

/** What the next chat request asked. */
async function promptSentBy(command: string, ...args: unknown[]): Promise<string> {
  return (await requestSentBy(command, ...args)).messages?.at(-1)?.content ?? '';
}

async function openExample(): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'example.py'));
  return vscode.window.showTextDocument(document, vscode.ViewColumn.One);
}

describe('Explain Selection and friends, from the editor', () => {
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('switchboard');
  const problems = vscode.languages.createDiagnosticCollection('explain-test');

  useUserSettings({ ...SIMULATOR_GATEWAY, model: 'openai/gpt-4o-mini', answerLanguage: 'Korean' });

  after(async () => {
    problems.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('sends the selection with its language, file name and the lines around it', async () => {
    const editor = await openExample();
    editor.selection = new vscode.Selection(2, 0, 4, 23);
    const prompt = await promptSentBy('switchboard.explainSelection');
    assert.match(prompt, /^Explain this code from `example\.py` \(python\), lines 3–5: .* Answer in Korean\./);
    assert.ok(prompt.includes('```python\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n```'), prompt);
    assert.ok(prompt.includes('The lines just above it:\n\n```python\ndef fibonacci(n: int) -> int:\n    """Return the n-th Fibonacci number."""\n```'), prompt);
    assert.ok(prompt.includes('The lines just below it:\n\n```python\n    return a\n```'), prompt);
  });

  it('with the model on Auto, goes to the code model of the gateway’s rules', async () => {
    await config().update('model', 'auto', vscode.ConfigurationTarget.Global);
    try {
      const editor = await openExample();
      editor.selection = new vscode.Selection(2, 0, 4, 23);
      const body = await requestSentBy('switchboard.explainSelection');
      assert.equal(body.model, 'qwen/qwen3-coder');
    } finally {
      await config().update('model', 'openai/gpt-4o-mini', vscode.ConfigurationTarget.Global);
    }
  });

  it('compares models on the selection: the same explanation asked of each chosen model at once', async () => {
    await config().update('compare.models', [{ model: 'openai/gpt-4o-mini' }, { gateway: 'openrouter', model: 'qwen/qwen3-coder' }], vscode.ConfigurationTarget.Global);
    try {
      const editor = await openExample();
      editor.selection = new vscode.Selection(2, 0, 4, 23);
      const before = (await chatRequests()).length;
      await vscode.commands.executeCommand('switchboard.compareSelection');
      let sent: ChatBody[] = [];
      for (let waited = 0; waited < 15_000 && sent.length < 2; waited += 100) {
        sent = (await chatRequests()).slice(before).map((r) => r.body as ChatBody);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.deepEqual(sent.map((b) => b.model).sort(), ['openai/gpt-4o-mini', 'qwen/qwen3-coder']);
      for (const body of sent) {
        assert.equal(body.messages?.length, 1, 'the explanation alone, without the conversation');
        assert.match(body.messages?.[0]?.content ?? '', /^Explain this code from `example\.py` \(python\), lines 3–5: /);
      }
    } finally {
      await config().update('compare.models', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('with nothing selected, explains the block the cursor is in', async () => {
    const editor = await openExample();
    editor.selection = new vscode.Selection(4, 8, 4, 8);
    const prompt = await promptSentBy('switchboard.explainSelection');
    assert.match(prompt, /lines 4–5:/);
    assert.ok(prompt.includes('```python\n    for _ in range(n):\n        a, b = b, a + b\n```'), prompt);
  });

  it('trims a very large selection, saying so in the prompt', async () => {
    const content = Array.from({ length: 3000 }, (_, i) => `row ${i}: ${'lorem ipsum '.repeat(4)}`).join('\n');
    const document = await vscode.workspace.openTextDocument({ content, language: 'plaintext' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 0, 2999, 10);
    const prompt = await promptSentBy('switchboard.explainSelection');
    assert.ok(prompt.length < 13_000, `sent ${prompt.length} characters`);
    assert.match(prompt, /lines 1–3000:/);
    assert.match(prompt, /\(The last \d+ lines of the selection were left out for length\.\)/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('offers to explain a problem in the editor, and sends its message and the code around it', async () => {
    const editor = await openExample();
    const range = new vscode.Range(4, 8, 4, 12);
    problems.set(editor.document.uri, [Object.assign(new vscode.Diagnostic(range, '"b" may be used before assignment', vscode.DiagnosticSeverity.Warning), { source: 'checker' })]);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, range);
    const explain = actions.find((a) => a.title === 'Explain this problem with Switchboard');
    assert.ok(explain?.command, 'the quick fix is offered');
    const prompt = await promptSentBy(explain.command.command, ...(explain.command.arguments ?? []));
    assert.match(prompt, /^Explain this problem in `example\.py` \(python\), lines 1–6, at line 5 \(reported by checker\), and how to fix it\. Answer in Korean\.\n\n> "b" may be used before assignment\n\n```python\ndef fibonacci/);
  });
});

/**
 * `@switchboard` as VS Code's Chat would call it. The Chat view itself cannot run here: offline,
 * code-server's Chat asks to set up Copilot first (its only command is "Chat: Use AI Features with
 * Copilot for free…"), so the participant's handler is called directly, in the real extension host,
 * with the real request pipeline, ledger and simulator; only the response stream is a recorder.
 */
import * as assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { PARTICIPANT_ID } from '../../src/config/core/contributions';
import { BudgetGuard } from '../../src/costs/core/budgetGuard';
import { FreeSlots } from '../../src/costs/core/freeSlots';
import { entryOf } from '../../src/costs/core/ledger';
import { LedgerStore } from '../../src/costs/vscode/ledgerStore';
import { fetchCatalog } from '../../src/gateway/core/catalogFetch';
import { openGatewayStream } from '../../src/gateway/core/chatStream';
import { createGatewayClient } from '../../src/gateway/core/gatewayClient';
import { EditorTracker } from '../../src/editor/vscode/editorTracker';
import { followups, participantHandler } from '../../src/lm/vscode/chatParticipant';
import { requestPipeline } from '../../src/request/core/requestPipeline';
import { requestSettings } from '../../src/request/vscode/requestPorts';
import { SIM_KEYS } from '../fixtures/simulator/server';
import { SIMULATOR_GATEWAY, chatRequests, conversationsDir, until, useUserSettings } from './support';
import { ConversationStore } from '../../src/conversations/vscode/conversationStore';

const simUrl = process.env['SWITCHBOARD_SIM_URL'] ?? '';

/** What the handler wrote: its Markdown and progress messages, in order. */
function recorder(): { stream: vscode.ChatResponseStream; markdown: () => string; progress: string[]; buttons: vscode.Command[]; references: unknown[] } {
  let markdown = '';
  const progress: string[] = [];
  const buttons: vscode.Command[] = [];
  const references: unknown[] = [];
  const stream = {
    markdown: (value: string | vscode.MarkdownString) => void (markdown += typeof value === 'string' ? value : value.value),
    progress: (value: string) => void progress.push(value),
    button: (command: vscode.Command) => void buttons.push(command),
    reference: (value: unknown) => void references.push(value),
  } as unknown as vscode.ChatResponseStream;
  return { stream, markdown: () => markdown, progress, buttons, references };
}

describe('@switchboard, as the Chat calls it', () => {
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('switchboard');
  let handler: vscode.ChatRequestHandler;
  let ledger: LedgerStore;
  const editors = new EditorTracker();

  useUserSettings({ ...SIMULATOR_GATEWAY, model: 'openai/gpt-4o-mini', currency: 'USD' });

  before(async () => {
    ledger = new LedgerStore(vscode.Uri.file(await mkdtemp(join(tmpdir(), 'switchboard-participant-'))));
    const pipeline = requestPipeline({
      settings: requestSettings,
      key: async () => SIM_KEYS.openrouter,
      catalog: (profile) => fetchCatalog(createGatewayClient(profile, { key: SIM_KEYS.openrouter }), profile, SIM_KEYS.openrouter),
      budget: new BudgetGuard({ entries: () => ledger.entries(), now: () => new Date(), warn: () => undefined, askToSend: () => Promise.reject(new Error('asked')) }),
      freeSlots: new FreeSlots({ times: () => [], record: async () => undefined }),
      stream: openGatewayStream,
      served: (served) => void (served.cost && ledger.record(entryOf({ ...served, cost: served.cost }))),
      noKey: () => undefined,
      now: () => new Date(),
    });
    // The extension's own conversation folder, so that the panel can open what /compare saves.
    const store = new ConversationStore(vscode.Uri.file(join(conversationsDir, '..')));
    handler = participantHandler({ pipeline, ledger, editors, store });
  });

  after(async () => {
    editors.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  async function ask(
    prompt: string,
    command?: string,
    history: vscode.ChatContext['history'] = [],
    references: readonly vscode.ChatPromptReference[] = [],
  ): Promise<{ markdown: string; progress: string[]; buttons: vscode.Command[]; references: unknown[]; result: vscode.ChatResult | void }> {
    const [model] = await vscode.lm.selectChatModels({ vendor: 'switchboard', id: 'openrouter/openai/gpt-4o-mini' });
    assert.ok(model);
    const request = { prompt, command, references, toolReferences: [], model } as unknown as vscode.ChatRequest;
    const { stream, markdown, progress, buttons, references: listed } = recorder();
    const result = await handler(request, { history }, stream, new vscode.CancellationTokenSource().token);
    return { markdown: markdown(), progress, buttons, references: listed, result: result ?? undefined };
  }

  it('answers through the model picked in the Chat, with the cost under the answer', async () => {
    const { markdown, result } = await ask('Bonjour');
    assert.match(markdown, /^You asked: Bonjour/);
    assert.match(markdown, /\n\n\*openai\/gpt-4o-mini · ≈ \$[\d.]+ · (?:< )?₩[\d,.]+, estimated until the gateway bills it\*$/);
    assert.match(String((result as vscode.ChatResult).metadata?.['usdNano']), /^\d+$/);
    assert.deepEqual(followups(result as vscode.ChatResult).map((f) => [f.command, f.prompt]), [['compare', 'Bonjour'], ['route', 'Bonjour']]);
  });

  it('sends its earlier answers back to the model as they were said, without the cost line under them', async () => {
    const first = await ask('Bonjour');
    // The turns as the Chat keeps them; their constructors are VS Code's own, private to its typings.
    const RequestTurn = vscode.ChatRequestTurn as unknown as new (prompt: string, command: undefined, references: [], participant: string, toolReferences: []) => vscode.ChatRequestTurn;
    const ResponseTurn = vscode.ChatResponseTurn as unknown as new (response: vscode.ChatResponseMarkdownPart[], result: vscode.ChatResult, participant: string) => vscode.ChatResponseTurn;
    const history = [new RequestTurn('Bonjour', undefined, [], PARTICIPANT_ID, []), new ResponseTurn([new vscode.ChatResponseMarkdownPart(first.markdown)], first.result as vscode.ChatResult, PARTICIPANT_ID)];
    const sent = (await chatRequests()).length;
    await ask('Encore ?', undefined, history);
    const body = (await chatRequests()).slice(sent)[0]?.body as { messages: Array<{ role: string; content: string }> };
    assert.deepEqual(body.messages.map((m) => m.role), ['user', 'assistant', 'user']);
    assert.equal(body.messages[1]?.content, first.markdown.slice(0, first.markdown.lastIndexOf('\n\n*openai')));
    assert.doesNotMatch(body.messages[1]?.content ?? '', /estimated until the gateway bills it/);
  });

  it('says in its progress line that a rate-limited request is being tried again, then answers', async () => {
    await fetch(`${simUrl}/__sim/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fail: 'rateLimit', retryAfter: 1 }) });
    const { markdown, progress } = await ask('Are you busy?');
    assert.match(progress.join('\n'), /rate limiting requests; trying again in 1 s \(attempt 2 of 3\)/);
    assert.match(markdown, /^You asked: Are you busy\?/);
  });

  it("says with /route what Auto would choose, and why, and sends nothing", async () => {
    const sent = (await chatRequests()).length;
    const { markdown } = await ask('Why does this fail?\n```python\nprint(undefined_name)\n```', 'route');
    assert.match(markdown, /^\*\*Auto → qwen\/qwen3-coder · code \(python\)\*\*\n\n- Detected code/);
    assert.match(markdown, /Nothing was sent\./);
    assert.equal((await chatRequests()).length, sent);
  });

  it('explains with /explain the code selected in the editor, as Explain Selection asks it, with the question added', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'example.py')));
    editor.selection = new vscode.Selection(0, 0, 2, 0);
    const sent = (await chatRequests()).length;
    const { markdown } = await ask('Is it fast?', 'explain');
    const body = (await chatRequests()).slice(sent)[0]?.body as { messages: Array<{ content: string }> };
    const prompt = body.messages.at(-1)?.content ?? '';
    assert.match(prompt, /^Explain this code from `example\.py` \(python\), lines 1–2/);
    assert.match(prompt, /```python\ndef fibonacci/);
    assert.match(prompt, /\n\nIs it fast\?$/);
    assert.match(markdown, /^You asked: Explain this code/);
  });

  it('asks with /compare every model to compare at once, and writes each answer with its metrics and cost', async () => {
    await config().update('compare.models', [{ gateway: 'openrouter', model: 'openai/gpt-4o-mini' }, { gateway: 'openrouter', model: 'qwen/qwen3-coder' }], vscode.ConfigurationTarget.Global);
    try {
      const sent = (await chatRequests()).length;
      const { markdown, progress, buttons } = await ask('Tabs or spaces?', 'compare');
      assert.deepEqual((await chatRequests()).slice(sent).map((r) => (r.body as { model: string }).model).sort(), ['openai/gpt-4o-mini', 'qwen/qwen3-coder']);
      assert.match(progress[0] ?? '', /^Asking openai\/gpt-4o-mini, qwen\/qwen3-coder/);
      for (const [model, provider] of [['openai/gpt-4o-mini', 'OpenAI'], ['qwen/qwen3-coder', 'DeepInfra']] as const) {
        const escaped = model.replace(/[./]/g, (ch) => `\\${ch}`);
        assert.match(markdown, new RegExp(`### ${escaped} \\(OpenRouter\\)\n\n\\*first token [\\d.]+ s · \\d+ tokens/s · \\d+ tokens · served by ${provider} · ≈ \\$[\\d.]+ · (?:< )?₩[\\d,.]+ · estimated\\*\n\nYou asked: Tabs or spaces\\?`));
      }
      // The comparison is saved whole, and the button opens it in the panel.
      const [open] = buttons;
      assert.equal(open?.command, 'switchboard.openChat');
      const { conversation } = (open?.arguments?.[0] ?? {}) as { conversation?: string };
      const saved = JSON.parse(await readFile(join(conversationsDir, `${conversation ?? ''}.json`), 'utf8')) as { messages: Array<{ comparison?: { columns: unknown[] } }> };
      assert.equal(saved.messages.at(-1)?.comparison?.columns.length, 2);
      await vscode.commands.executeCommand(open.command, ...(open.arguments ?? []));
      await until(() => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputWebview && t.label === 'Switchboard')), 'the panel to open');
    } finally {
      await config().update('compare.models', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('totals with /cost what was spent today and this month, counting the answers above', async () => {
    const { markdown } = await ask('', 'cost');
    assert.match(markdown, /\| Today \| \$[\d.]+ · (?:< )?₩[\d,.]+ \| 7 \|/);
    assert.match(markdown, /\| This month \| .* \| 7 \|/);
  });

  describe('with #file and #selection references', () => {
    const folder = (): vscode.Uri => {
      const root = vscode.workspace.workspaceFolders?.[0]?.uri;
      assert.ok(root, 'the integration run opens a workspace folder');
      return vscode.Uri.joinPath(root, 'mentioned');
    };
    const write = (name: string, content: string | Uint8Array): Thenable<void> => vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder(), name), typeof content === 'string' ? new TextEncoder().encode(content) : content);
    const reference = (value: vscode.Uri | vscode.Location, name: string): vscode.ChatPromptReference => ({ id: 'vscode.file', name, value }) as vscode.ChatPromptReference;
    const lastUserContent = async (since: number): Promise<string[]> =>
      (await chatRequests()).slice(since).map((r) => (r.body as { messages: Array<{ role: string; content: string }> }).messages.at(-1)?.content ?? '');

    before(async () => {
      await write('util.ts', 'export function add(a: number, b: number): number {\n  return a + b;\n}\n');
      await write('big.log', Array.from({ length: 5000 }, (_, i) => `${String(i).padStart(6, '0')} ${'event '.repeat(6)}`).join('\n'));
      await write('logo.png', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    });
    after(() => vscode.workspace.fs.delete(folder(), { recursive: true }));

    it('sends a mentioned file fenced with its path and language before the prompt, and lists it as a reference', async () => {
      const sent = (await chatRequests()).length;
      const util = vscode.Uri.joinPath(folder(), 'util.ts');
      const { references } = await ask('What does #file:util.ts do?', undefined, [], [reference(util, 'util.ts')]);
      const [content] = await lastUserContent(sent);
      assert.equal(content, 'The file `mentioned/util.ts`:\n\n```typescript\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n```\n\nWhat does #file:util.ts do?');
      assert.equal(references.length, 1);
    });

    it('sends a mentioned location as the lines it names', async () => {
      const sent = (await chatRequests()).length;
      const util = vscode.Uri.joinPath(folder(), 'util.ts');
      await ask('Why return here?', undefined, [], [reference(new vscode.Location(util, new vscode.Range(1, 0, 2, 0)), 'util.ts:2')]);
      const [content] = await lastUserContent(sent);
      assert.equal(content, 'From `mentioned/util.ts`, line 2:\n\n```typescript\n  return a + b;\n```\n\nWhy return here?');
    });

    it('trims a long file with a note of what was left out, and sends no binary file', async () => {
      const sent = (await chatRequests()).length;
      const { references } = await ask('Summarise the log', undefined, [], [reference(vscode.Uri.joinPath(folder(), 'big.log'), 'big.log'), reference(vscode.Uri.joinPath(folder(), 'logo.png'), 'logo.png')]);
      const [content = ''] = await lastUserContent(sent);
      assert.match(content, /^The file `mentioned\/big\.log`:\n\n```log\n000000 event/);
      assert.match(content, /\n```\n\n\(The last \d+ lines were left out for length\.\)\n\nSummarise the log$/);
      assert.ok(content.length < 110_000, `trimmed to about 100,000 characters, not ${content.length}`);
      assert.doesNotMatch(content, /logo\.png|PNG/);
      assert.equal(references.length, 1, 'only the file that was sent is listed');
    });

    it('sends the same context to every column of /compare', async () => {
      await config().update('compare.models', [{ gateway: 'openrouter', model: 'openai/gpt-4o-mini' }, { gateway: 'openrouter', model: 'qwen/qwen3-coder' }], vscode.ConfigurationTarget.Global);
      try {
        const sent = (await chatRequests()).length;
        await ask('Any bug in #file:util.ts?', 'compare', [], [reference(vscode.Uri.joinPath(folder(), 'util.ts'), 'util.ts')]);
        const contents = await lastUserContent(sent);
        assert.equal(contents.length, 2);
        assert.equal(contents[0], contents[1]);
        assert.match(contents[0] ?? '', /^The file `mentioned\/util\.ts`:\n\n```typescript\nexport function add/);
      } finally {
        await config().update('compare.models', undefined, vscode.ConfigurationTarget.Global);
      }
    });
  });
});

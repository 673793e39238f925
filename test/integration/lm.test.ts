import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { PIXEL_PNG, SIM_KEYS } from '../fixtures/simulator/server';
import { SIMULATOR_GATEWAY, chatRequests, conversationsDir, until, useUserSettings } from './support';

const simUrl = process.env['SWITCHBOARD_SIM_URL'] ?? '';
const ledgerFile = join(conversationsDir, '..', 'spend.jsonl');

async function queue(scenario: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${simUrl}/__sim/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(scenario) });
  assert.equal(response.status, 200);
}

async function abandoned(): Promise<number> {
  return ((await (await fetch(`${simUrl}/__sim/abandoned`)).json()) as { streams: number }).streams;
}

async function model(id: string): Promise<vscode.LanguageModelChat> {
  const [found] = await vscode.lm.selectChatModels({ vendor: 'switchboard', id });
  assert.ok(found, `VS Code lists ${id}`);
  return found;
}

/** The answer's text as far as it came when the chat cancelled it, once `chars` characters had arrived. */
async function cancelledAfter(chars: number, chat: vscode.LanguageModelChat, prompt: string): Promise<string> {
  const source = new vscode.CancellationTokenSource();
  const response = await chat.sendRequest([vscode.LanguageModelChatMessage.User(prompt)], {}, source.token);
  let text = '';
  for await (const part of response.text) {
    text += part;
    if (text.length >= chars) source.cancel();
  }
  return text;
}

/** The whole answer's text. */
function answerOf(chat: vscode.LanguageModelChat, prompt: string): Promise<string> {
  return cancelledAfter(Infinity, chat, prompt);
}

describe("Switchboard's models in VS Code's own Chat", () => {
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('switchboard');

  useUserSettings(SIMULATOR_GATEWAY, { alsoRemove: ['budget.perRequest'] });

  it("lists the gateway's models with their token limits and prices, and Auto", async () => {
    const models = await until(async () => {
      const listed = await vscode.lm.selectChatModels({ vendor: 'switchboard' });
      return listed.some((m) => m.id === 'openrouter/openai/gpt-4o-mini') && listed;
    }, 'the models to be listed');
    const mini = models.find((m) => m.id === 'openrouter/openai/gpt-4o-mini');
    assert.equal(mini?.name, 'OpenAI: GPT-4o-mini');
    assert.equal(mini?.maxInputTokens, 128_000 - 16_384);
    assert.ok(models.some((m) => m.id === 'openrouter/auto'), 'Auto is listed');
    assert.ok(models.some((m) => m.id === 'openrouter/google/gemini-2.5-pro'));
  });

  it('streams the exact answer, and records its cost in the ledger', async () => {
    const before = (await readFile(ledgerFile, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
    await queue({ text: 'Exactly these words, 그리고 이것도, come back.', chunkChars: 5 });
    assert.equal(await answerOf(await model('openrouter/openai/gpt-4o-mini'), 'Say something'), 'Exactly these words, 그리고 이것도, come back.');
    // Bills of earlier suites' answers may be appended meanwhile: they are the lines that carry the estimate they replace.
    const entry = await until(async () => {
      const added = (await readFile(ledgerFile, 'utf8').catch(() => '')).split('\n').filter(Boolean).slice(before);
      return added.map((line) => JSON.parse(line) as { model?: string; gatewayId?: string; source?: string; estimateUsdNano?: string }).find((line) => line.estimateUsdNano === undefined);
    }, 'the ledger entry');
    assert.deepEqual([entry.gatewayId, entry.model, entry.source], ['openrouter', 'openai/gpt-4o-mini', 'estimated']);
  });

  it('aborts the request at the gateway when the chat cancels it', async () => {
    const gone = await abandoned();
    await queue({ text: 'slow '.repeat(200), chunkChars: 5, delayMs: 30 });
    const text = await cancelledAfter(20, await model('openrouter/openai/gpt-4o-mini'), 'Take your time');
    assert.ok(text.length < 200, `stopped early (${text.length} characters)`);
    await until(async () => (await abandoned()) > gone, 'the simulator to see the request abandoned');
  });

  it('sends a code prompt on Auto to the code model', async () => {
    const sent = (await chatRequests()).length;
    await answerOf(await model('openrouter/auto'), 'Why does this fail?\n```python\nprint(undefined_name)\n```');
    const body = (await chatRequests()).slice(sent)[0]?.body as { model?: string } | undefined;
    assert.equal(body?.model, 'qwen/qwen3-coder');
  });

  it('round-trips a tool call: streamed in pieces, its result sent back, then the final answer', async () => {
    const chat = await model('openrouter/openai/gpt-4o-mini');
    const tools: vscode.LanguageModelChatTool[] = [{ name: 'lookup', description: 'Looks a word up', inputSchema: { type: 'object', properties: { word: { type: 'string' } } } }];
    const sent = (await chatRequests()).length;
    await queue({ text: '', toolCalls: [{ name: 'lookup', arguments: '{"word":"안녕","lang":"ko"}' }] });
    const asked = vscode.LanguageModelChatMessage.User('What does 안녕 mean?');
    const first = await chat.sendRequest([asked], { tools });
    const calls: vscode.LanguageModelToolCallPart[] = [];
    for await (const part of first.stream) if (part instanceof vscode.LanguageModelToolCallPart) calls.push(part);
    assert.deepEqual(calls.map((c) => [c.callId, c.name, c.input]), [['call_0_lookup', 'lookup', { word: '안녕', lang: 'ko' }]]);

    await queue({ text: 'It means hello.' });
    const result = new vscode.LanguageModelToolResultPart('call_0_lookup', [new vscode.LanguageModelTextPart('hello (greeting)')]);
    const second = await chat.sendRequest([asked, vscode.LanguageModelChatMessage.Assistant(calls), vscode.LanguageModelChatMessage.User([result])], { tools });
    let text = '';
    for await (const part of second.text) text += part;
    assert.equal(text, 'It means hello.');
    const [offered, answered] = (await chatRequests()).slice(sent).map((r) => r.body as { tools?: Array<{ function: { name: string } }>; messages: unknown[] });
    assert.deepEqual(offered?.tools?.map((t) => t.function.name), ['lookup']);
    assert.deepEqual(answered?.messages.slice(1), [
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_0_lookup', type: 'function', function: { name: 'lookup', arguments: '{"word":"안녕","lang":"ko"}' } }] },
      { role: 'tool', tool_call_id: 'call_0_lookup', content: 'hello (greeting)' },
    ]);
  });

  it('says plainly that a model whose list entry has no tools cannot make a required tool call', async () => {
    const chat = await model('openrouter/qwen/qwen3-coder');
    const tools: vscode.LanguageModelChatTool[] = [{ name: 'lookup', description: 'Looks a word up' }];
    await assert.rejects(
      (async () => {
        const response = await chat.sendRequest([vscode.LanguageModelChatMessage.User('Look it up')], { tools, toolMode: vscode.LanguageModelChatToolMode.Required });
        for await (const _part of response.stream) void _part;
      })(),
      /does not take tools/,
    );
  });

  it('sends an image to a model that takes images as a content part, and a text-only model says it takes none', async () => {
    // VS Code reads the image in the window (it may scale it down), so it must be a real one.
    const asked = vscode.LanguageModelChatMessage.User([new vscode.LanguageModelTextPart('What is in this picture?'), vscode.LanguageModelDataPart.image(new Uint8Array(PIXEL_PNG), 'image/png')]);
    const sent = (await chatRequests()).length;
    const vision = await (await model('openrouter/openai/gpt-4o-mini')).sendRequest([asked]);
    for await (const _part of vision.text) void _part;
    const body = (await chatRequests()).slice(sent).at(-1)?.body as { messages: Array<{ content: Array<{ type: string; text?: string; image_url?: { url: string } }> }> };
    const [text, image] = body.messages.at(-1)?.content ?? [];
    assert.deepEqual(text, { type: 'text', text: 'What is in this picture?' });
    assert.equal(image?.type, 'image_url');
    const url = image?.image_url?.url ?? '';
    assert.match(url, /^data:image\/png;base64,/);
    assert.deepEqual([...Buffer.from(url.slice(url.indexOf(',') + 1), 'base64').subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG');
    const textOnly = (await chatRequests()).length;
    await assert.rejects(
      (async () => {
        const response = await (await model('openrouter/qwen/qwen3-coder')).sendRequest([asked]);
        for await (const _part of response.text) void _part;
      })(),
      /does not take images/,
    );
    assert.equal((await chatRequests()).length, textOnly, 'nothing was sent');
  });

  it('refuses a request over a spending limit with the reason, asking nothing', async () => {
    await config().update('budget.perRequest', 0.000001, vscode.ConfigurationTarget.Global);
    const sent = (await chatRequests()).length;
    await assert.rejects(answerOf(await model('openrouter/anthropic/claude-sonnet-4.5'), 'An expensive question'), (error: Error) => {
      assert.match(error.message, /per-request maximum/);
      assert.match(error.message, /Settings › Switchboard › Budget/);
      return true;
    });
    assert.equal((await chatRequests()).length, sent, 'nothing left for the gateway');
    await config().update('budget.perRequest', undefined, vscode.ConfigurationTarget.Global);
  });
  describe("what an answer cost: estimated as it ends, then OpenRouter's bill", () => {
    interface Line { readonly generationId?: string; readonly source?: string; readonly usdNano?: string; readonly estimateUsdNano?: string; readonly provider?: string }
    const ledgerLines = async (): Promise<Line[]> => (await readFile(ledgerFile, 'utf8').catch(() => '')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
    /** The simulator's bill for a generation, in nano-dollars: its charge plus, for BYOK, the provider's. */
    async function simulatorBill(id: string): Promise<bigint> {
      const { data } = (await (await fetch(`${simUrl}/openrouter/api/v1/generation?id=${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${SIM_KEYS.openrouter}` } })).json()) as { data: { total_cost: number; upstream_inference_cost: number | null } };
      const nano = (usd: number | null): bigint => BigInt(Math.round((usd ?? 0) * 1e9));
      return nano(data.total_cost) + nano(data.upstream_inference_cost);
    }
    /** The estimate the ledger took for the newest answer, then the bill that replaced it. */
    async function estimateThenBill(before: number): Promise<{ estimate: Line; bill: Line }> {
      const estimate = await until(async () => (await ledgerLines()).slice(before).find((l) => l.source === 'estimated'), 'the estimate in the ledger');
      assert.ok(estimate.generationId, 'the estimate names its generation');
      const bill = await until(async () => (await ledgerLines()).find((l) => l.generationId === estimate.generationId && l.source === 'billed'), 'the bill in the ledger');
      return { estimate, bill };
    }

    it('records the estimate, then the bill in its place, to the nano-dollar of what the gateway billed, with the provider that served', async () => {
      const before = (await ledgerLines()).length;
      await queue({ text: 'Cached answer.', cachedTokens: 6 });
      await answerOf(await model('openrouter/openai/gpt-4o-mini'), 'A prompt the provider had cached');
      const { estimate, bill } = await estimateThenBill(before);
      assert.equal(BigInt(bill.usdNano ?? '-1'), await simulatorBill(estimate.generationId ?? ''));
      assert.equal(bill.estimateUsdNano, estimate.usdNano);
      assert.equal(bill.provider, 'OpenAI');
    });

    it('bills an answer the chat stopped halfway, though no usage came with it', async () => {
      const before = (await ledgerLines()).length;
      await queue({ text: 'word '.repeat(300), chunkChars: 5, delayMs: 20, billsWhole: true });
      await cancelledAfter(40, await model('openrouter/openai/gpt-4o-mini'), 'Go on');
      const { estimate, bill } = await estimateThenBill(before);
      const billed = await simulatorBill(estimate.generationId ?? '');
      assert.equal(BigInt(bill.usdNano ?? '-1'), billed);
      assert.ok(billed > BigInt(estimate.usdNano ?? '0'), 'this provider billed the whole answer, more than the text that arrived');
    });

    it("counts with the user's own provider key what that provider charged, and OpenRouter's fee", async () => {
      const before = (await ledgerLines()).length;
      await queue({ text: 'Through your own key.', byok: true });
      await answerOf(await model('openrouter/anthropic/claude-sonnet-4.5'), 'Hello');
      const { estimate, bill } = await estimateThenBill(before);
      assert.ok(BigInt(estimate.usdNano ?? '0') > 0n, 'not $0 while the bill is read');
      assert.equal(BigInt(bill.usdNano ?? '-1'), await simulatorBill(estimate.generationId ?? ''));
    });
  });
});

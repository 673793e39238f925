import * as assert from 'node:assert/strict';
import { parseCatalog } from '../../src/gateway/core/catalog';
import { BIZROUTER, OPENROUTER } from '../../src/gateway/core/gateways';
import { toChatMessages, toolInput } from '../../src/lm/core/lmMessages';
import { FALLBACK_CONTEXT, lmModels, mostUsed, parseLmModelId } from '../../src/lm/core/lmModels';
import { columnMarkdown, costLine, costMarkdown, routeMarkdown } from '../../src/lm/core/participantText';

const openRouterCatalog = parseCatalog('openrouter', {
  data: [
    { id: 'openai/gpt-4o-mini', name: 'OpenAI: GPT-4o-mini', context_length: 128000, pricing: { prompt: '0.00000015', completion: '0.0000006' }, top_provider: { max_completion_tokens: 16384 }, supported_parameters: ['tools', 'tool_choice'] },
    { id: 'meta-llama/llama-3.3-70b-instruct:free', name: 'Llama 3.3 70B (free)', context_length: 131072, pricing: { prompt: '0', completion: '0' } },
    { id: 'mystery/model', name: 'Mystery' },
  ],
});
const bizRouterCatalog = parseCatalog('bizrouter', { data: [{ id: 'upstage/solar-pro-2', name: 'Solar Pro 2', context_length: 65536, max_output_tokens: 8192, input_price_per_1m_usd: 0.25, output_price_per_1m_usd: 0.25, input_price_per_1m_krw: 368, output_price_per_1m_krw: 368 }], exchange_rate: 1470 });

describe("models for VS Code's Chat", () => {
  const listed = lmModels(
    [
      { profile: OPENROUTER, catalog: openRouterCatalog },
      { profile: BIZROUTER, catalog: bizRouterCatalog },
    ],
    { lead: 'KRW', krwPerUsd: '1400', freeOnly: false, first: [], onlyFirst: false },
  );

  it('lists Auto first for each gateway, then its models, each named by gateway and model', () => {
    assert.deepEqual(
      listed.map((m) => m.id),
      ['openrouter/auto', 'openrouter/openai/gpt-4o-mini', 'openrouter/meta-llama/llama-3.3-70b-instruct:free', 'openrouter/mystery/model', 'bizrouter/auto', 'bizrouter/upstage/solar-pro-2'],
    );
    assert.deepEqual(parseLmModelId('openrouter/meta-llama/llama-3.3-70b-instruct:free'), { gatewayId: 'openrouter', model: 'meta-llama/llama-3.3-70b-instruct:free' });
    assert.equal(parseLmModelId('no-model/'), undefined);
  });

  it("takes token limits from the catalog, with a documented fallback when it lists none, and Auto's from its largest model", () => {
    const byId = new Map(listed.map((m) => [m.id, m]));
    assert.deepEqual([byId.get('openrouter/openai/gpt-4o-mini')?.maxInputTokens, byId.get('openrouter/openai/gpt-4o-mini')?.maxOutputTokens], [128000 - 16384, 16384]);
    assert.deepEqual([byId.get('openrouter/mystery/model')?.maxInputTokens, byId.get('openrouter/mystery/model')?.maxOutputTokens], [FALLBACK_CONTEXT - FALLBACK_CONTEXT / 4, FALLBACK_CONTEXT / 4]);
    assert.equal((byId.get('openrouter/auto')?.maxInputTokens ?? 0) + (byId.get('openrouter/auto')?.maxOutputTokens ?? 0), 131072);
  });

  it("shows each price in the lead currency, the gateway's own won prices as they are, and says free or unknown", () => {
    const detail = (id: string): string => listed.find((m) => m.id === id)?.detail ?? '';
    assert.match(detail('bizrouter/upstage/solar-pro-2'), /^BizRouter · ₩368 \/ ₩368 per 1M tokens$/);
    assert.match(detail('openrouter/openai/gpt-4o-mini'), /^OpenRouter · ₩210 \/ ₩840 per 1M tokens$/, 'converted at the setting, since OpenRouter names no rate');
    assert.equal(detail('openrouter/meta-llama/llama-3.3-70b-instruct:free'), 'OpenRouter · free');
    assert.equal(detail('openrouter/mystery/model'), 'OpenRouter · price unknown');
    assert.match(listed.find((m) => m.id === 'openrouter/openai/gpt-4o-mini')?.tooltip ?? '', /\(\$0\.15 \/ \$0\.60\)/);
  });

  it('offers tool calling only where the gateway lists tools for the model', () => {
    const tools = new Map(listed.map((m) => [m.id, m.capabilities.toolCalling]));
    assert.deepEqual([tools.get('openrouter/openai/gpt-4o-mini'), tools.get('openrouter/mystery/model'), tools.get('openrouter/auto'), tools.get('bizrouter/upstage/solar-pro-2')], [true, false, false, false]);
  });

  it('lists only free models, and Auto, when free models only is on', () => {
    const free = lmModels([{ profile: OPENROUTER, catalog: openRouterCatalog }], { lead: 'USD', krwPerUsd: '1400', freeOnly: true, first: [], onlyFirst: false });
    assert.deepEqual(free.map((m) => m.id), ['openrouter/auto', 'openrouter/meta-llama/llama-3.3-70b-instruct:free']);
  });

  it('lists the chosen and most used models first, and only those when so set', () => {
    const first = ['openrouter/mystery/model', 'bizrouter/upstage/solar-pro-2', 'openrouter/meta-llama/llama-3.3-70b-instruct:free', 'openrouter/gone/model'];
    const gateways = [
      { profile: OPENROUTER, catalog: openRouterCatalog },
      { profile: BIZROUTER, catalog: bizRouterCatalog },
    ];
    const ids = (onlyFirst: boolean): string[] => lmModels(gateways, { lead: 'USD', krwPerUsd: '1400', freeOnly: false, first, onlyFirst }).map((m) => m.id);
    assert.deepEqual(ids(false), ['openrouter/auto', 'openrouter/mystery/model', 'openrouter/meta-llama/llama-3.3-70b-instruct:free', 'openrouter/openai/gpt-4o-mini', 'bizrouter/auto', 'bizrouter/upstage/solar-pro-2']);
    assert.deepEqual(ids(true), ['openrouter/auto', 'openrouter/mystery/model', 'openrouter/meta-llama/llama-3.3-70b-instruct:free', 'bizrouter/auto', 'bizrouter/upstage/solar-pro-2']);
  });

  it('ranks the models by their answers this month', () => {
    const at = (day: string): string => new Date(`${day}T12:00:00`).toISOString();
    const entries = [
      { at: at('2026-12-01'), gatewayId: 'openrouter', model: 'a' },
      { at: at('2026-12-02'), gatewayId: 'openrouter', model: 'b' },
      { at: at('2026-12-02'), gatewayId: 'openrouter', model: 'b' },
      { at: at('2026-11-30'), gatewayId: 'openrouter', model: 'c' },
      { at: at('2026-11-30'), gatewayId: 'openrouter', model: 'c' },
      { at: at('2026-11-30'), gatewayId: 'openrouter', model: 'c' },
    ];
    assert.deepEqual(mostUsed(entries, new Date('2026-12-02T15:00:00')), ['openrouter/b', 'openrouter/a']);
  });

  it('lists Auto alone for a gateway whose model list could not be fetched', () => {
    assert.deepEqual(lmModels([{ profile: OPENROUTER, catalog: undefined }], { lead: 'USD', krwPerUsd: '1400', freeOnly: false, first: [], onlyFirst: false }).map((m) => m.id), ['openrouter/auto']);
  });
});

describe("VS Code's Chat messages as a gateway takes them", () => {
  it("joins each message's text and leaves out messages without any", () => {
    assert.deepEqual(
      toChatMessages([
        { role: 'user', parts: [{ kind: 'text', text: 'Hello, ' }, { kind: 'text', text: '세계' }] },
        { role: 'assistant', parts: [] },
        { role: 'assistant', parts: [{ kind: 'text', text: 'Hi.' }] },
      ], false),
      { messages: [{ role: 'user', content: 'Hello, 세계' }, { role: 'assistant', content: 'Hi.' }] },
    );
  });

  it("keeps an assistant's tool calls on its message, and sends each result as a tool message right after", () => {
    assert.deepEqual(
      toChatMessages([
        { role: 'user', parts: [{ kind: 'text', text: 'List the files' }] },
        { role: 'assistant', parts: [{ kind: 'toolCall', call: { id: 'c1', name: 'ls', arguments: '{"dir":"."}' } }] },
        { role: 'user', parts: [{ kind: 'toolResult', callId: 'c1', text: 'a.ts b.ts' }, { kind: 'text', text: 'And now?' }] },
      ], false),
      {
        messages: [
          { role: 'user', content: 'List the files' },
          { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'ls', arguments: '{"dir":"."}' }] },
          { role: 'tool', toolCallId: 'c1', content: 'a.ts b.ts' },
          { role: 'user', content: 'And now?' },
        ],
      },
    );
  });

  it('reads tool arguments as an object, and says plainly when the model sent something else', () => {
    assert.deepEqual(toolInput({ id: 'c', name: 'ls', arguments: '{"dir":"src"}' }), { input: { dir: 'src' } });
    for (const broken of ['{"dir":', '[1,2]', '"text"']) {
      const read = toolInput({ id: 'c', name: 'ls', arguments: broken });
      assert.ok('problem' in read, broken);
      assert.match(read.problem, /tool "ls" with arguments that are not a JSON object/);
    }
  });

  it('refuses, by name, a part it cannot send instead of dropping it', () => {
    assert.deepEqual(toChatMessages([{ role: 'user', parts: [{ kind: 'text', text: 'What is this?' }, { kind: 'unsupported', what: 'data of type audio/wav' }] }], true), { unsupported: 'data of type audio/wav' });
  });

  it('sends an image with its prompt to a model that takes images, and refuses one to a model that does not', () => {
    const asked = [{ role: 'user' as const, parts: [{ kind: 'text' as const, text: 'What is this?' }, { kind: 'image' as const, image: { mimeType: 'image/png', base64: 'iVBORw0KGgo=' } }] }];
    assert.deepEqual(toChatMessages(asked, true), { messages: [{ role: 'user', content: 'What is this?', images: [{ mimeType: 'image/png', base64: 'iVBORw0KGgo=' }] }] });
    assert.deepEqual(toChatMessages(asked, false), { unsupported: 'an image' });
  });
});

describe('what @switchboard writes', () => {
  const cost = { usdNano: 12_300n, krwNano: 18_081_000n, source: 'billed' as const, krwPerUsd: '1470' };

  it('puts the model and its cost, billed or computed, under an answer, the lead currency first', () => {
    assert.equal(costLine('openai/gpt-4o-mini', cost, 'KRW'), '*openai/gpt-4o-mini · < ₩1 · $0.0000123, billed by the gateway*');
    assert.equal(costLine('evil/*model*', undefined, 'USD'), '*evil/\\*model\\* · cost unknown*');
  });

  it("shows Auto's choice with every reason, and says nothing was sent", () => {
    const text = routeMarkdown({ chosenBy: 'auto', model: 'qwen/qwen3-coder', task: 'code', label: 'Auto → qwen/qwen3-coder · code (python)', reasons: ['Detected code: a python fence.', 'Chose qwen/qwen3-coder.'], candidates: [] });
    assert.equal(text, '**Auto → qwen/qwen3-coder · code (python)**\n\n- Detected code: a python fence.\n- Chose qwen/qwen3-coder.\n\nNothing was sent. Ask without `/route` to send it.');
  });

  it('totals today, this month and this chat in both currencies', () => {
    const totals = { usdNano: 1_500_000_000n, krwNano: 2_205_000_000_000n, answers: 3 };
    const text = costMarkdown({ today: totals, month: totals }, { usdNano: 0n, krwNano: 0n, answers: 0 }, 'USD');
    assert.match(text, /\| Today \| \$1\.50 · ₩2,205 \| 3 \|/);
    assert.match(text, /\| This chat \| \$0\.00 · ₩0 \| 0 \|/);
  });

  it("writes a compared answer with its metrics and cost, and keeps a failed one's partial text with the reason", () => {
    const base = { id: 'c1', gateway: 'openrouter', gatewayLabel: 'OpenRouter', model: 'openai/gpt-4o-mini' };
    const done = columnMarkdown({ ...base, answer: { id: 'a', role: 'assistant', text: 'Spaces.', status: 'done', metrics: { firstTokenMs: 420, tokensPerSecond: 51.6, completionTokens: 12, durationMs: 650 }, cost: { usdNano: '1500000', krwNano: '2205000000', source: 'billed', krwPerUsd: '1470' } } }, 'USD');
    assert.equal(done, '### openai/gpt-4o-mini (OpenRouter)\n\n*first token 0.4 s · 52 tokens/s · 12 tokens · $0.0015 · ₩2 · billed*\n\nSpaces.\n\n');
    const failed = columnMarkdown({ ...base, answer: { id: 'b', role: 'assistant', text: 'Tabs, bec', status: 'error', error: 'The gateway or the model provider failed.', metrics: { durationMs: 300 } } }, 'KRW');
    assert.match(failed, /\*cost unknown\*\n\nTabs, bec\n\n> The gateway or the model provider failed\.\n\n$/);
  });
});

import * as assert from 'node:assert/strict';
import { streamChat, type StreamEvent } from '../../src/gateway/core/chatStream';
import { createGatewayClient } from '../../src/gateway/core/gatewayClient';
import { BIZROUTER, OPENROUTER, type GatewayProfile } from '../../src/gateway/core/gateways';
import type { Scenario } from '../fixtures/simulator/scenario';
import { GatewaySimulator, SIM_KEYS } from '../fixtures/simulator/server';

describe('chat stream against the gateway simulator', () => {
  const simulator = new GatewaySimulator();
  let openrouter: GatewayProfile;
  let bizrouter: GatewayProfile;

  before(async () => {
    const url = await simulator.listen();
    openrouter = { ...OPENROUTER, baseUrl: `${url}/openrouter/api/v1` };
    bizrouter = { ...BIZROUTER, baseUrl: `${url}/bizrouter/v1` };
  });
  after(() => simulator.close());
  beforeEach(() => simulator.reset());

  async function run(profile: GatewayProfile, scenario: Scenario = {}, options: { key?: string; model?: string; abortAfterChars?: number } = {}): Promise<StreamEvent[]> {
    simulator.enqueue(scenario);
    const key = options.key ?? (profile.dialect === 'bizrouter' ? SIM_KEYS.bizrouter : SIM_KEYS.openrouter);
    const controller = new AbortController();
    const events: StreamEvent[] = [];
    let chars = 0;
    const request = { model: options.model ?? 'openai/gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hi' }] };
    for await (const event of streamChat(createGatewayClient(profile, { key }), profile.dialect, request, controller.signal)) {
      events.push(event);
      if (event.kind === 'delta') chars += event.text.length;
      if (options.abortAfterChars !== undefined && chars >= options.abortAfterChars) controller.abort();
    }
    return events;
  }

  const text = (events: readonly StreamEvent[]): string => events.map((e) => (e.kind === 'delta' ? e.text : '')).join('');
  const lastError = (events: readonly StreamEvent[]) => {
    const last = events.at(-1);
    assert.ok(last?.kind === 'error', `expected an error, got ${JSON.stringify(last)}`);
    return last.error;
  };

  const answer = '한국어와 中文 and émojis 👋🏽 survive byte splits.\nLine two.';

  it('reassembles text split inside UTF-8 characters, with CRLF line ends and keep-alive comments', async () => {
    for (const profile of [openrouter, bizrouter]) {
      const events = await run(profile, { text: answer, chunkChars: 3, splitBytes: 5, crlf: true, keepAlives: 3 });
      assert.equal(text(events), answer);
      assert.deepEqual(events.at(-1), { kind: 'done', finishReason: 'stop' });
    }
  });

  it('assembles tool calls streamed in pieces, parallel ones by index, in either dialect', async () => {
    const toolCalls = [
      { name: 'read_file', arguments: '{"path":"src/main.ts","lines":[1,40]}' },
      { name: 'search', arguments: '{"query":"한국어 검색"}' },
    ];
    for (const profile of [openrouter, bizrouter]) {
      const events = await run(profile, { text: 'Let me look.', chunkChars: 4, splitBytes: 5, toolCalls });
      assert.equal(text(events), 'Let me look.');
      const calls = events.flatMap((e) => (e.kind === 'toolCall' ? [e.call] : []));
      assert.deepEqual(calls, [
        { id: 'call_0_read_file', ...toolCalls[0] },
        { id: 'call_1_search', ...toolCalls[1] },
      ]);
      assert.deepEqual(events.at(-1), { kind: 'done', finishReason: 'tool_calls' });
    }
  });

  it('sends the tools offered, and a conversation with tool calls and their results, in the OpenAI format', async () => {
    simulator.enqueue({});
    const request = {
      model: 'openai/gpt-4o-mini',
      messages: [
        { role: 'user' as const, content: 'What is in main.ts?' },
        { role: 'assistant' as const, content: '', toolCalls: [{ id: 'call_1', name: 'read_file', arguments: '{"path":"main.ts"}' }] },
        { role: 'tool' as const, toolCallId: 'call_1', content: 'console.log(1)' },
      ],
      tools: { tools: [{ name: 'read_file', description: 'Reads a file', parameters: { type: 'object', properties: { path: { type: 'string' } } } }], required: false },
    };
    for await (const _event of streamChat(createGatewayClient(openrouter, { key: SIM_KEYS.openrouter }), 'openrouter', request, new AbortController().signal)) void _event;
    const body = simulator.requests.find((r) => r.path.endsWith('/chat/completions'))?.body as Record<string, unknown>;
    assert.deepEqual(body['messages'], [
      { role: 'user', content: 'What is in main.ts?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"main.ts"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'console.log(1)' },
    ]);
    assert.deepEqual(body['tools'], [{ type: 'function', function: { name: 'read_file', description: 'Reads a file', parameters: { type: 'object', properties: { path: { type: 'string' } } } } }]);
    assert.equal(body['tool_choice'], 'auto');
  });

  it('reports usage, with the billed cost where OpenRouter gives it', async () => {
    const fromOpenRouter = (await run(openrouter, { text: answer })).find((e) => e.kind === 'usage');
    assert.ok(fromOpenRouter?.kind === 'usage');
    assert.equal(fromOpenRouter.usage.promptTokens, 1);
    assert.ok(fromOpenRouter.usage.billedUsd !== undefined && fromOpenRouter.usage.billedUsd > 0);
    const fromBizRouter = (await run(bizrouter, { text: answer })).find((e) => e.kind === 'usage');
    assert.ok(fromBizRouter?.kind === 'usage');
    assert.equal(fromBizRouter.usage.billedUsd, undefined);
    const requested = simulator.requests.at(-1)?.body as { stream_options?: unknown };
    assert.deepEqual(requested.stream_options, { include_usage: true });
  });

  it('tolerates a gateway that sends no usage', async () => {
    const events = await run(bizrouter, { text: 'ok', omitUsage: true });
    assert.equal(events.some((e) => e.kind === 'usage'), false);
    assert.equal(events.at(-1)?.kind, 'done');
  });

  it('keeps the partial answer when an error arrives mid-stream, in either dialect', async () => {
    for (const profile of [openrouter, bizrouter]) {
      const events = await run(profile, { text: 'abcdefghij', chunkChars: 2, failAfterChunks: 2, midStreamFailure: 'server' });
      assert.equal(text(events), 'abcd');
      const error = lastError(events);
      assert.equal(error.reason, 'server');
      assert.equal(error.midStream, true);
      assert.match(error.message, /partial answer was kept/);
    }
  });

  it('reports unreadable stream data as such and keeps the text before it', async () => {
    const events = await run(openrouter, { text: 'abcdefghij', chunkChars: 2, malformedAfterChunks: 3 });
    assert.equal(text(events), 'abcdef');
    assert.equal(lastError(events).reason, 'malformedStream');
  });

  it('says a rejected key is the problem, in either dialect', async () => {
    for (const profile of [openrouter, bizrouter]) {
      const error = lastError(await run(profile, {}, { key: 'sk-wrong' }));
      assert.equal(error.reason, 'auth');
      assert.equal(error.status, 401);
      assert.equal(error.midStream, false);
      assert.doesNotMatch(error.message, /sk-wrong/);
    }
  });

  it('says an unknown model is the problem', async () => {
    assert.equal(lastError(await run(openrouter, {}, { model: 'nosuch/model' })).reason, 'modelNotFound');
    assert.equal(lastError(await run(bizrouter, {}, { model: 'nosuch/model' })).reason, 'modelNotFound');
  });

  it('ends as cancelled, keeping the text, when the caller aborts', async () => {
    const events = await run(openrouter, { text: 'x'.repeat(400), chunkChars: 10, delayMs: 5 }, { abortAfterChars: 50 });
    assert.equal(text(events).length, 50);
    assert.equal(lastError(events).reason, 'cancelled');
  });

  it('reports the model that actually answered a server-side router', async () => {
    const events = await run(bizrouter, { text: 'ok' }, { model: 'bizrouter/route' });
    assert.deepEqual(events.find((e) => e.kind === 'model'), { kind: 'model', model: 'upstage/solar-pro-2' });
  });

  describe('a stream that goes quiet or runs too long', () => {
    const limits = { firstDataMs: 1000, idleMs: 1000, totalMs: 5000 };
    async function watched(scenario: Scenario, custom = limits): Promise<{ events: StreamEvent[]; ms: number }> {
      simulator.enqueue(scenario);
      const started = Date.now();
      const events: StreamEvent[] = [];
      const request = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hi' }] };
      for await (const event of streamChat(createGatewayClient(openrouter, { key: SIM_KEYS.openrouter }), 'openrouter', request, new AbortController().signal, [], custom)) events.push(event);
      return { events, ms: Date.now() - started };
    }

    it('ends one that sends only keep-alives after the headers, keep-alives not counting as data', async () => {
      const { events, ms } = await watched({ keepAlives: 500, delayMs: 20 });
      const error = lastError(events);
      assert.equal(error.reason, 'timeout');
      assert.equal(error.midStream, false);
      assert.match(error.message, /nothing came for 1 s after the gateway took the request/);
      assert.ok(ms < 5000, `ended after ${ms} ms, not after the 10 s of keep-alives`);
    });

    it('ends one that stops coming halfway, keeping what arrived', async () => {
      const { events } = await watched({ text: 'Hello there, this answer stalls', chunkChars: 6, stallAfterChunks: 2 });
      const error = lastError(events);
      assert.equal(error.reason, 'timeout');
      assert.equal(error.midStream, true);
      assert.equal(text(events), 'Hello there,');
      assert.match(error.message, /the answer stopped coming for 1 s\b.*The partial answer was kept/);
    });

    it('ends one that runs past the cap on a whole answer', async () => {
      const { events, ms } = await watched({ text: 'x'.repeat(400), chunkChars: 2, delayMs: 50 }, { firstDataMs: 1000, idleMs: 1000, totalMs: 1200 });
      const error = lastError(events);
      assert.equal(error.reason, 'timeout');
      assert.equal(error.midStream, true);
      assert.ok(text(events).length > 0 && text(events).length < 400);
      assert.ok(ms < 3000, `ended after ${ms} ms`);
    });
  });
});

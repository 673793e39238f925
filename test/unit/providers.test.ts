import * as assert from 'node:assert/strict';
import { streamChat, type StreamEvent } from '../../src/gateway/core/chatStream';
import { columnLabel } from '../../src/compare/core/compareSummary';
import { endpointLines } from '../../src/compare/core/providerChoice';
import { endpointsPath, fetchEndpoints, readEndpoints } from '../../src/gateway/core/endpoints';
import { GatewayError } from '../../src/gateway/core/errors';
import { createGatewayClient } from '../../src/gateway/core/gatewayClient';
import { OPENROUTER, type GatewayProfile } from '../../src/gateway/core/gateways';
import { providerRouting, readProviderPreferences } from '../../src/gateway/core/providerPreferences';
import { buildRequestBody, type ChatRequest } from '../../src/gateway/core/requestParams';
import { GatewaySimulator, SIM_KEYS } from '../fixtures/simulator/server';

describe("a model's providers on OpenRouter", () => {
  const simulator = new GatewaySimulator();
  let openrouter: GatewayProfile;
  before(async () => {
    openrouter = { ...OPENROUTER, baseUrl: `${await simulator.listen()}/openrouter/api/v1` };
  });
  after(() => simulator.close());
  beforeEach(() => simulator.reset());

  const client = (): ReturnType<typeof createGatewayClient> => createGatewayClient(openrouter, { key: SIM_KEYS.openrouter });

  it('lists each endpoint with its price per million, context, quantisation and last half hour', async () => {
    const endpoints = await fetchEndpoints(client(), openrouter, SIM_KEYS.openrouter, 'qwen/qwen3-coder');
    assert.deepEqual(
      endpoints.map((e) => [e.provider, e.slug, e.inputUsdPerM, e.outputUsdPerM, e.contextLength, e.quantization, e.latencyMs, e.tokensPerSecond, e.uptimePercent]),
      [
        ['DeepInfra', 'deepinfra/fp8', '0.22', '0.95', 262_144, 'fp8', 820, 48.5, 99.2],
        ['Together', 'together/fp8', '0.3', '1.2', 262_144, 'fp8', 410, 96.1, 99.9],
        ['Alibaba', 'alibaba', '1', '5', 1_000_000, 'bf16', 1250, 61.4, 97.5],
        ['Chutes', 'chutes/bf16', '0.25', '1', 262_144, undefined, undefined, undefined, undefined],
      ],
    );
    assert.equal(simulator.requests.at(-1)?.path, '/openrouter/api/v1/models/qwen/qwen3-coder/endpoints');
  });

  it("asks for a `:free` model's endpoints with the suffix escaped, and says plainly when the model is unknown", async () => {
    assert.equal(endpointsPath('meta-llama/llama-3.3-70b-instruct:free'), '/models/meta-llama/llama-3.3-70b-instruct%3Afree/endpoints');
    assert.equal(endpointsPath('gpt-4o'), undefined);
    assert.equal(endpointsPath('/x'), undefined);
    assert.equal(endpointsPath('../key'), undefined);
    assert.equal(endpointsPath('a/../../key'), '/models/a/..%2F..%2Fkey/endpoints');
    const free = await fetchEndpoints(client(), openrouter, SIM_KEYS.openrouter, 'meta-llama/llama-3.3-70b-instruct:free');
    assert.equal(free.length, 1);
    await assert.rejects(fetchEndpoints(client(), openrouter, SIM_KEYS.openrouter, 'nobody/nothing'), (error: unknown) => error instanceof GatewayError && error.reason === 'modelNotFound');
    await assert.rejects(fetchEndpoints(client(), openrouter, SIM_KEYS.openrouter, 'no-author'), (error: unknown) => error instanceof GatewayError && error.reason === 'modelNotFound');
  });

  it('reads, for the list to choose from, each price in both currencies, the context, the quantisation and what was measured', async () => {
    const [deepinfra, , , chutes] = await fetchEndpoints(client(), openrouter, SIM_KEYS.openrouter, 'qwen/qwen3-coder');
    assert.ok(deepinfra && chutes);
    assert.deepEqual(endpointLines(deepinfra, 'USD', '1470'), {
      label: 'DeepInfra',
      description: '$0.22 / $0.95 per 1M (₩323 / ₩1,397) · 262K context · fp8',
      detail: 'deepinfra/fp8 · Last 30 min: first token 820 ms · 48.5 tokens/s · up 99.2%',
    });
    assert.equal(endpointLines(deepinfra, 'KRW', '1470').description, '₩323 / ₩1,397 per 1M ($0.22 / $0.95) · 262K context · fp8');
    assert.equal(endpointLines(chutes, 'USD', '1470').detail, 'chutes/bf16 · No latency, speed or uptime listed');
    assert.equal(endpointLines({ provider: 'Bare', slug: 'bare' }, 'USD', '1470').description, 'price not listed');
    assert.equal(columnLabel({ model: 'qwen/qwen3-coder', provider: 'deepinfra/fp8' }), 'qwen/qwen3-coder on deepinfra/fp8');
  });

  it('leaves out what a hostile list sends instead of endpoints: markup for names, impossible measures, repeats', () => {
    const endpoints = readEndpoints({
      data: {
        endpoints: [
          { provider_name: '<img src=x onerror=alert(1)>', tag: 'evil', pricing: { prompt: '0.000001' } },
          { provider_name: 'Line\nbreak' },
          { provider_name: 'Fine', tag: 'fine', pricing: { prompt: '-1', completion: 'abc' }, latency_last_30m: { p50: -5 }, throughput_last_30m: { p50: Number.NaN }, uptime_last_30m: 140, context_length: 1.5, quantization: 'fp8\u202e' },
          { provider_name: 'Fine', tag: 'fine' },
          'not an endpoint',
          null,
        ],
      },
    });
    assert.deepEqual(endpoints, [{ provider: 'Fine', slug: 'fine' }]);
    assert.deepEqual(readEndpoints('<html>'), []);
    assert.deepEqual(readEndpoints({ data: { endpoints: 'many' } }), []);
  });
});

describe('provider preferences (switchboard.providerPreferences)', () => {
  it("keeps OpenRouter's fields as they are, and a model's own entry over \"*\", field by field", () => {
    const settings = readProviderPreferences({
      '*': { data_collection: 'deny', sort: 'price' },
      'qwen/qwen3-coder': { sort: 'throughput', max_price: { prompt: 0.5, completion: 2 }, ignore: ['alibaba'], zdr: true },
    });
    assert.deepEqual(settings.problems, []);
    assert.deepEqual(providerRouting(settings, 'qwen/qwen3-coder', undefined), { data_collection: 'deny', sort: 'throughput', max_price: { prompt: 0.5, completion: 2 }, ignore: ['alibaba'], zdr: true });
    assert.deepEqual(providerRouting(settings, 'openai/gpt-4o-mini', undefined), { data_collection: 'deny', sort: 'price' });
    assert.equal(providerRouting(readProviderPreferences({}), 'openai/gpt-4o-mini', undefined), undefined);
  });

  it('asks a pinned provider alone, keeping the data policy and the price limit, setting aside the lists it replaces', () => {
    const settings = readProviderPreferences({ '*': { data_collection: 'deny', only: ['together'], order: ['together'], sort: 'latency', max_price: { completion: 3 } } });
    assert.deepEqual(providerRouting(settings, 'qwen/qwen3-coder', 'deepinfra/fp8'), { data_collection: 'deny', max_price: { completion: 3 }, order: ['deepinfra/fp8'], allow_fallbacks: false });
  });

  it('leaves out each field OpenRouter would not take, saying which and why, and keeps the rest', () => {
    const settings = readProviderPreferences({
      'qwen/qwen3-coder': { sort: 'fastest', zdr: 'yes', max_price: { prompt: -1 }, only: ['ok', '<script>'], sortt: 'price', data_collection: 'deny' },
      'x/y': 'cheap',
    });
    assert.deepEqual(providerRouting(settings, 'qwen/qwen3-coder', undefined), { data_collection: 'deny' });
    assert.equal(settings.problems.length, 6);
    const said = settings.problems.join('\n');
    for (const expected of [
      'switchboard.providerPreferences["qwen/qwen3-coder"].sort must be "price", "throughput" or "latency"',
      '.zdr must be true or false',
      '.max_price must be { "prompt": …, "completion": … }',
      '.only must be a list of provider names',
      'has no field "sortt"',
      'switchboard.providerPreferences["x/y"] must be an object',
    ]) {
      assert.ok(said.includes(expected), `${expected}\nin\n${said}`);
    }
    assert.deepEqual(readProviderPreferences([1]).problems, ['switchboard.providerPreferences must be an object keyed by model id (or "*" for every model)']);
  });

  it('goes into the body on OpenRouter only: another gateway could refuse the field', () => {
    const request: ChatRequest = { model: 'qwen/qwen3-coder', messages: [{ role: 'user', content: 'Hi' }], provider: { order: ['together/fp8'], allow_fallbacks: false } };
    assert.deepEqual(buildRequestBody('openrouter', request).provider, { order: ['together/fp8'], allow_fallbacks: false });
    assert.equal(buildRequestBody('bizrouter', request).provider, undefined);
    assert.equal(buildRequestBody('openai', request).provider, undefined);
  });
});

describe('the provider that serves an answer', () => {
  const simulator = new GatewaySimulator();
  let openrouter: GatewayProfile;
  before(async () => {
    openrouter = { ...OPENROUTER, baseUrl: `${await simulator.listen()}/openrouter/api/v1` };
  });
  after(() => simulator.close());

  async function ask(provider: ChatRequest['provider']): Promise<StreamEvent[]> {
    const request: ChatRequest = { model: 'qwen/qwen3-coder', messages: [{ role: 'user', content: 'Hi' }], ...(provider ? { provider } : {}) };
    const events: StreamEvent[] = [];
    for await (const event of streamChat(createGatewayClient(openrouter, { key: SIM_KEYS.openrouter }), 'openrouter', request, new AbortController().signal)) events.push(event);
    return events;
  }
  const served = (events: readonly StreamEvent[]): string[] => events.flatMap((e) => (e.kind === 'provider' ? [e.provider] : []));

  it('is named once, from the chunks, as the preferences chose it', async () => {
    assert.deepEqual(served(await ask(undefined)), ['DeepInfra']);
    assert.deepEqual(served(await ask({ order: ['together/fp8'], allow_fallbacks: false })), ['Together']);
    assert.deepEqual(served(await ask({ sort: 'latency' })), ['Together']);
  });

  it('fails with what to change when the preferences leave no provider', async () => {
    const events = await ask({ order: ['alibaba'], allow_fallbacks: false, data_collection: 'deny' });
    const last = events.at(-1);
    assert.ok(last?.kind === 'error');
    assert.equal(last.error.reason, 'noProvider');
    assert.match(last.error.message, /No provider of this model may serve the request.*switchboard\.providerPreferences.*data policy/s);
  });
});

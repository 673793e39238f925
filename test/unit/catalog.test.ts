import * as assert from 'node:assert/strict';
import { parseCatalog } from '../../src/gateway/core/catalog';
import { bizRouterListing, openRouterListing } from '../fixtures/simulator/catalog';

describe('model catalog', () => {
  it('normalises OpenRouter listings, per-token prices becoming exact per-million prices', () => {
    const { models, exchangeRate } = parseCatalog('openrouter', openRouterListing());
    assert.equal(exchangeRate, undefined);
    const coder = models.find((m) => m.id === 'qwen/qwen3-coder');
    assert.deepEqual(coder, {
      id: 'qwen/qwen3-coder',
      name: 'Qwen: Qwen3 Coder 480B A35B',
      provider: 'qwen',
      contextLength: 262_144,
      maxOutput: 65_536,
      inputUsdPerM: '0.22',
      outputUsdPerM: '0.95',
      inputKrwPerM: undefined,
      outputKrwPerM: undefined,
      free: false,
      supportedParameters: ['max_tokens', 'temperature', 'top_p', 'stop', 'seed', 'frequency_penalty', 'presence_penalty', 'top_k'],
      reasoning: false,
      inputModalities: ['text'],
    });
    const free = models.filter((m) => m.free).map((m) => m.id);
    assert.deepEqual(free, ['qwen/qwen3-coder:free', 'meta-llama/llama-3.3-70b-instruct:free']);
  });

  it('normalises BizRouter listings with KRW prices and the exchange rate', () => {
    const { models, exchangeRate } = parseCatalog('bizrouter', bizRouterListing());
    assert.equal(exchangeRate, 1470);
    const solar = models.find((m) => m.id === 'upstage/solar-pro-2');
    assert.ok(solar);
    assert.equal(solar.provider, 'upstage');
    assert.equal(solar.inputUsdPerM, '0.25');
    assert.equal(solar.inputKrwPerM, '368');
    assert.equal(solar.maxOutput, 8192);
    assert.equal(solar.supportedParameters, undefined);
  });

  it('accepts the OpenAI-style list some BizRouter and local gateways send', () => {
    const { models } = parseCatalog('openai', { object: 'list', data: [{ id: 'llama3.2', object: 'model', owned_by: 'library' }, { id: 'qwen2.5-coder:7b', owned_by: 'library' }] });
    assert.deepEqual(models.map((m) => [m.id, m.provider, m.inputUsdPerM, m.contextLength]), [
      ['llama3.2', 'library', undefined, undefined],
      ['qwen2.5-coder:7b', 'library', undefined, undefined],
    ]);
  });

  it('tolerates odd entries: missing or negative prices, strings for numbers, duplicates, junk', () => {
    const { models } = parseCatalog('openrouter', {
      data: [
        { id: 'openrouter/auto', name: 'Auto Router', context_length: 2_000_000, pricing: { prompt: '-1', completion: '-1' } },
        { id: 'x/no-pricing', context_length: '8192' },
        { id: 'x/no-pricing', name: 'duplicate' },
        { name: 'no id' },
        'junk',
        null,
      ],
    });
    assert.deepEqual(models.map((m) => [m.id, m.inputUsdPerM, m.outputUsdPerM, m.contextLength, m.free]), [
      ['openrouter/auto', undefined, undefined, 2_000_000, false],
      ['x/no-pricing', undefined, undefined, 8192, false],
    ]);
    assert.deepEqual(parseCatalog('bizrouter', { error: 'nope' }).models, []);
    assert.deepEqual(parseCatalog('openrouter', 'not json').models, []);
  });

  it('marks reasoning models from either way OpenRouter says so', () => {
    const { models } = parseCatalog('openrouter', {
      data: [
        { id: 'a/think', supported_parameters: ['reasoning', 'include_reasoning'] },
        { id: 'b/think', reasoning: { supported_efforts: ['low', 'high'], default_effort: 'low', mandatory: false } },
        { id: 'c/plain', supported_parameters: ['temperature'] },
      ],
    });
    assert.deepEqual(models.map((m) => m.reasoning), [true, true, false]);
  });
});

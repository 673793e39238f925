import * as assert from 'node:assert/strict';
import { parseCatalog } from '../../src/gateway/core/catalog';
import { acceptedExtras, buildRequestBody, type ChatParams } from '../../src/gateway/core/requestParams';
import { openRouterListing } from '../fixtures/simulator/catalog';

const everything: ChatParams = {
  temperature: 0.2,
  topP: 0.9,
  maxTokens: 512,
  frequencyPenalty: 0.1,
  presencePenalty: 0.3,
  seed: 7,
  stop: ['###'],
  topK: 40,
  minP: 0.05,
  repetitionPenalty: 1.1,
  reasoningEffort: 'high',
  verbosity: 'low',
};
const messages = [{ role: 'user' as const, content: 'hi' }];
const standard = { temperature: 0.2, top_p: 0.9, max_tokens: 512, frequency_penalty: 0.1, presence_penalty: 0.3, seed: 7, stop: ['###'] };

describe('request bodies', () => {
  it('sends the standard parameters everywhere, and extras only where the model lists them', () => {
    const info = parseCatalog('openrouter', openRouterListing()).models.find((m) => m.id === 'qwen/qwen3-coder');
    const body = buildRequestBody('openrouter', { model: 'qwen/qwen3-coder', messages, params: everything, modelInfo: info });
    assert.deepEqual(body, { model: 'qwen/qwen3-coder', messages, stream: true, ...standard, top_k: 40 });
  });

  it('sends OpenRouter reasoning as an object when the model supports it', () => {
    const info = parseCatalog('openrouter', { data: [{ id: 'x/think', supported_parameters: ['reasoning'] }] }).models[0];
    const body = buildRequestBody('openrouter', { model: 'x/think', messages, params: { reasoningEffort: 'low' }, modelInfo: info });
    assert.deepEqual(body.reasoning, { effort: 'low' });
    assert.equal(body.reasoning_effort, undefined);
  });

  it("sends BizRouter's documented extras, and GPT-5 options only to GPT-5 models, asking for usage", () => {
    const solar = buildRequestBody('bizrouter', { model: 'upstage/solar-pro-2', messages, params: everything });
    assert.deepEqual(solar, { model: 'upstage/solar-pro-2', messages, stream: true, ...standard, top_k: 40, min_p: 0.05, repetition_penalty: 1.1, stream_options: { include_usage: true } });
    const gpt5 = buildRequestBody('bizrouter', { model: 'openai/gpt-5', messages, params: everything });
    assert.equal(gpt5.reasoning_effort, 'high');
    assert.equal(gpt5.verbosity, 'low');
  });

  it('sends no extras to a plain OpenAI-compatible server that lists nothing', () => {
    const body = buildRequestBody('openai', { model: 'llama3.2', messages, params: everything });
    assert.deepEqual(body, { model: 'llama3.2', messages, stream: true, ...standard, stream_options: { include_usage: true } });
  });

  it('leaves out what was not set', () => {
    assert.deepEqual(buildRequestBody('openrouter', { model: 'm', messages, params: { stop: [] } }), { model: 'm', messages, stream: true });
  });

  it('offers in the settings exactly the extras a request would send to the model', () => {
    const listed = parseCatalog('openrouter', { data: [{ id: 'x/think', supported_parameters: ['reasoning', 'top_k', 'temperature'] }] }).models[0];
    assert.deepEqual(acceptedExtras('openrouter', 'x/think', listed), ['topK', 'reasoningEffort']);
    assert.deepEqual(acceptedExtras('openrouter', 'x/unknown', undefined), [], 'OpenRouter without a listing: nothing extra is sent');
    assert.deepEqual(acceptedExtras('bizrouter', 'upstage/solar-pro-2', undefined), ['topK', 'minP', 'repetitionPenalty']);
    assert.deepEqual(acceptedExtras('bizrouter', 'openai/gpt-5', undefined), ['topK', 'minP', 'repetitionPenalty', 'reasoningEffort', 'verbosity']);
    assert.deepEqual(acceptedExtras('openai', 'llama3.2', undefined), []);
  });
});

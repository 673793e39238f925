import * as assert from 'node:assert/strict';
import { estimateDraft, modelThatFits } from '../../src/costs/core/draftEstimate';
import { estimatePromptTokens } from '../../src/costs/core/budget';
import { parseCatalog, type ModelInfo } from '../../src/gateway/core/catalog';
import { openRouterListing } from '../fixtures/simulator/catalog';

const models = parseCatalog('openrouter', openRouterListing()).models;
const find = (id: string): ModelInfo => {
  const found = models.find((m) => m.id === id);
  assert.ok(found, id);
  return found;
};
const mini = find('openai/gpt-4o-mini');
const ask = (text: string) => [{ content: 'You are helpful.' }, { content: text }];

describe('the draft’s estimate before sending', () => {
  it('prices the prompt alone and with the longest answer allowed, in both currencies', () => {
    const messages = ask('Explain what a monad is, briefly.');
    const estimate = estimateDraft(messages, mini, { models, freeOnly: false }, 1000, '1470');
    const tokens = estimatePromptTokens(messages);
    assert.equal(estimate.promptTokens, tokens);
    assert.equal(estimate.maxOutputTokens, 1000);
    assert.equal(estimate.fits, true);
    assert.equal(estimate.fitsIn, undefined);
    // gpt-4o-mini: $0.15 in, $0.60 out per million.
    assert.deepEqual(estimate.usd, { least: String(tokens * 150), most: String(tokens * 150 + 1000 * 600) });
    assert.deepEqual(estimate.krw, { least: String(tokens * 150 * 1470), most: String((tokens * 150 + 1000 * 600) * 1470) });
  });

  it('has no prices for a model the list does not price, and assumes a fit where the context is unknown', () => {
    const estimate = estimateDraft(ask('hello'), undefined, undefined, undefined, '1470');
    assert.equal(estimate.usd, undefined);
    assert.equal(estimate.krw, undefined);
    assert.equal(estimate.fits, true);
    assert.equal(estimate.contextLength, undefined);
  });

  it('says a request past the context does not fit, counting the answer it allows, and names the cheapest model that holds it', () => {
    const small = { ...mini, contextLength: 1000 };
    const text = 'word '.repeat(900);
    assert.equal(estimateDraft(ask(text), small, undefined, undefined, '1470').fits, true, 'a prompt within the context fits when no max tokens are set');
    const over = estimateDraft(ask(text), small, { models: [small, mini, find('anthropic/claude-sonnet-4.5')], freeOnly: false }, 500, '1470');
    assert.equal(over.fits, false);
    assert.equal(over.contextLength, 1000);
    assert.deepEqual(over.fitsIn, { id: mini.id, name: mini.name });
  });

  it('offers only free models when free models only is on, and nothing when none holds the request', () => {
    const free = models.filter((m) => m.free);
    assert.ok(free.length > 0);
    const pick = modelThatFits(models, 5000, 1000, true);
    assert.ok(pick?.free, 'a free model');
    assert.equal(modelThatFits(models, 50_000_000, undefined, false), undefined);
  });
});

import * as assert from 'node:assert/strict';
import { createGatewayClient } from '../../src/gateway/core/gatewayClient';
import { BIZROUTER, OPENROUTER } from '../../src/gateway/core/gateways';
import { checkKey, describeOpenRouterKey } from '../../src/keys/core/keyCheck';
import { redactSecrets } from '../../src/gateway/core/redact';
import { modelsOf } from '../fixtures/simulator/catalog';
import { GatewaySimulator, SIM_KEYS } from '../fixtures/simulator/server';

describe('checking a key', () => {
  const simulator = new GatewaySimulator();
  let url = '';
  before(async () => {
    url = await simulator.listen();
  });
  after(() => simulator.close());

  it("reports an OpenRouter key's label and remaining limit from /key", async () => {
    const profile = { ...OPENROUTER, baseUrl: `${url}/openrouter/api/v1` };
    const result = await checkKey(createGatewayClient(profile, { key: SIM_KEYS.openrouter }), profile, SIM_KEYS.openrouter);
    assert.deepEqual(result, { ok: true, summary: 'Key "sim" works. $7.50 left of its $10.00 limit.' });
    assert.equal(simulator.requests.at(-1)?.path, '/openrouter/api/v1/key');
  });

  it('describes keys with no limit, and free-tier keys', () => {
    assert.equal(describeOpenRouterKey({ label: 'work', limit: null, limit_remaining: null, usage: 12.3456 }), 'Key "work" works. No spending limit; $12.35 used so far.');
    assert.equal(describeOpenRouterKey({ is_free_tier: true }), 'The key works. Free tier: free models are limited to 50 requests a day.');
  });

  it('checks a BizRouter key by listing the models it may use', async () => {
    const profile = { ...BIZROUTER, baseUrl: `${url}/bizrouter/v1` };
    const result = await checkKey(createGatewayClient(profile, { key: SIM_KEYS.bizrouter }), profile, SIM_KEYS.bizrouter);
    assert.deepEqual(result, { ok: true, summary: `The key works: ${modelsOf('bizrouter').length} models available.` });
    assert.equal(simulator.requests.at(-1)?.headers['x-api-key'], SIM_KEYS.bizrouter);
  });

  it('says a rejected key is rejected, without repeating it', async () => {
    const profile = { ...BIZROUTER, baseUrl: `${url}/bizrouter/v1` };
    const result = await checkKey(createGatewayClient(profile, { key: 'sk-br-v1-wrong-key-1234' }), profile, 'sk-br-v1-wrong-key-1234');
    assert.ok(!result.ok);
    assert.equal(result.error.reason, 'auth');
    assert.doesNotMatch(result.error.message, /wrong-key/);
  });

  it('tells an unreachable gateway apart from a bad key', async () => {
    const profile = { ...OPENROUTER, baseUrl: 'http://127.0.0.1:9/api/v1' };
    const result = await checkKey(createGatewayClient(profile, { key: SIM_KEYS.openrouter }), profile, SIM_KEYS.openrouter);
    assert.ok(!result.ok);
    assert.equal(result.error.reason, 'network');
  });
});

describe('redacting secrets from gateway messages', () => {
  it('masks keys, whole or partly starred, and long opaque tokens', () => {
    assert.equal(redactSecrets('Incorrect API key provided: sk-or-v1-abc1***********xyz9.'), 'Incorrect API key provided: sk-….');
    assert.equal(redactSecrets('token eyJhbGciOiJIUzI1NiJ9eyJzdWIiOiIxMjM0NTY3ODkwIn0abcdefghij rejected'), 'token … rejected');
    assert.equal(redactSecrets('my key hunter2-corp-key was refused', ['hunter2-corp-key']), 'my key … was refused');
  });

  it('leaves ordinary messages and model ids alone', () => {
    const message = 'qwen/qwen3-coder:free is temporarily rate-limited upstream; retry shortly';
    assert.equal(redactSecrets(message), message);
  });
});

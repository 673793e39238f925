import * as assert from 'node:assert/strict';
import { BIZROUTER, OPENROUTER, authHeaders, resolveGateways } from '../../src/gateway/core/gateways';

describe('gateway profiles', () => {
  it('sends OpenRouter the key as Bearer with the attribution headers', () => {
    const headers = authHeaders(OPENROUTER, 'sk-or-v1-abc');
    assert.equal(headers['Authorization'], 'Bearer sk-or-v1-abc');
    assert.equal(headers['X-OpenRouter-Title'], 'Switchboard');
    assert.equal(headers['X-Title'], 'Switchboard');
    assert.equal(headers['X-OpenRouter-Categories'], 'ide-extension');
    assert.match(headers['HTTP-Referer'] ?? '', /^https:\/\//);
    assert.equal(headers['X-API-Key'], undefined);
  });

  it('sends BizRouter the key both ways and the conversation as X-Session-Id', () => {
    const headers = authHeaders(BIZROUTER, 'sk-br-v1-1', 'conv-1');
    assert.equal(headers['Authorization'], 'Bearer sk-br-v1-1');
    assert.equal(headers['X-API-Key'], 'sk-br-v1-1');
    assert.equal(headers['X-Session-Id'], 'conv-1');
  });

  it('removes Authorization entirely for a keyless local gateway', () => {
    const local = resolveGateways({ custom: [{ id: 'ollama', baseUrl: 'http://localhost:11434/v1' }], baseUrls: {} }).gateways.at(-1);
    assert.ok(local);
    assert.equal(local.keyRequired, false);
    assert.equal(authHeaders(local, undefined)['Authorization'], null);
  });
});

describe('gateway settings', () => {
  it('adds valid custom gateways and applies base URL overrides to any gateway', () => {
    const { gateways, problems } = resolveGateways({
      custom: [{ id: 'litellm', label: 'Team LiteLLM', baseUrl: 'https://llm.example.com/v1', dialect: 'openai', headers: { 'X-Team': 'core' } }],
      baseUrls: { openrouter: 'https://proxy.example.com/openrouter/v1', litellm: 'http://127.0.0.1:4000/v1' },
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(gateways.map((g) => g.id), ['openrouter', 'bizrouter', 'litellm']);
    assert.equal(gateways[0]?.baseUrl, 'https://proxy.example.com/openrouter/v1');
    assert.equal(gateways[1]?.baseUrl, 'https://api.bizrouter.ai/v1');
    assert.equal(gateways[2]?.baseUrl, 'http://127.0.0.1:4000/v1');
    assert.equal(gateways[2]?.label, 'Team LiteLLM');
    assert.deepEqual(gateways[2]?.headers, { 'X-Team': 'core' });
  });

  it('ignores invalid entries and says why', () => {
    const { gateways, problems } = resolveGateways({
      custom: [
        { id: 'openrouter', baseUrl: 'https://x.example/v1' },
        { id: 'Bad Id', baseUrl: 'https://x.example/v1' },
        { id: 'files', baseUrl: 'file:///etc/passwd' },
        { id: 'odd', baseUrl: 'https://x.example/v1', dialect: 'anthropic' },
        { id: 'leaky', baseUrl: 'https://x.example/v1', headers: { Authorization: 'Bearer sk-123' } },
      ],
      baseUrls: { bizrouter: 'javascript:alert(1)' },
    });
    assert.deepEqual(gateways.map((g) => g.id), ['openrouter', 'bizrouter']);
    assert.equal(gateways[1]?.baseUrl, 'https://api.bizrouter.ai/v1');
    assert.deepEqual(problems, [
      'switchboard.gateways[0].id "openrouter" is already used',
      'switchboard.gateways[1].id must be lower-case letters, digits and dashes',
      'switchboard.gateways[2].baseUrl must be an http(s) URL',
      'switchboard.gateways[3].dialect must be one of openrouter, bizrouter, openai',
      'switchboard.gateways[4].headers must not carry a key: keys belong in "Switchboard: Set API Key"',
      'switchboard.baseUrls.bizrouter must be an http(s) URL',
    ]);
  });

  it('takes plain http only for this machine, and no URL with a user name or password, without showing it', () => {
    const { gateways, problems } = resolveGateways({
      custom: [
        { id: 'ollama', baseUrl: 'http://localhost:11434/v1' },
        { id: 'vllm', baseUrl: 'http://127.0.0.53:8000/v1' },
        { id: 'lmstudio', baseUrl: 'http://[::1]:1234/v1' },
        { id: 'lan', baseUrl: 'http://192.168.1.20:4000/v1' },
        { id: 'creds', baseUrl: 'https://alice:hunter22@llm.example.com/v1' },
      ],
      baseUrls: { openrouter: 'http://proxy.example.com/v1', bizrouter: 'https://bob:pa55word@proxy.example.com/v1' },
    });
    assert.deepEqual(gateways.map((g) => g.id), ['openrouter', 'bizrouter', 'ollama', 'vllm', 'lmstudio']);
    assert.equal(gateways[0]?.baseUrl, 'https://openrouter.ai/api/v1', 'an unusable override leaves the built-in URL');
    assert.deepEqual(problems, [
      'switchboard.gateways[3].baseUrl must use https: plain http is allowed only for this machine (localhost, 127.0.0.1, [::1]), not 192.168.1.20',
      'switchboard.gateways[4].baseUrl must not hold a user name or password; put credentials in "Switchboard: Set API Key"',
      'switchboard.baseUrls.openrouter must use https: plain http is allowed only for this machine (localhost, 127.0.0.1, [::1]), not proxy.example.com',
      'switchboard.baseUrls.bizrouter must not hold a user name or password; put credentials in "Switchboard: Set API Key"',
    ]);
    assert.doesNotMatch(problems.join('\n'), /hunter22|pa55word|alice|bob/);
  });
});

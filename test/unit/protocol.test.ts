import * as assert from 'node:assert/strict';
import { parseHostMessage, parseWebviewMessage, respond } from '../../src/protocol';
import { MAX_PROMPT_CHARS } from '../../src/chat/core/message';

describe('protocol guards', () => {
  it('accepts the messages the webview may send', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready', payload: {} }), { type: 'ready', payload: {} });
    assert.ok(parseWebviewMessage({ type: 'send', payload: { text: 'Explain this 함수' } }));
    assert.ok(parseWebviewMessage({ type: 'stop', payload: { runId: '0f8e2c1a-5b7d-4e1f-9a3c-2d4b6f8e0a1c' } }));
  });

  it('rejects anything else, so nothing unchecked reaches the host', () => {
    const rejected: unknown[] = [
      null,
      'send',
      [],
      { type: 'send' },
      { type: 'send', payload: { text: '   ' } },
      { type: 'send', payload: { text: 42 } },
      { type: 'send', payload: { text: 'x'.repeat(MAX_PROMPT_CHARS + 1) } },
      { type: 'stop', payload: { runId: '../../etc/passwd' } },
      { type: 'executeCommand', payload: { command: 'workbench.action.terminal.new' } },
      { type: 'toString', payload: {} },
      { type: '__proto__', payload: {} },
    ];
    for (const message of rejected) assert.equal(parseWebviewMessage(message), undefined, JSON.stringify(message)?.slice(0, 80));
  });

  it('accepts conversation settings only within each parameter’s range', () => {
    const update = (settings: unknown): unknown => parseWebviewMessage({ type: 'updateSettings', payload: { settings } });
    assert.ok(update({ temperature: 1, topP: 0.9, seed: -3, stop: ['END', '###'], topK: 50, reasoningEffort: 'minimal', verbosity: 'high' }));
    for (const bad of [{ topP: 1.5 }, { seed: 1.5 }, { stop: ['a', 'b', 'c', 'd', 'e'] }, { stop: [''] }, { stop: 'END' }, { reasoningEffort: 'max' }, { verbosity: 3 }, { topK: 0 }, { frequencyPenalty: 3 }]) {
      assert.equal(update(bad), undefined, JSON.stringify(bad));
    }
  });

  it('accepts a request only for a method the host answers, with its parameters checked', () => {
    assert.ok(parseWebviewMessage({ type: 'request', payload: { id: 'r1', method: 'listModels', params: { refresh: false } } }));
    assert.ok(parseWebviewMessage({ type: 'request', payload: { id: 'r2', method: 'loadImage', params: { url: 'https://example.com/a.png' } } }));
    const rejected: unknown[] = [
      { type: 'request', payload: { id: 'r3', method: 'loadImage', params: { url: 'file:///etc/passwd' } } },
      { type: 'request', payload: { id: 'r4', method: 'listModels', params: { refresh: 'yes' } } },
      { type: 'request', payload: { id: 'r5', method: 'setApiKey', params: {} } },
      { type: 'request', payload: { id: 'r6', method: 'hasOwnProperty', params: {} } },
      { type: 'request', payload: { id: '../x', method: 'listModels', params: { refresh: true } } },
      { type: 'request', payload: { id: 'r7', method: 'listModels' } },
      { type: 'request', payload: { id: 'r8', method: 'estimateDraft', params: { text: 42, withHistory: true } } },
    ];
    for (const message of rejected) assert.equal(parseWebviewMessage(message), undefined, JSON.stringify(message));
  });

  it('answers a request with its responder’s result under the request’s id', async () => {
    const responders = {
      listModels: async ({ refresh }: { refresh: boolean }) => ({ models: [], error: refresh ? 'refreshed' : 'cached' }),
      estimateDraft: async ({ text }: { text: string }) => ({ model: 'm', earlier: 0, images: 0, promptTokens: text.length, maxOutputTokens: 10, fits: true }),
      addContext: async () => ({ added: false }),
      attachImage: async () => ({}),
      loadImage: async () => ({ error: 'not here' }),
    };
    assert.deepEqual(await respond(responders, { id: 'r9', method: 'listModels', params: { refresh: true } }), { id: 'r9', method: 'listModels', result: { models: [], error: 'refreshed' } });
    assert.deepEqual(await respond(responders, { id: 'r10', method: 'loadImage', params: { url: 'https://x.test/i.png' } }), { id: 'r10', method: 'loadImage', result: { error: 'not here' } });
  });

  it('lets the webview drop messages that are not the host’s', () => {
    assert.ok(parseHostMessage({ type: 'runDelta', payload: { runId: 'a', seq: 1, text: 'x' } }));
    assert.equal(parseHostMessage({ type: 'constructor', payload: {} }), undefined);
    assert.equal(parseHostMessage({ type: 'snapshot' }), undefined);
  });
});

import * as assert from 'node:assert/strict';
import { parseHostMessage, parseWebviewMessage } from '../../src/protocol';
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

  it('lets the webview drop messages that are not the host’s', () => {
    assert.ok(parseHostMessage({ type: 'runDelta', payload: { runId: 'a', seq: 1, text: 'x' } }));
    assert.equal(parseHostMessage({ type: 'constructor', payload: {} }), undefined);
    assert.equal(parseHostMessage({ type: 'snapshot' }), undefined);
  });
});

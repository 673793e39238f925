import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { streamChat, type StreamEvent } from '../../src/gateway/core/chatStream';
import { createGatewayClient } from '../../src/gateway/core/gatewayClient';
import { OPENROUTER } from '../../src/gateway/core/gateways';

/** A recorded OpenRouter answer: keep-alive comments, CRLF line ends, reasoning, Korean, Chinese, emoji. */
const RECORDED = readFileSync(join(__dirname, '..', 'fixtures', 'recorded', 'openrouter-stream.sse'));

const EXPECTED_TEXT =
  '피보나치 수열은 이렇게 구현합니다：\n\n```python\ndef fib(n: int) -> int:\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n```\n\n中文也可以 — 😀 € and ñ.';

/** A fetch that answers with the recording, delivered in the given pieces. */
function replay(pieces: readonly Uint8Array[]): typeof fetch {
  return async () =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (const piece of pieces) controller.enqueue(piece);
          controller.close();
        },
      }),
      { status: 200, headers: { 'content-type': 'text/event-stream' } },
    );
}

async function play(pieces: readonly Uint8Array[]): Promise<StreamEvent[]> {
  const client = createGatewayClient({ ...OPENROUTER, baseUrl: 'http://recorded.invalid/api/v1' }, { key: 'sk-or-v1-test', fetch: replay(pieces) });
  const events: StreamEvent[] = [];
  const request = { model: 'qwen/qwen3-coder', messages: [{ role: 'user' as const, content: '피보나치' }] };
  for await (const event of streamChat(client, 'openrouter', request, new AbortController().signal)) events.push(event);
  return events;
}

function summary(events: readonly StreamEvent[]) {
  return {
    text: events.map((e) => (e.kind === 'delta' ? e.text : '')).join(''),
    reasoning: events.map((e) => (e.kind === 'reasoning' ? e.text : '')).join(''),
    usage: events.find((e) => e.kind === 'usage'),
    last: events.at(-1),
  };
}

describe('a recorded stream cut at every byte offset', () => {
  it('reads the whole recording in one piece', async () => {
    const whole = summary(await play([RECORDED]));
    assert.equal(whole.text, EXPECTED_TEXT);
    assert.equal(whole.reasoning, '사용자가 피보나치를 묻는다. ');
    assert.deepEqual(whole.usage, { kind: 'usage', usage: { promptTokens: 27, completionTokens: 96, reasoningTokens: 12, billedUsd: 0.00009714 } });
    assert.deepEqual(whole.last, { kind: 'done', finishReason: 'stop' });
  });

  it(`reassembles the same answer whichever of the ${RECORDED.length - 1} offsets it is cut at`, async function () {
    this.timeout(120_000);
    const expected = summary(await play([RECORDED]));
    const wrong: number[] = [];
    for (let offset = 1; offset < RECORDED.length; offset++) {
      const cut = summary(await play([RECORDED.subarray(0, offset), RECORDED.subarray(offset)]));
      if (JSON.stringify(cut) !== JSON.stringify(expected)) wrong.push(offset);
    }
    assert.deepEqual(wrong, []);
  });

  it('reassembles it delivered one byte at a time', async () => {
    const bytes = Array.from(RECORDED, (byte) => Uint8Array.of(byte));
    assert.equal(summary(await play(bytes)).text, EXPECTED_TEXT);
  });
});

/**
 * Usage as a hostile or broken gateway may send it: counts that are not counts and costs that are
 * not amounts are left out, so nothing is priced from them and the answer still ends as it should.
 */
import * as assert from 'node:assert/strict';
import { streamChat, type StreamEvent, type Usage } from '../../src/gateway/core/chatStream';
import { createGatewayClient } from '../../src/gateway/core/gatewayClient';
import { OPENROUTER } from '../../src/gateway/core/gateways';

/** A fetch answering with one short OpenRouter stream whose last chunk carries `usage`. */
function answeringWith(usage: unknown): typeof fetch {
  const chunks = [
    { id: 'g1', model: 'm', choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }] },
    { id: 'g1', model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage },
  ];
  const body = `${chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('')}data: [DONE]\n\n`;
  return async () => new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

async function usageOf(usage: unknown): Promise<{ usage: Usage | undefined; last: StreamEvent | undefined }> {
  const client = createGatewayClient({ ...OPENROUTER, baseUrl: 'http://recorded.invalid/api/v1' }, { key: 'sk-or-v1-test', fetch: answeringWith(usage) });
  const events: StreamEvent[] = [];
  for await (const event of streamChat(client, 'openrouter', { model: 'm', messages: [{ role: 'user', content: 'x' }] }, new AbortController().signal)) events.push(event);
  const found = events.find((e) => e.kind === 'usage');
  return { usage: found?.kind === 'usage' ? found.usage : undefined, last: events.at(-1) };
}

describe('usage a gateway sends', () => {
  it('takes counts that are non-negative safe integers, and a billed cost that is a decimal ≥ 0', async () => {
    const { usage } = await usageOf({ prompt_tokens: 10, completion_tokens: 5, cost: '0.0002', prompt_tokens_details: { cached_tokens: 4 } });
    assert.deepEqual(usage, { promptTokens: 10, completionTokens: 5, cachedTokens: 4, billedUsd: 0.0002 });
  });

  for (const [what, counts] of [
    ['fractional', { prompt_tokens: 12.5, completion_tokens: 5 }],
    ['negative', { prompt_tokens: -1_000_000, completion_tokens: 5 }],
    ['missing', { completion_tokens: 5 }],
    ['text', { prompt_tokens: '10', completion_tokens: 5 }],
    ['unsafe', { prompt_tokens: 2 ** 60, completion_tokens: 5 }],
  ] as const) {
    it(`leaves out usage with ${what} token counts, and the answer still ends done`, async () => {
      const { usage, last } = await usageOf({ ...counts, cost: 0.001 });
      assert.equal(usage, undefined);
      assert.deepEqual(last, { kind: 'done', finishReason: 'stop' });
    });
  }

  for (const cost of ['', '0x10', '-1', -0.5, 'NaN', '1e999', 'abc']) {
    it(`bills nothing for a cost of ${JSON.stringify(cost)}`, async () => {
      const { usage } = await usageOf({ prompt_tokens: 10, completion_tokens: 5, cost });
      assert.ok(usage);
      assert.equal(usage.billedUsd, undefined);
    });
  }
});

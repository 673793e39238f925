/** A gateway that sends too much: a single huge line, or an answer without end. */
import * as assert from 'node:assert/strict';
import { streamChat, type StreamEvent } from '../../src/gateway/core/chatStream';
import { cappingStreams, createGatewayClient } from '../../src/gateway/core/gatewayClient';
import { OPENROUTER } from '../../src/gateway/core/gateways';

const chunk = (content: string): string => `data: ${JSON.stringify({ id: 'g', model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;

/** A fetch answering with the given lines of an event stream, in pieces of 64 KB. */
function serving(lines: () => Iterable<string>): typeof fetch {
  return async () => {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const line of lines()) {
          const bytes = encoder.encode(line);
          for (let i = 0; i < bytes.length; i += 65_536) controller.enqueue(bytes.subarray(i, i + 65_536));
        }
        controller.close();
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  };
}

async function play(fetchImpl: typeof fetch): Promise<StreamEvent[]> {
  const client = createGatewayClient({ ...OPENROUTER, baseUrl: 'http://sized.invalid/api/v1' }, { key: 'sk-or-v1-test', fetch: fetchImpl });
  const events: StreamEvent[] = [];
  for await (const event of streamChat(client, 'openrouter', { model: 'm', messages: [{ role: 'user', content: 'x' }] }, new AbortController().signal)) events.push(event);
  return events;
}

const text = (events: readonly StreamEvent[]): string => events.map((e) => (e.kind === 'delta' ? e.text : '')).join('');

describe('streams that send too much', () => {
  it('cuts a line past 4 MB, keeping the answer before it', async () => {
    const events = await play(serving(() => [chunk('Before. '), chunk('x'.repeat(5 * 1024 * 1024))]));
    const last = events.at(-1);
    assert.ok(last?.kind === 'error', JSON.stringify(last).slice(0, 200));
    assert.equal(last.error.reason, 'tooLarge');
    assert.match(last.error.message, /one line of the stream passed 4 MB.*partial answer was kept/);
    assert.equal(text(events), 'Before. ');
  });

  it('cuts an answer past its size, in lines of any size', async () => {
    function* endless(): Generator<string> {
      for (let i = 0; i < 2000; i++) yield chunk('word '.repeat(20));
    }
    const events = await play(cappingStreams(serving(endless), { line: 1024 * 1024, answer: 64 * 1024 }));
    const last = events.at(-1);
    assert.ok(last?.kind === 'error');
    assert.equal(last.error.reason, 'tooLarge');
    assert.match(last.error.message, /the answer passed 64 KB/);
    assert.ok(text(events).length > 0 && text(events).length < 64 * 1024);
  });
});

import * as assert from 'node:assert/strict';
import { streamChat, type StreamEvent } from '../../src/gateway/core/chatStream';
import { createGatewayClient } from '../../src/gateway/core/gatewayClient';
import { OPENROUTER, BIZROUTER, type GatewayProfile } from '../../src/gateway/core/gateways';
import { SIM_KEYS } from '../fixtures/simulator/server';

const simUrl = process.env['SWITCHBOARD_SIM_URL'] ?? '';

async function collect(profile: GatewayProfile, key: string, model: string): Promise<StreamEvent[]> {
  const client = createGatewayClient(profile, { key });
  const events: StreamEvent[] = [];
  for await (const event of streamChat(client, profile.dialect, { model, messages: [{ role: 'user', content: 'Bonjour, 안녕하세요' }] }, new AbortController().signal)) {
    events.push(event);
  }
  return events;
}

async function queue(scenario: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${simUrl}/__sim/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(scenario) });
  assert.equal(response.status, 200);
}

const text = (events: readonly StreamEvent[]): string => events.map((e) => (e.kind === 'delta' ? e.text : '')).join('');

describe('streaming through the openai SDK inside the extension host', () => {
  before(() => assert.ok(simUrl, 'SWITCHBOARD_SIM_URL is not set'));

  it('streams an OpenRouter answer with its billed cost', async () => {
    const events = await collect({ ...OPENROUTER, baseUrl: `${simUrl}/openrouter/api/v1` }, SIM_KEYS.openrouter, 'openai/gpt-4o-mini');
    assert.match(text(events), /^You asked: Bonjour, 안녕하세요/);
    const usage = events.find((e) => e.kind === 'usage');
    assert.ok(usage?.kind === 'usage' && usage.usage.billedUsd !== undefined && usage.usage.billedUsd > 0);
    assert.deepEqual(events.at(-1), { kind: 'done', finishReason: 'stop' });
  });

  it('streams a BizRouter answer, sending the key both ways', async () => {
    const events = await collect({ ...BIZROUTER, baseUrl: `${simUrl}/bizrouter/v1` }, SIM_KEYS.bizrouter, 'upstage/solar-pro-2');
    assert.match(text(events), /solar-pro-2/);
    assert.ok(events.some((e) => e.kind === 'usage'), 'usage arrives when asked with stream_options');
  });

  it('keeps the partial answer when the connection drops halfway', async () => {
    await queue({ text: 'one two three four five six seven eight nine ten', chunkChars: 4, dropAfterChunks: 3 });
    const events = await collect({ ...OPENROUTER, baseUrl: `${simUrl}/openrouter/api/v1` }, SIM_KEYS.openrouter, 'openai/gpt-4o-mini');
    assert.equal(text(events), 'one two thre');
    const last = events.at(-1);
    assert.ok(last?.kind === 'error');
    assert.equal(last.error.reason, 'network');
    assert.equal(last.error.midStream, true);
  });
});

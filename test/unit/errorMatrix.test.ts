import * as assert from 'node:assert/strict';
import { streamChat, type StreamEvent } from '../../src/gateway/core/chatStream';
import type { GatewayErrorReason } from '../../src/gateway/core/errors';
import { createGatewayClient } from '../../src/gateway/core/gatewayClient';
import { BIZROUTER, OPENROUTER, type GatewayProfile } from '../../src/gateway/core/gateways';
import type { FailureName } from '../fixtures/simulator/scenario';
import { GatewaySimulator, SIM_KEYS } from '../fixtures/simulator/server';

/** What the user is told for each failure, per dialect; both before and during the stream. */
const EXPECTED: Record<'openrouter' | 'bizrouter', Record<FailureName, GatewayErrorReason>> = {
  openrouter: {
    auth: 'auth',
    credits: 'outOfCredits',
    rateLimit: 'rateLimited',
    dailyCap: 'dailyCap',
    moderation: 'moderation',
    forbidden: 'moderation',
    modelNotFound: 'modelNotFound',
    context: 'contextTooLong',
    server: 'server',
    unavailable: 'server',
    upstreamOpenAI: 'badRequest',
    upstreamAnthropic: 'server',
  },
  bizrouter: {
    auth: 'auth',
    credits: 'outOfCredits',
    rateLimit: 'rateLimited',
    dailyCap: 'rateLimited',
    moderation: 'forbiddenContent',
    forbidden: 'forbiddenContent',
    modelNotFound: 'modelNotFound',
    context: 'contextTooLong',
    server: 'server',
    unavailable: 'server',
    upstreamOpenAI: 'badRequest',
    upstreamAnthropic: 'server',
  },
};

/** Failures whose wait the gateway names, in a header before the stream or in the body during it. */
const NAMES_A_WAIT: ReadonlySet<FailureName> = new Set(['rateLimit', 'unavailable']);

describe('error matrix: every failure of every dialect, before and during the stream', () => {
  const simulator = new GatewaySimulator();
  const profiles: Record<'openrouter' | 'bizrouter', GatewayProfile> = { openrouter: OPENROUTER, bizrouter: BIZROUTER };

  before(async () => {
    const url = await simulator.listen();
    profiles.openrouter = { ...OPENROUTER, baseUrl: `${url}/openrouter/api/v1` };
    profiles.bizrouter = { ...BIZROUTER, baseUrl: `${url}/bizrouter/v1` };
  });
  after(() => simulator.close());

  async function stream(dialect: 'openrouter' | 'bizrouter'): Promise<StreamEvent[]> {
    const profile = profiles[dialect];
    const key = dialect === 'openrouter' ? SIM_KEYS.openrouter : SIM_KEYS.bizrouter;
    const events: StreamEvent[] = [];
    const request = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hi' }] };
    for await (const event of streamChat(createGatewayClient(profile, { key }), dialect, request, new AbortController().signal)) events.push(event);
    return events;
  }

  for (const dialect of ['openrouter', 'bizrouter'] as const) {
    for (const [failure, reason] of Object.entries(EXPECTED[dialect]) as Array<[FailureName, GatewayErrorReason]>) {
      it(`${dialect} ${failure} before the stream: ${reason}`, async () => {
        simulator.enqueue({ fail: failure, retryAfter: 7 });
        const events = await stream(dialect);
        assert.equal(events.length, 1);
        const [event] = events;
        assert.ok(event?.kind === 'error');
        assert.equal(event.error.reason, reason);
        assert.equal(event.error.midStream, false);
        assert.ok(event.error.status !== undefined && event.error.status >= 400);
        if (NAMES_A_WAIT.has(failure)) assert.equal(event.error.retryAfterSeconds, 7);
        assert.ok(event.error.message.length > 20);
      });

      it(`${dialect} ${failure} during the stream: ${reason}, partial text kept`, async () => {
        simulator.enqueue({ text: 'The answer begins here and then fails.', chunkChars: 8, failAfterChunks: 3, midStreamFailure: failure });
        const events = await stream(dialect);
        const text = events.map((e) => (e.kind === 'delta' ? e.text : '')).join('');
        assert.equal(text, 'The answer begins here a');
        const last = events.at(-1);
        assert.ok(last?.kind === 'error');
        assert.equal(last.error.reason, reason);
        assert.equal(last.error.midStream, true);
        assert.match(last.error.message, /The partial answer was kept\.$/);
      });
    }
  }
});

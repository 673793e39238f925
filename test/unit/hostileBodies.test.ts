/**
 * Answers that look like success but are not: a web page sent with 200 for the model list or for
 * a chat, and a rate limit whose headers only look like OpenRouter's daily cap.
 */
import * as assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchCatalog } from '../../src/gateway/core/catalogFetch';
import { streamChat, type StreamEvent } from '../../src/gateway/core/chatStream';
import { classifyErrorBody } from '../../src/gateway/core/errors';
import { createGatewayClient } from '../../src/gateway/core/gatewayClient';
import type { GatewayProfile } from '../../src/gateway/core/gateways';
import { checkKey } from '../../src/keys/core/keyCheck';

const PAGE = '<!doctype html><html><body><h1>Sign in to continue</h1></body></html>';

describe('answers that only look like success', () => {
  const server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(PAGE));
  let profile: GatewayProfile;

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    profile = { id: 'portal', label: 'Captive portal', baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, dialect: 'openai', headers: {}, keyRequired: true };
  });
  after(() => server.close());

  it('does not call a key good when the model list is a web page', async () => {
    const result = await checkKey(createGatewayClient(profile, { key: 'sk-test-123456' }), profile, 'sk-test-123456');
    assert.ok(!result.ok, 'the key is not saved as working');
    assert.equal(result.error.reason, 'malformedStream');
    await assert.rejects(fetchCatalog(createGatewayClient(profile, { key: undefined }), profile, undefined), /could not be read/);
  });

  it('says a chat answered with a web page could not be read', async () => {
    const events: StreamEvent[] = [];
    for await (const event of streamChat(createGatewayClient(profile, { key: 'sk-test-123456' }), 'openai', { model: 'm', messages: [{ role: 'user', content: 'hi' }] }, new AbortController().signal)) events.push(event);
    const last = events.at(-1);
    assert.ok(last?.kind === 'error');
    assert.equal(last.error.reason, 'malformedStream');
    assert.match(last.error.message, /could not be read.*web page/);
  });

  it('takes a limit of 1,000 in the rate-limit headers for a daily cap only from OpenRouter', () => {
    const headers = new Headers({ 'x-ratelimit-limit': '1000', 'retry-after': '2' });
    assert.equal(classifyErrorBody(429, { message: 'Too many requests' }, headers, 'openrouter').reason, 'dailyCap');
    for (const dialect of ['openai', 'bizrouter'] as const) assert.equal(classifyErrorBody(429, { message: 'Too many requests' }, headers, dialect).reason, 'rateLimited', dialect);
  });
});

/**
 * A gateway that quotes back what it was sent — the key, in whatever characters it has, the
 * Authorization header, a custom header's value — before or in the middle of a stream, or when a
 * key is checked: none of it reaches the words shown to the user, saved or exported.
 */
import * as assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openGatewayStream, type StreamEvent } from '../../src/gateway/core/chatStream';
import { createGatewayClient } from '../../src/gateway/core/gatewayClient';
import { redactSecrets } from '../../src/gateway/core/redact';
import type { GatewayProfile } from '../../src/gateway/core/gateways';
import { checkKey } from '../../src/keys/core/keyCheck';

/** Everything the request carried that could be a secret, quoted back. */
function echoed(req: IncomingMessage): string {
  return `You sent ${req.headers['authorization'] ?? ''}, key ${String(req.headers['x-api-key'] ?? '')} and proxy token ${String(req.headers['x-proxy-token'] ?? '')}.`;
}

function gateway(req: IncomingMessage, res: ServerResponse): void {
  if (req.url?.endsWith('/models') || req.headers['x-case'] === 'before') {
    res.writeHead(401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { code: 'invalid_api_key', message: echoed(req), type: 'auth' } }));
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/event-stream' });
  res.write(`data: ${JSON.stringify({ id: 'g1', model: 'm', choices: [{ index: 0, delta: { content: 'Half an ans' } }] })}\n\n`);
  res.end(`data: ${JSON.stringify({ error: { code: 502, message: `Upstream refused: ${echoed(req)}` }, choices: [{ index: 0, delta: {}, finish_reason: 'error' }] })}\n\n`);
}

const KEYS = {
  /** Short, with the characters of base64. */
  short: 'k3y+Sh/rt=',
  /** BizRouter's shape with characters a key pattern stops at. */
  bizrouter: 'sk-br-v1-0f8e2c1a-5b7d_ab+cd/ef==',
  /** Plain base64, no prefix. */
  base64: 'QWxhZGRpbjpvcGVuIHNlc2FtZQ==',
} as const;
const PROXY_TOKEN = 'tok-secret-991';

describe('secrets a gateway quotes back', () => {
  const server = createServer(gateway);
  let profile: GatewayProfile;

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    profile = { id: 'proxy', label: 'Team proxy', baseUrl: url, dialect: 'bizrouter', headers: { 'X-Proxy-Token': PROXY_TOKEN }, keyRequired: true };
  });
  after(() => server.close());

  function assertClean(text: string): void {
    for (const secret of [...Object.values(KEYS), PROXY_TOKEN]) assert.ok(!text.includes(secret), `"${secret}" shown in: ${text}`);
    for (const fragment of ['+cd/ef==', 'Sh/rt', 'bpvcGVu']) assert.ok(!text.includes(fragment), `"${fragment}" shown in: ${text}`);
  }

  async function errorOf(key: string, when: 'before' | 'mid'): Promise<string> {
    const withCase = { ...profile, headers: { ...profile.headers, 'X-Case': when } };
    const events: StreamEvent[] = [];
    for await (const event of openGatewayStream(withCase, key, { model: 'm', messages: [{ role: 'user', content: 'hi' }] }, 'c1', new AbortController().signal)) events.push(event);
    const last = events.at(-1);
    assert.ok(last?.kind === 'error', JSON.stringify(last));
    return last.error.message;
  }

  for (const [name, key] of Object.entries(KEYS)) {
    it(`masks a ${name} key quoted in an error before the answer`, async () => {
      const message = await errorOf(key, 'before');
      assert.match(message, /rejected the API key/);
      assertClean(message);
    });

    it(`masks a ${name} key quoted as "Bearer …" in an error in the middle of the answer`, async () => {
      const message = await errorOf(key, 'mid');
      assert.match(message, /partial answer was kept/);
      assert.match(message, /Bearer …/);
      assertClean(message);
    });

    it(`masks a ${name} key quoted when the key is checked`, async () => {
      const result = await checkKey(createGatewayClient(profile, { key }), profile, key);
      assert.ok(!result.ok);
      assertClean(result.error.message);
    });
  }

  it('leaves short ordinary words alone, and masks a credential with its scheme whatever its shape', () => {
    assert.equal(redactSecrets('Model x not found', ['x']), 'Model x not found');
    assert.equal(redactSecrets('got Bearer abc.def+/== and Basic dXNlcjpwYXNz'), 'got Bearer … and Basic …');
  });
});
